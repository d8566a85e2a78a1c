"""The regularization explorer of lesson 03: alpha and penalty -> polynomial fit and bars.

The data are real: body-mass index (kg/m^2) against disease progression one year later,
from scikit-learn's diabetes set. A few patients are the training set, the rest the
validation set, and a degree-12 polynomial of BMI is fitted with a Ridge, Lasso or
elastic-net penalty. With a weak penalty the curve chases the training points and swings
wildly where they are sparse; with a strong one it flattens to the mean.
"""

from __future__ import annotations

import warnings

import ipywidgets as widgets
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from hpt_helpers.plots.regularization import plot_coefficient_bars, plot_polynomial_fit
from hpt_helpers.plots.style import COLORS
from hpt_helpers.validation import check_int, check_number, check_one_of, check_random_state
from hpt_helpers.widgets.live import Explorer

__all__ = ["PENALTIES", "bmi_curve_data", "polynomial_model", "regularization_explorer"]

PENALTIES = ("ridge", "lasso", "elastic net")


def polynomial_model(penalty: str = "ridge", alpha: float = 1.0, *, degree: int = 12,
                     l1_ratio: float = 0.5, max_iter: int = 20_000) -> Pipeline:
    """A penalised polynomial regression of one feature, as a scikit-learn Pipeline.

    The steps are: expand x to ``x, x**2, ..., x**degree``, standardise those columns
    (so one alpha treats every power alike), then fit ``Ridge``, ``Lasso`` or
    ``ElasticNet`` with scikit-learn's own meaning of ``alpha``. For a positive feature
    such as BMI (18 to 42 kg/m^2) the powers are strongly correlated with each other.

    Parameters
    ----------
    penalty : {"ridge", "lasso", "elastic net"}
    alpha : float
        Penalty strength, > 0.
    degree : int
        Highest power of x, >= 1.
    l1_ratio : float
        Share of the L1 term for ``"elastic net"`` (ignored otherwise).
    max_iter : int
        Coordinate-descent iterations for Lasso and elastic net.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; its last step is the penalised linear model.

    Examples
    --------
    >>> x = np.linspace(-1, 1, 30)[:, None]
    >>> model = polynomial_model("lasso", 0.05, degree=5).fit(x, 2 * x.ravel())
    >>> int((model[-1].coef_ != 0).sum()) < 5
    True
    """
    check_one_of("penalty", penalty, PENALTIES)
    alpha = check_number("alpha", alpha, low=0, low_inclusive=False)
    degree = check_int("degree", degree, low=1)
    l1_ratio = check_number("l1_ratio", l1_ratio, low=0, high=1)
    max_iter = check_int("max_iter", max_iter, low=1)
    if penalty == "ridge":
        model = Ridge(alpha=alpha)
    elif penalty == "lasso":
        model = Lasso(alpha=alpha, max_iter=max_iter)
    else:
        model = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, max_iter=max_iter)
    return make_pipeline(PolynomialFeatures(degree, include_bias=False), StandardScaler(),
                         model)


def bmi_curve_data(n_train: int = 40, random_state=0) -> dict:
    """BMI against disease progression (diabetes data), split into few training points.

    Parameters
    ----------
    n_train : int
        Number of patients drawn at random as the training set (the other patients of
        the 442 are the validation set).
    random_state : int or numpy Generator
        Seed of the draw.

    Returns
    -------
    dict
        ``x_train, y_train, x_val, y_val`` (1-D arrays: BMI in kg/m^2 and the disease
        progression score).

    Examples
    --------
    >>> d = bmi_curve_data(40, random_state=0)
    >>> d["x_train"].shape, d["x_val"].shape
    ((40,), (402,))
    """
    X, y = load_diabetes(return_X_y=True, scaled=False)
    n_train = check_int("n_train", n_train, low=5, high=len(y) - 5)
    rng = check_random_state("random_state", random_state)
    order = rng.permutation(len(y))
    train, val = order[:n_train], order[n_train:]
    x = X[:, 2]
    return {"x_train": x[train], "y_train": y[train], "x_val": x[val], "y_val": y[val]}


def _fit(penalty, alpha, degree, data):
    model = polynomial_model(penalty, alpha, degree=degree)
    with warnings.catch_warnings():
        # At tiny alpha coordinate descent stops at max_iter: the fit is still shown.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(data["x_train"][:, None], data["y_train"])
    return model


def regularization_explorer(*, alpha: float = 1e-3, penalty: str = "ridge",
                            degree: int = 12, n_train: int = 40, random_state=0) -> Explorer:
    """Explore how alpha and the penalty change a degree-12 polynomial fit.

    Controls: ``alpha`` (a log-scale slider from 1e-4 to 1e4, the first control) and
    ``penalty`` (ridge, lasso, elastic net with ``l1_ratio=0.5``). Left panel: training
    and validation patients and the fitted curve; right panel: the polynomial's
    coefficients as bars on a symmetric-log axis (exact zeros hollow). A read-out under
    the controls gives the setting, training and validation R^2 and the number of
    non-zero coefficients. A step redraws only the curve and the bars over a cached
    picture of the rest, and a picture once sent is kept for when the setting returns.

    Parameters
    ----------
    alpha : float
        Initial alpha, between 1e-4 and 1e4.
    penalty : {"ridge", "lasso", "elastic net"}
        Initial penalty.
    degree : int
        Highest power of BMI in the polynomial.
    n_train : int
        Training patients; see :func:`bmi_curve_data`.
    random_state : int
        Seed of the training draw.

    Returns
    -------
    Explorer
        Display it as the last expression of a cell. ``explorer.state`` holds the
        latest fitted ``model``, the ``curve`` on the grid, the ``train_r2`` and
        ``val_r2`` scores and ``n_nonzero``.

    Examples
    --------
    >>> ex = regularization_explorer(alpha=1e-3)
    >>> ex.controls["alpha"].value = 1e3
    >>> ex.state["n_nonzero"], ex.state["train_r2"] < 0.35
    (12, True)
    """
    alpha = check_number("alpha", alpha, low=1e-4, high=1e4)
    check_one_of("penalty", penalty, PENALTIES)
    degree = check_int("degree", degree, low=1, high=20)
    data = bmi_curve_data(n_train, random_state)
    x_all = np.r_[data["x_train"], data["x_val"]]
    y_all = np.r_[data["y_train"], data["y_val"]]
    grid = np.linspace(x_all.min(), x_all.max(), 300)
    span = y_all.max() - y_all.min()
    ylim = (y_all.min() - 0.15 * span, y_all.max() + 0.15 * span)

    # Fixed bar limits: the weakest penalty gives the largest coefficients.
    biggest = max(float(np.abs(_fit(p, 1e-4, degree, data)[-1].coef_).max()) for p in PENALTIES)

    from hpt_helpers.widgets.blit_figure import BlitFigure

    # Only the curve, the bars and two read-out lines change at a step: they are redrawn
    # over a cached picture of the rest, and every (alpha, penalty) picture already sent
    # is kept, so going back to one costs nothing.
    live = BlitFigure(1, 2, figsize=(9.5, 3.8), dpi=80,
                      gridspec_kw={"width_ratios": [1.4, 1]})
    ax_fit, ax_bars = live.axes
    plot_polynomial_fit(data["x_train"], data["y_train"], data["x_val"], data["y_val"],
                        grid, np.full_like(grid, np.nan), ax=ax_fit,
                        xlabel="BMI (kg/m²)", ylabel="disease progression", ylim=ylim)
    plot_coefficient_bars(np.zeros(degree), ax=ax_bars, limit=1.5 * biggest,
                          labels=[str(k) for k in range(1, degree + 1)])
    ax_bars.set_xlabel("power of BMI (standardised column)")
    curve = ax_fit.lines[0]
    bars = list(ax_bars.patches)
    ax_fit.set_title("the polynomial fitted to the training patients", fontsize=9)
    ax_bars.set_title("its coefficients (hollow = exactly zero)", fontsize=9)
    live.dynamic = [curve, *bars]
    readout = widgets.HTML()
    state: dict = {}

    fitted: dict = {}  # (alpha, penalty) -> state: a setting seen before is not refitted

    def update(alpha, penalty):
        key = (round(float(np.log10(alpha)), 6), penalty)
        if key not in fitted:
            model = _fit(penalty, alpha, degree, data)
            fitted[key] = dict(
                model=model,
                curve=model.predict(grid[:, None]),
                train_r2=float(model.score(data["x_train"][:, None], data["y_train"])),
                val_r2=float(model.score(data["x_val"][:, None], data["y_val"])),
                n_nonzero=int(np.count_nonzero(model[-1].coef_)),
            )
        state.update(fitted[key])
        coefs = state["model"][-1].coef_
        curve.set_ydata(state["curve"])
        for bar, c in zip(bars, coefs, strict=True):
            bar.set_height(c)
            bar.set_facecolor("none" if c == 0 else COLORS[0])
        live.cache_key = key
        readout.value = (f"<b>{penalty}, alpha = {alpha:.3g}</b> &nbsp; "
                         f"<b>train R²</b> {state['train_r2']:.3f} &nbsp; "
                         f"<b>validation R²</b> {state['val_r2']:.3f} &nbsp; "
                         f"<b>non-zero coefficients</b> {state['n_nonzero']} of {degree}"
                         f" &nbsp; <i>({len(data['x_train'])} training patients, "
                         f"{len(data['x_val'])} validation)</i>")

    controls = {
        "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-4, max=4, step=0.25,
                                        description="alpha", readout_format=".2g",
                                        continuous_update=True),
        "penalty": widgets.Dropdown(options=list(PENALTIES), value=penalty,
                                    description="penalty"),
    }
    explorer = Explorer(controls, update, live, extra=[readout], columns=2)
    explorer.state = state
    explorer.readout = readout
    return explorer
