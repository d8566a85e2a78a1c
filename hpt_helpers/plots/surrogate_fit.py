"""What the surrogate learned, step by step: the GP's length scales and noise over a search.

At every step Bayesian search refits its Gaussian process and learns one length scale
per hyperparameter (how far apart two settings must be before their scores stop moving
together; in fractions of the search range) and the noise of the evaluations. A long
length scale means the objective barely changes along that hyperparameter -- it hardly
matters; a short one means it matters a lot. Watching them settle as evaluations come in
shows when the surrogate can be trusted.

:func:`surrogate_history` reads the hyperparameters a search stored at each fit
(``result.theta_history``, no refitting); :func:`plot_surrogate_fit` draws them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import OKABE_ITO, series_style

__all__ = ["surrogate_history", "plot_surrogate_fit"]


def _settings_and_values(source):
    if hasattr(source, "optimizer_settings"):  # SearchResult
        if source.optimizer_settings is None:
            raise ValueError(f"source must come from a Bayesian search; this one comes from "
                             f"method={source.method!r}")
        return (source.space, source.optimizer_settings, source.theta_history,
                np.asarray(source.values, dtype=float))
    if hasattr(source, "theta_history") and hasattr(source, "get_settings"):  # optimizer
        return (source.space, source.get_settings(), source.theta_history,
                np.asarray(source.values_told, dtype=float))
    raise TypeError(f"source must be a SearchResult of bayesian_search or a "
                    f"BayesianOptimizer; got {type(source).__name__}")


def surrogate_history(source) -> dict:
    """The surrogate's hyperparameters after each fit of a Bayesian search.

    Parameters
    ----------
    source : SearchResult or BayesianOptimizer
        A ``bayesian_search`` result, or an optimizer that has been told observations.

    Returns
    -------
    dict
        ``n`` (evaluations seen at each fit, increasing), ``length_scales`` (array
        ``(n_fits, n_columns)`` in unit-cube units: fractions of each hyperparameter's
        range, of its log range for log dimensions; NaN columns when fixed),
        ``amplitude`` (the kernel's standard deviation, objective units), ``noise_sd``
        (the learned noise's standard deviation, objective units), ``names`` (one per
        unit-cube column) and ``fixed`` (which of length scale and noise were fixed).

    Examples
    --------
    >>> from hpt_helpers.search import bayesian_search
    >>> from hpt_helpers.testfunctions import FORRESTER
    >>> res = bayesian_search(FORRESTER.objective, FORRESTER.space, 6, n_initial_points=3,
    ...                       random_state=0)
    >>> h = surrogate_history(res)
    >>> h["n"].tolist(), h["length_scales"].shape
    ([3, 4, 5], (3, 1))
    """
    from hpt_helpers.surrogate import make_kernel

    space, settings, thetas, values = _settings_and_values(source)
    n_cols = space.n_dims
    noise, length_scale = settings.get("noise", "learned"), settings.get("length_scale",
                                                                         "learned")
    names = _column_names(space)
    ns, scales, amps, noises = [], [], [], []
    for n in sorted(thetas):
        seen = values[:n]
        seen = seen[np.isfinite(seen)]
        y_std = float(np.std(seen)) if seen.size > 1 and np.std(seen) > 0 else 1.0
        kernel = make_kernel(n_cols, noise=noise, length_scale=length_scale,
                             y_var=y_std ** 2)
        theta = np.asarray(thetas[n], dtype=float)
        if len(theta) != len(kernel.theta):
            continue
        params = kernel.clone_with_theta(theta).get_params()
        ls = np.atleast_1d(params["k1__k2__length_scale"]).astype(float)
        ls = np.broadcast_to(ls, (n_cols,)) if ls.size == 1 else ls
        ns.append(int(n))
        scales.append(ls)
        amps.append(np.sqrt(float(params["k1__k1__constant_value"])) * y_std)
        noises.append(np.sqrt(float(params["k2__noise_level"])) * y_std)
    if not ns:
        raise ValueError("source holds no surrogate fit yet (tell it some observations, or "
                         "run a search past its initial design)")
    return {"n": np.array(ns), "length_scales": np.vstack(scales),
            "amplitude": np.array(amps), "noise_sd": np.array(noises), "names": names,
            "fixed": {"length_scale": length_scale != "learned", "noise": noise != "learned"}}


def _column_names(space) -> list[str]:
    names = []
    for name in space.names:
        dim = space[name]
        options = getattr(dim, "options", None)
        if options is not None:
            names += [f"{name}={o}" for o in options]
        else:
            names.append(name + (" (log)" if getattr(dim, "log", False) else ""))
    return names


def plot_surrogate_fit(source, *, fig=None):
    """Draw the surrogate's length scales and noise against the number of evaluations.

    Parameters
    ----------
    source : SearchResult or BayesianOptimizer, or a dict from :func:`surrogate_history`
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
        Left (``fig.axes[0]``): one line per hyperparameter (``gid`` ``"length-scale:<name>"``),
        log scale. Right (``fig.axes[1]``): the learned noise standard deviation
        (``"noise"``) next to the kernel's amplitude (``"amplitude"``), log scale.

    Examples
    --------
    >>> h = {"n": np.array([3, 4]), "length_scales": np.array([[0.3], [0.2]]),
    ...      "amplitude": np.array([1.0, 1.1]), "noise_sd": np.array([0.01, 0.02]),
    ...      "names": ["x"], "fixed": {"length_scale": False, "noise": False}}
    >>> fig = plot_surrogate_fit(h)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [0.3, 0.2]
    >>> plt.close(fig)
    """
    h = source if isinstance(source, dict) else surrogate_history(source)
    if fig is None:
        fig = plt.figure(figsize=(10.0, 3.8), layout="constrained")
    ax_ls, ax_noise = fig.subplots(1, 2, sharex=True) if not fig.axes else fig.axes[:2]
    n = h["n"]
    for j, name in enumerate(h["names"]):
        style = series_style(j)
        ax_ls.plot(n, h["length_scales"][:, j], color=style["color"],
                   linestyle=style["linestyle"], marker=style["marker"], markersize=4,
                   label=name, gid=f"length-scale:{name}")
    ax_ls.set_yscale("log")
    ax_ls.set_xlabel("evaluations seen by the surrogate")
    ax_ls.set_ylabel("length scale (fraction of the range)")
    ax_ls.set_title("fixed length scale" if h["fixed"]["length_scale"] else
                    "learned length scales: short = the hyperparameter matters")
    ax_ls.legend(loc="best", fontsize="small")
    ax_noise.plot(n, h["noise_sd"], color=OKABE_ITO["vermillion"], linestyle="-",
                  marker="o", markersize=4, label="noise sd" + (" (fixed)" if
                                                                h["fixed"]["noise"] else ""),
                  gid="noise")
    ax_noise.plot(n, h["amplitude"], color=OKABE_ITO["blue"], linestyle="--", marker="s",
                  markersize=4, label="signal sd (amplitude)", gid="amplitude")
    ax_noise.set_yscale("log")
    ax_noise.set_xlabel("evaluations seen by the surrogate")
    ax_noise.set_ylabel("standard deviation (objective units)")
    ax_noise.set_title("learned noise against the signal")
    ax_noise.legend(loc="best", fontsize="small")
    return fig
