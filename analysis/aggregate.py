"""Aggregations of the extracted tables for the notebooks: DataFrames in, DataFrames out.

They are pure and small so that what a report shows is what the tests test.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

__all__ = [
    "actor_article_matrix",
    "actor_counts",
    "cooccurrence",
    "filter_articles",
    "filter_mentions",
    "mentions_by_month",
    "mentions_by_source",
    "rollup_to_affiliation",
    "type_breakdown",
]

_ACTOR = ["actor_id", "actor_name", "actor_type"]


def filter_articles(articles: pd.DataFrame, *, date_from: str = "", date_to: str = "") -> pd.DataFrame:
    """Articles published within [date_from, date_to] (ISO, possibly partial, inclusive).

    A partial date is compared on the precision both sides share: "2024-08" is within
    date_from="2024-08-10" (it may be), and articles without a date are kept only when no
    range is asked for.
    """
    if not date_from and not date_to:
        return articles
    published = articles["published"].astype(str)

    def within(value: str) -> bool:
        if not value:
            return False
        if date_from and value < date_from[: len(value)]:
            return False
        if date_to and value[: len(date_to)] > date_to:
            return False
        return True

    return articles[published.map(within)]


def filter_mentions(
    mentions: pd.DataFrame, articles: pd.DataFrame, *, types: list[str] | tuple[str, ...] = (),
    date_from: str = "", date_to: str = "",
) -> pd.DataFrame:
    """Mentions of the given actor types in articles published within the date range."""
    kept = filter_articles(articles, date_from=date_from, date_to=date_to)["article_id"]
    result = mentions[mentions["article_id"].isin(set(kept))]
    if types:
        result = result[result["actor_type"].isin(list(types))]
    return result


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per actor, most mentioned first (ties by name)."""
    if mentions.empty:
        return pd.DataFrame(columns=[*_ACTOR, "mentions", "articles"])
    counts = mentions.groupby(_ACTOR).agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
    counts = counts.reset_index().sort_values(["mentions", "articles", "actor_name"], ascending=[False, False, True])
    return counts.reset_index(drop=True)


def rollup_to_affiliation(mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Mentions with each person replaced by the country or body they speak for.

    ``actors`` has columns id, name, type (see ``dictionary_frame``). People without an
    affiliation keep their own row, so no mention is lost.
    """
    lookup = actors.set_index("id")[["name", "type"]]
    rolled = mentions.copy()
    has = rolled["affiliation"].astype(str).ne("") & rolled["affiliation"].isin(lookup.index)
    target = rolled.loc[has, "affiliation"]
    rolled.loc[has, "actor_id"] = target
    rolled.loc[has, "actor_name"] = target.map(lookup["name"])
    rolled.loc[has, "actor_type"] = target.map(lookup["type"])
    return rolled


def type_breakdown(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and distinct actors per actor type and matching method."""
    if mentions.empty:
        return pd.DataFrame(columns=["actor_type", "method", "mentions", "actors"])
    grouped = mentions.groupby(["actor_type", "method"]).agg(
        mentions=("actor_id", "size"), actors=("actor_id", "nunique"))
    return grouped.reset_index().sort_values(["actor_type", "mentions"], ascending=[True, False]).reset_index(drop=True)


def _top_ids(mentions: pd.DataFrame, top_n: int) -> list[str]:
    return actor_counts(mentions)["actor_id"].head(top_n).tolist()


def actor_article_matrix(mentions: pd.DataFrame, *, top_n: int = 20) -> pd.DataFrame:
    """Mentions of the top actors (rows, by name) in each article (columns)."""
    top = _top_ids(mentions, top_n)
    subset = mentions[mentions["actor_id"].isin(top)]
    matrix = pd.crosstab(subset["actor_name"], subset["article_id"])
    order = actor_counts(subset)["actor_name"].tolist()
    return matrix.reindex(order)


def _by_article_field(mentions, articles, field_name, top_n):
    top = _top_ids(mentions, top_n)
    subset = mentions[mentions["actor_id"].isin(top)].merge(
        articles[["article_id", field_name]], on="article_id", how="left")
    return subset


def mentions_by_source(mentions: pd.DataFrame, articles: pd.DataFrame, *, top_n: int = 20) -> pd.DataFrame:
    """Mentions of the top actors (rows) per source (columns)."""
    subset = _by_article_field(mentions, articles, "source", top_n)
    subset["source"] = subset["source"].replace("", "(unknown)")
    matrix = pd.crosstab(subset["actor_name"], subset["source"])
    return matrix.reindex(actor_counts(subset)["actor_name"].tolist())


def mentions_by_month(mentions: pd.DataFrame, articles: pd.DataFrame, *, top_n: int = 10) -> pd.DataFrame:
    """Mentions of the top actors per publication month (rows: months in order, columns: actors).

    Articles dated only to the year (or not at all) have no month and are left out here.
    """
    subset = _by_article_field(mentions, articles, "published", top_n)
    subset["month"] = subset["published"].astype(str).str[:7]
    subset = subset[subset["month"].str.len() == 7]
    if subset.empty:
        return pd.DataFrame()
    table = pd.crosstab(subset["month"], subset["actor_name"])
    span = pd.period_range(table.index.min(), table.index.max(), freq="M").astype(str)
    order = actor_counts(subset)["actor_name"].tolist()
    return table.reindex(index=span, fill_value=0)[order]


def cooccurrence(mentions: pd.DataFrame, *, top_n: int = 20) -> pd.DataFrame:
    """Pairs of top actors mentioned in the same sentence: one row per pair with the count of
    sentences they share, most frequent first."""
    top = set(_top_ids(mentions, top_n))
    subset = mentions[mentions["actor_id"].isin(top)]
    names = dict(zip(subset["actor_id"], subset["actor_name"]))
    pairs: dict[tuple[str, str], int] = {}
    for _, group in subset.groupby(["article_id", "sentence"]):
        for a, b in combinations(sorted(set(group["actor_id"])), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    rows = [{"actor_a": names[a], "actor_b": names[b], "id_a": a, "id_b": b, "sentences": n}
            for (a, b), n in pairs.items()]
    frame = pd.DataFrame(rows, columns=["actor_a", "actor_b", "id_a", "id_b", "sentences"])
    return frame.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(drop=True)


def cooccurrence_matrix(pairs: pd.DataFrame) -> pd.DataFrame:
    """The symmetric actor × actor matrix of a ``cooccurrence`` table."""
    names = sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    matrix = pd.DataFrame(0, index=names, columns=names)
    for row in pairs.itertuples(index=False):
        matrix.loc[row.actor_a, row.actor_b] = row.sentences
        matrix.loc[row.actor_b, row.actor_a] = row.sentences
    return matrix


def resolve_actor(counts: pd.DataFrame, wanted: str) -> str | None:
    """The actor id meant by ``wanted`` (an id or a name, any case); the top actor when empty."""
    if counts.empty:
        return None
    if not wanted:
        return str(counts["actor_id"].iloc[0])
    key = wanted.strip().lower()
    for column in ("actor_id", "actor_name"):
        hits = counts[counts[column].astype(str).str.lower() == key]
        if not hits.empty:
            return str(hits["actor_id"].iloc[0])
    return None
