"""Plot helpers for the notebooks: each takes a tidy DataFrame and returns the matplotlib Axes;
and ``show_table``, which shows the head of a long table and says how much is left out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

__all__ = ["bar", "barh", "heatmap", "histogram", "left_out_note", "lines", "show_table", "stacked_barh", "timeline"]


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
        ax.annotate(f"{v:.3g}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
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


def heatmap(matrix: pd.DataFrame, *, title: str = "", cmap: str = "Blues", ax=None, annotate: bool = True,
            center_zero: bool = False, max_label: int = 28):
    """A labelled heatmap of a small matrix (rows and columns as in the frame)."""
    rows, cols = matrix.shape
    ax = _axes(ax, (min(14, 2.5 + 0.45 * cols), min(14, 1.5 + 0.35 * rows)))
    values = matrix.to_numpy(dtype=float)
    if center_zero:
        limit = max(abs(values).max() if values.size else 1.0, 1e-9)
        image = ax.imshow(values, cmap=cmap, vmin=-limit, vmax=limit, aspect="auto")
    else:
        image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(cols), [_short(c, max_label) for c in matrix.columns], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(rows), [_short(r, max_label) for r in matrix.index], fontsize=8)
    ax.set_title(title)
    if annotate and rows * cols <= 400:
        for i in range(rows):
            for j in range(cols):
                if values[i, j]:
                    ax.text(j, i, f"{values[i, j]:g}", ha="center", va="center", fontsize=7,
                            color="white" if abs(values[i, j]) > 0.6 * abs(values).max() else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.6)
    return ax


def lines(frame: pd.DataFrame, *, title: str = "", ylabel: str = "", ax=None):
    """One line per column over the frame's index (time), markers on every point."""
    ax = _axes(ax, (8, 3.5))
    for column in frame.columns:
        ax.plot([str(i) for i in frame.index], frame[column], marker="o", label=str(column))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if len(frame.index) > 6:
        ax.tick_params(axis="x", labelrotation=60)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def stacked_barh(matrix: pd.DataFrame, *, title: str = "", xlabel: str = "", ax=None):
    """Horizontal bars (rows) stacked by column, first row on top."""
    data = matrix.iloc[::-1]
    ax = _axes(ax, (7, max(1.6, 0.4 * len(data) + 1)))
    left = None
    for column in data.columns:
        ax.barh([str(i) for i in data.index], data[column], left=left, label=str(column))
        left = data[column] if left is None else left + data[column]
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return ax


def _short(label, limit: int) -> str:
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline(events: pd.DataFrame, *, lanes: list[str], title: str = "", max_labels: int = 40, ax=None,
             window: tuple[str, str] = ("", "")):
    """Events on a time axis, one lane per actor: a dot for a day, a bar for a longer period
    (a week, a month, a season), labelled with the expression that dates it.

    ``events`` needs date_start, date_end, actor_name (one row per event and actor, see
    ``aggregate.explode_event_actors``) and a ``label`` column.
    """
    import matplotlib.dates as mdates

    data = events[events["actor_name"].isin(lanes)]
    if window[0]:
        data = data[(data["date_end"].astype(str) >= window[0]) & (data["date_start"].astype(str) <= window[1])]
    # One label per lane and expression: the same "el jueves" ten times says nothing more.
    data = data.drop_duplicates(["actor_name", "date_start", "date_end", "label"])
    ax = _axes(ax, (10, max(2.2, 0.55 * len(lanes) + 1.2)))
    position = {name: i for i, name in enumerate(reversed(lanes))}
    starts = pd.to_datetime(data["date_start"])
    ends = pd.to_datetime(data["date_end"]) + pd.Timedelta(days=1)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ys = data["actor_name"].map(position)
    longer = (ends - starts).dt.days > 1
    # One artist per lane and shape, not one per event: a large corpus has tens of thousands.
    for name in lanes:
        y = position[name]
        color = colors[y % len(colors)]
        in_lane = (ys == y).to_numpy()
        bars, dots = in_lane & longer.to_numpy(), in_lane & ~longer.to_numpy()
        if bars.any():
            ax.hlines(ys[bars], starts[bars], ends[bars], linewidth=6, alpha=0.45, color=color, capstyle="butt")
        if dots.any():
            ax.plot(starts[dots], ys[dots], "o", color=color)
    x = mdates.date2num(starts)
    span = float(x.max() - x.min()) if len(x) else 0.0
    # A label is about an eighth of the axis wide: closer ones in a lane would print on top of
    # each other where many events share the days before publication.
    for i in spaced_labels(x, ys.to_numpy(), min_gap=span / 8, limit=max_labels):
        ax.annotate(_short(data["label"].iloc[i], 22), (starts.iloc[i], ys.iloc[i]), xytext=(0, 7),
                    textcoords="offset points", fontsize=7, rotation=20, ha="left")
    ax.set_yticks(range(len(lanes)), list(reversed(lanes)))
    ax.set_ylim(-0.7, len(lanes) - 0.2)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def spaced_labels(xs, lanes, *, min_gap: float, limit: int) -> list[int]:
    """The points to label, as indices: in each lane, from left to right, a point at least
    ``min_gap`` after the last one labelled in that lane; at most ``limit`` in all, earliest
    first."""
    last: dict = {}
    chosen = []
    for i in sorted(range(len(xs)), key=lambda i: (xs[i], lanes[i])):
        lane = lanes[i]
        if lane in last and xs[i] - last[lane] < min_gap:
            continue
        last[lane] = xs[i]
        chosen.append(i)
        if len(chosen) == limit:
            break
    return chosen


def outside_window_note(outside: pd.DataFrame) -> str:
    """The line under a timeline cut to its window: how many events it leaves out, with one
    example ("" when none is left out)."""
    if outside.empty:
        return ""
    n = len(outside)
    verb = "event lies" if n == 1 else "events lie"
    return (f"{n} {verb} outside this window (e.g. {outside['value'].iloc[0]}); "
            "the overview below shows them all")


def left_out_note(total: int, shown: int, what: str = "rows") -> str:
    """The line under a table cut to its first ``shown`` rows ("" when nothing is left out)."""
    if total <= shown:
        return ""
    return f"{total - shown:,} more {what} not shown ({total:,} in all)."


def show_table(frame: pd.DataFrame, *, max_rows: int = 60, what: str = "rows") -> None:
    """Display the first ``max_rows`` rows of a table, then how many were left out: a report
    of a large corpus stays readable, and no row disappears without a word."""
    from IPython.display import display

    display(frame.head(max_rows))
    if note := left_out_note(len(frame), max_rows, what):
        print(note)
