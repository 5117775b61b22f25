"""Corpus at a glance: aggregations of the articles and skipped tables (pure, DataFrame in/out)."""

from __future__ import annotations

import pandas as pd

__all__ = [
    "articles_by_language",
    "articles_by_month",
    "articles_by_source",
    "length_summary",
    "warnings_table",
]

UNKNOWN = "(unknown)"


def articles_by_source(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles and characters per source, most prolific first."""
    frame = articles.assign(source=articles["source"].replace("", UNKNOWN))
    grouped = frame.groupby("source", sort=False).agg(
        articles=("article_id", "size"), characters=("n_chars", "sum")
    )
    return grouped.sort_values(["articles", "characters"], ascending=False).reset_index()


def publication_month(published: str) -> str:
    """The month of a (possibly partial) ISO date: "2024-11-14" -> "2024-11"; "2024" -> ""."""
    return published[:7] if len(published) >= 7 else ""


def articles_by_month(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per publication month, every month of the span included (zeros shown).

    Articles whose date is missing or known only to the year are counted in a separate row,
    so nothing disappears from the total.
    """
    months = articles["published"].map(publication_month)
    known = months[months != ""]
    rows = []
    if not known.empty:
        span = pd.period_range(min(known), max(known), freq="M")
        counts = known.value_counts()
        rows = [{"month": str(p), "articles": int(counts.get(str(p), 0))} for p in span]
    missing = int((months == "").sum())
    if missing:
        rows.append({"month": "month unknown", "articles": missing})
    return pd.DataFrame(rows, columns=["month", "articles"])


def articles_by_language(articles: pd.DataFrame) -> pd.DataFrame:
    languages = articles["language"].replace("", UNKNOWN)
    counts = languages.value_counts()
    return pd.DataFrame({"language": counts.index, "articles": counts.to_numpy()})


def length_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Length in characters: count, min, median, mean, max."""
    lengths = articles["n_chars"].astype(int)
    return pd.DataFrame(
        [{
            "articles": len(lengths),
            "min": int(lengths.min()) if len(lengths) else 0,
            "median": float(lengths.median()) if len(lengths) else 0.0,
            "mean": round(float(lengths.mean()), 1) if len(lengths) else 0.0,
            "max": int(lengths.max()) if len(lengths) else 0,
            "total": int(lengths.sum()),
        }]
    )


def warnings_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per warning recorded while loading an article."""
    rows = [
        {"article_id": row.article_id, "path": row.path, "warning": warning}
        for row in articles.itertuples(index=False)
        for warning in str(row.warnings).split(" | ")
        if warning
    ]
    return pd.DataFrame(rows, columns=["article_id", "path", "warning"])
