"""Plot helpers: the pure choices behind what a figure shows."""

from __future__ import annotations

import pytest

from analysis.plots import left_out_note, outside_window_note, spaced_labels


@pytest.mark.parametrize(
    "xs, lanes, min_gap, limit, expected",
    [
        ([0, 1, 2, 10], [0, 0, 0, 0], 5, 40, [0, 3]),          # a crowd gets one label
        ([0, 1, 2, 10], [0, 1, 0, 1], 5, 40, [0, 1, 3]),       # lanes are apart: each has its own
        ([10, 0, 5], [0, 0, 0], 5, 40, [1, 2, 0]),             # left to right, whatever the input order
        ([0, 10, 20, 30], [0, 0, 0, 0], 5, 2, [0, 1]),         # at most ``limit``
        ([], [], 5, 40, []),
        ([3, 3, 3], [0, 0, 0], 0, 40, [0, 1, 2]),              # no gap asked: every point
    ],
)
def test_spaced_labels(xs, lanes, min_gap, limit, expected):
    assert spaced_labels(xs, lanes, min_gap=min_gap, limit=limit) == expected


def test_left_out_note():
    assert left_out_note(10, 60) == ""
    assert left_out_note(75, 60, "actors") == "15 more actors not shown (75 in all)."


def test_outside_window_note_counts_in_the_singular_and_the_plural():
    import pandas as pd

    assert outside_window_note(pd.DataFrame({"value": []})) == ""
    assert outside_window_note(pd.DataFrame({"value": ["1949"]})) == (
        "1 event lies outside this window (e.g. 1949); the overview below shows them all")
    assert outside_window_note(pd.DataFrame({"value": ["1949", "1991"]})).startswith(
        "2 events lie outside this window (e.g. 1949)")
