"""Plot helpers for the notebooks: each takes a tidy DataFrame and returns the matplotlib Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

__all__ = ["bar", "barh", "histogram"]


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def barh(frame: pd.DataFrame, label: str, value: str, *, title: str = "", xlabel: str = "",
         ax=None, max_rows: int = 30, color: str = "#3b6ea5"):
    """A ranked horizontal bar chart, largest at the top."""
    data = frame.head(max_rows).iloc[::-1]
    ax = _axes(ax, (7, max(1.6, 0.32 * len(data) + 0.8)))
    ax.barh(data[label].astype(str), data[value], color=color)
    ax.set_title(title)
    ax.set_xlabel(xlabel or value)
    ax.spines[["top", "right"]].set_visible(False)
    for y, v in enumerate(data[value]):
        ax.annotate(f"{v:g}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    return ax


def bar(frame: pd.DataFrame, label: str, value: str, *, title: str = "", ylabel: str = "",
        ax=None, color: str = "#3b6ea5"):
    """A vertical bar chart in the frame's order (time on the x axis)."""
    ax = _axes(ax, (max(4, 0.45 * len(frame) + 2), 3))
    ax.bar(frame[label].astype(str), frame[value], color=color)
    ax.set_title(title)
    ax.set_ylabel(ylabel or value)
    ax.spines[["top", "right"]].set_visible(False)
    if len(frame) > 6:
        ax.tick_params(axis="x", labelrotation=60)
    return ax


def histogram(values: pd.Series, *, title: str = "", xlabel: str = "", bins: int = 20, ax=None):
    ax = _axes(ax, (6, 3))
    ax.hist(values.astype(float), bins=min(bins, max(1, values.nunique())), color="#3b6ea5")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("articles")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
