"""The worker-timeline plot: one lane per worker, one bar per evaluation, bad input."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from hpt_helpers.plots.timeline import plot_worker_timeline  # noqa: E402


def test_bars_sit_in_their_worker_lane_from_start_to_end():
    spans = [(101, 0.0, 0.3), (202, 0.0, 0.5), (101, 0.35, 0.9)]
    ax = plot_worker_timeline(spans, title="async", end=2.0)
    lanes = [round(p.get_y() + p.get_height() / 2) for p in ax.patches]
    assert lanes == [0, 1, 0]
    assert [(p.get_x(), round(p.get_x() + p.get_width(), 9)) for p in ax.patches] == [
        (0.0, 0.3), (0.0, 0.5), (0.35, 0.9)]
    assert ax.get_xlim()[1] == pytest.approx(2.02) and ax.get_title() == "async"
    plt.close(ax.figure)


def test_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_worker_timeline([("w", 0.0, 1.0)], ax=ax) is ax
    plt.close(fig)


@pytest.mark.parametrize("spans, match", [
    ([], "at least one"),
    ([("w", 0.0, 1.0, 2.0)], r"spans\[0\] must be \(worker, start, end\) or"),
    ([("w", 1.0, 0.5)], r"spans\[0\] must have finite start <= end"),
])
def test_bad_spans_are_refused(spans, match):
    with pytest.raises(ValueError, match=match):
        plot_worker_timeline(spans)


def test_unlabelled_spans_are_packed_into_as_few_lanes_as_run_at_once():
    # two at a time, run by ever-new threads: two lanes, each span in a free lane
    spans = [(0.0, 0.5), (0.0, 0.3), (0.6, 0.9), (0.6, 1.0), (1.1, 1.2)]
    ax = plot_worker_timeline(spans)
    lanes = [round(p.get_y() + p.get_height() / 2) for p in ax.patches]
    assert lanes == [0, 1, 0, 1, 0]
    assert len(ax.get_yticks()) == 2
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0] != colours[2] and colours[1] != colours[3]  # alternate along a lane
    plt.close(ax.figure)
