"""Aggregations of the extracted tables for the notebooks: DataFrames in, DataFrames out.

They are pure and small so that what a report shows is what the tests test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "actor_article_matrix",
    "actor_counts",
    "companions",
    "cooccurrence",
    "filter_articles",
    "filter_mentions",
    "mentions_by_month",
    "mentions_by_source",
    "profile_tables",
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


def actor_article_matrix(mentions: pd.DataFrame, *, top_n: int = 20, max_articles: int = 40) -> pd.DataFrame:
    """Mentions of the top actors (rows, by name) in each article (columns, by id).

    A corpus has thousands of articles and a column per article would draw nothing readable:
    only the ``max_articles`` articles with most mentions of those actors are kept (in id
    order), and ``matrix.attrs["left_out"]`` says how many articles were left out.
    """
    top = _top_ids(mentions, top_n)
    subset = mentions[mentions["actor_id"].isin(top)]
    per_article = subset.groupby("article_id").size().rename("mentions").reset_index()
    kept = per_article.sort_values(["mentions", "article_id"], ascending=[False, True])["article_id"].head(max_articles)
    shown = subset[subset["article_id"].isin(kept)]
    matrix = pd.crosstab(shown["actor_name"], shown["article_id"])
    matrix = matrix.reindex(actor_counts(subset)["actor_name"].tolist(), fill_value=0)
    matrix.attrs["left_out"] = len(per_article) - len(kept)
    return matrix


def _by_article_field(mentions, articles, field_name, top_n):
    """The mentions of the top actors, with a field of their article (looked up by id: a join
    on a text key costs several times more)."""
    top = _top_ids(mentions, top_n)
    subset = mentions.loc[mentions["actor_id"].isin(top), ["article_id", *_ACTOR]].reset_index(drop=True)
    field = articles.drop_duplicates("article_id").set_index("article_id")[field_name]
    return subset.assign(**{field_name: subset["article_id"].map(field)})


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
    return _sentence_pairs(mentions[mentions["actor_id"].isin(top)])


def companions(mentions: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The actors named in the same sentences as ``actor_id``: actor_name and the number of
    sentences shared, in the order of ``cooccurrence`` (most shared first)."""
    own = mentions.loc[mentions["actor_id"] == actor_id, ["article_id", "sentence"]].drop_duplicates()
    pairs = _sentence_pairs(mentions.merge(own, on=["article_id", "sentence"]))
    mine = pairs[(pairs["id_a"] == actor_id) | (pairs["id_b"] == actor_id)]
    return pd.DataFrame({
        "actor_name": mine["actor_b"].where(mine["id_a"] == actor_id, mine["actor_a"]).to_numpy(),
        "sentences": mine["sentences"].to_numpy(),
    })


def _sentence_pairs(mentions: pd.DataFrame) -> pd.DataFrame:
    """Every pair of actors (a < b by id) named in the same sentence, with the sentences they share."""
    columns = ["actor_a", "actor_b", "id_a", "id_b", "sentences"]
    names = mentions.drop_duplicates("actor_id", keep="last").set_index("actor_id")["actor_name"]
    keys = mentions[["article_id", "sentence", "actor_id"]].drop_duplicates()
    pairs = keys.merge(keys, on=["article_id", "sentence"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    if pairs.empty:
        return pd.DataFrame({column: pd.Series(dtype=int if column == "sentences" else object) for column in columns})
    counts = pairs.groupby(["actor_id_a", "actor_id_b"]).size().rename("sentences").reset_index()
    frame = pd.DataFrame({
        "actor_a": counts["actor_id_a"].map(names), "actor_b": counts["actor_id_b"].map(names),
        "id_a": counts["actor_id_a"], "id_b": counts["actor_id_b"], "sentences": counts["sentences"],
    })
    return frame.sort_values(
        ["sentences", "actor_a", "actor_b", "id_a", "id_b"], ascending=[False, True, True, True, True]
    ).reset_index(drop=True)


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


# --------------------------------------------------------------------------- timeline


def explode_event_actors(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, actor): the ``actor_ids``/``actor_names`` lists split apart."""
    if events.empty:
        return events.assign(actor_id=pd.Series(dtype=object), actor_name=pd.Series(dtype=object))
    frame = events.assign(
        actor_id=events["actor_ids"].astype(str).str.split(";"),
        actor_name=events["actor_names"].astype(str).str.split(";"),
    )
    return frame.explode(["actor_id", "actor_name"], ignore_index=True)


def filter_events(
    events: pd.DataFrame, *, date_from: str = "", date_to: str = "", actor: str = ""
) -> pd.DataFrame:
    """Events whose dates meet [date_from, date_to] (ISO, possibly partial) and, when ``actor``
    (an id) is given, that involve it. Sorted by date, then article and sentence."""
    result = events
    if date_from:
        result = result[result["date_end"].astype(str) >= _first_day(date_from)]
    if date_to:
        result = result[result["date_start"].astype(str) <= _last_day(date_to)]
    if actor:
        result = result[_involves(result, actor)]
    return result.sort_values(["date_start", "date_end", "article_id", "sentence"]).reset_index(drop=True)


def _first_day(partial: str) -> str:
    return {4: f"{partial}-01-01", 7: f"{partial}-01"}.get(len(partial), partial)


def _last_day(partial: str) -> str:
    if len(partial) == 4:
        return f"{partial}-12-31"
    if len(partial) == 7:
        return (pd.Period(partial, freq="M").end_time.date()).isoformat()
    return partial


_GRANULARITY = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def event_counts(events: pd.DataFrame, *, granularity: str = "month", top_n: int = 8) -> pd.DataFrame:
    """Events per period (rows, by the event's first day) for the actors with most events (columns)."""
    if granularity not in _GRANULARITY:
        raise ValueError(f"granularity must be one of {', '.join(_GRANULARITY)}")
    rows = explode_event_actors(events)
    if rows.empty:
        return pd.DataFrame()
    top = rows["actor_name"].value_counts().head(top_n).index.tolist()
    rows = rows[rows["actor_name"].isin(top)]
    periods = pd.to_datetime(rows["date_start"]).dt.to_period(_GRANULARITY[granularity])
    table = pd.crosstab(periods, rows["actor_name"])
    span = pd.period_range(table.index.min(), table.index.max(), freq=_GRANULARITY[granularity])
    # Empty periods show gaps honestly, unless the span is so long (1949 to 2024) that they
    # would bury the periods that have events.
    table = (table.reindex(span, fill_value=0) if len(span) <= 60 else table)[top]
    table.index = table.index.astype(str)
    return table


def timex_summary(timexes: pd.DataFrame) -> pd.DataFrame:
    """Temporal expressions by TIMEX3 type and by the granularity of their value."""
    if timexes.empty:
        return pd.DataFrame(columns=["type", "granularity", "expressions", "resolved", "example"])
    values = timexes["value"].astype(str)
    granularity = {value: value_granularity(value) for value in values.unique()}  # a few hundred values
    frame = timexes.assign(granularity=values.map(granularity),
                           resolved=timexes["date_start"].astype(str).ne(""))
    grouped = frame.groupby(["type", "granularity"]).agg(
        expressions=("value", "size"), resolved=("resolved", "sum"), example=("surface", "first"))
    return grouped.reset_index().sort_values("expressions", ascending=False).reset_index(drop=True)


def value_granularity(value: str) -> str:
    """What a TIMEX3 value pins down: day, week, month, season, quarter, year, decade, century,
    duration, reference (PRESENT_REF...) or underspecified (XXXX-...)."""
    import re

    if value.endswith("_REF"):
        return "reference"
    if value.startswith("P"):
        return "duration"
    if "X" in value:
        return "underspecified"
    patterns = [
        (r"\d{4}-\d{2}-\d{2}(T.*)?", "day"), (r"\d{4}-W\d{2}(-.*)?", "week"), (r"\d{4}-\d{2}", "month"),
        (r"\d{4}-(SP|SU|FA|WI)", "season"), (r"\d{4}-Q\d", "quarter"), (r"\d{4}(-H\d)?", "year"),
        (r"\d{3}", "decade"), (r"\d{2}", "century"),
    ]
    for pattern, name in patterns:
        if re.fullmatch(pattern, value):
            return name
    return "other"


def publication_window(articles: pd.DataFrame, *, before_months: int = 12, after_months: int = 3) -> tuple[str, str]:
    """The dates around the corpus' publication span (first day, last day): where most news events
    sit. ``("", "")`` when no article has a date."""
    dates = articles["published"].astype(str)
    dates = dates[dates.str.len() >= 4]
    if dates.empty:
        return "", ""
    first = pd.Period(_first_day(min(dates))[:7], freq="M") - before_months
    last = pd.Period(_first_day(max(dates))[:7], freq="M") + after_months
    return first.start_time.date().isoformat(), last.end_time.date().isoformat()


def events_outside(events: pd.DataFrame, window: tuple[str, str]) -> pd.DataFrame:
    """The events that lie wholly before or after ``window`` (none when the window is unknown)."""
    if not window[0]:
        return events.iloc[0:0]
    return events[(events["date_end"] < window[0]) | (events["date_start"] > window[1])]


# --------------------------------------------------------------------------- stance


def filter_stances(
    stances: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame, *, min_mentions: int = 1,
    date_from: str = "", date_to: str = "",
) -> pd.DataFrame:
    """Stances in articles published in the date range, between actors mentioned at least
    ``min_mentions`` times in those articles."""
    kept = set(filter_articles(articles, date_from=date_from, date_to=date_to)["article_id"])
    result = stances[stances["article_id"].isin(kept)]
    counts = mentions[mentions["article_id"].isin(kept)]["actor_id"].value_counts()
    frequent = set(counts[counts >= min_mentions].index)
    return result[result["holder_id"].isin(frequent) & result["target_id"].isin(frequent)]


def strongest_stances(stances: pd.DataFrame, *, n: int = 20, polarity: str = "") -> pd.DataFrame:
    """The ``n`` stances with the largest absolute score (optionally of one polarity), with evidence."""
    data = stances if not polarity else stances[stances["polarity"] == polarity]
    order = data["score"].abs().sort_values(ascending=False, kind="stable").index
    columns = ["holder_name", "target_name", "polarity", "score", "kind", "quad_class", "cue", "evidence", "article_id"]
    return data.loc[order, columns].head(n).reset_index(drop=True)


def stances_of(stances: pd.DataFrame, actor_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stances the actor takes, stances it receives), strongest first."""
    taken = stances[stances["holder_id"] == actor_id]
    received = stances[stances["target_id"] == actor_id]
    return strongest_stances(taken, n=len(taken)), strongest_stances(received, n=len(received))


# --------------------------------------------------------------------------- headline


def net_pairs(stances: pd.DataFrame) -> pd.DataFrame:
    """Net score per holder → target pair (sum of scores), with the number of stances."""
    if stances.empty:
        return pd.DataFrame(columns=["holder_name", "target_name", "score", "stances"])
    grouped = stances.groupby(["holder_name", "target_name"])["score"].agg(["sum", "size"]).reset_index()
    return grouped.rename(columns={"sum": "score", "size": "stances"})


def headline_figures(tables: dict[str, pd.DataFrame]) -> dict:
    """The figures the landing page leads with (plain values, JSON-friendly)."""
    articles, mentions = tables["articles"], tables["mentions"]
    stances, events = tables.get("stances", pd.DataFrame()), tables.get("events", pd.DataFrame())
    dates = sorted(d for d in articles["published"].astype(str) if d)
    pairs = net_pairs(stances)

    def pair(row) -> dict:
        return {"holder": row.holder_name, "target": row.target_name, "score": round(float(row.score), 2)}

    conflict = pairs.sort_values(["score", "holder_name"]).head(1)
    cooperation = pairs.sort_values(["score", "holder_name"], ascending=[False, True]).head(1)
    return {
        "articles": int(len(articles)),
        "sources": int(articles["source"].replace("", pd.NA).dropna().nunique()),
        "first": dates[0] if dates else "",
        "last": dates[-1] if dates else "",
        "mentions": int(len(mentions)),
        "actors": int(mentions["actor_id"].nunique()) if len(mentions) else 0,
        "stances": int(len(stances)),
        "events": int(len(events)),
        "conflict": pair(next(conflict.itertuples())) if len(conflict) and conflict["score"].iloc[0] < 0 else None,
        "cooperation": pair(next(cooperation.itertuples())) if len(cooperation) and cooperation["score"].iloc[0] > 0 else None,
    }


def profile_tables(tables: dict[str, pd.DataFrame], actor_ids: list[str]) -> dict[str, dict[str, pd.DataFrame]]:
    """For each actor, the rows of the tables that its profile reads, so that the profile reads
    a fraction of them: ``{actor_id: {table name: frame}}``.

    ``actor_profile`` (and the profile notebook) gives the same result from these as from the
    whole tables: the mentions of the sentences that name the actor (its own and those of the
    actors it appears with), the stances it takes or receives, the events that involve it, and
    the articles, actors, candidates and skipped inputs as they are. Timexes and tones, which a
    profile does not read, keep their columns and no row.
    """
    mentions = tables["mentions"]
    # A number per sentence: each actor's sentences are then picked out by comparing numbers.
    sentence = mentions.groupby(["article_id", "sentence"], sort=False).ngroup().to_numpy()
    result = {}
    for actor_id in actor_ids:
        own = (mentions["actor_id"] == actor_id).to_numpy(dtype=bool)
        cut = {"mentions": mentions[np.isin(sentence, sentence[own])]}
        if "stances" in tables:
            stances = tables["stances"]
            cut["stances"] = stances[(stances["holder_id"] == actor_id) | (stances["target_id"] == actor_id)]
        if "events" in tables:
            cut["events"] = tables["events"][_involves(tables["events"], actor_id)]
        for name in ("timexes", "tones"):
            if name in tables:
                cut[name] = tables[name].iloc[0:0]
        result[actor_id] = {**tables, **{name: frame.reset_index(drop=True) for name, frame in cut.items()}}
    return result


def _involves(events: pd.DataFrame, actor_id: str) -> pd.Series:
    """Whether each event names ``actor_id`` among its ``actor_ids`` (separated by ';')."""
    return (";" + events["actor_ids"].astype(str) + ";").str.contains(f";{actor_id};", regex=False)


def actor_profile(tables: dict[str, pd.DataFrame], actor_id: str) -> dict:
    """Everything an actor profile shows, from the extracted tables."""
    mentions, articles = tables["mentions"], tables["articles"]
    own = mentions[mentions["actor_id"] == actor_id]
    name = str(own["actor_name"].iloc[0]) if len(own) else actor_id
    stances = tables.get("stances", pd.DataFrame(columns=["holder_id", "target_id", "score", "polarity"]))
    # An empty table (an actor's own, or a corpus without stances) gives empty frames with the
    # columns of the full one.
    taken, received = stances_of(stances, actor_id) if "evidence" in stances.columns else (stances, stances)
    events = filter_events(tables["events"], actor=actor_id) if len(tables.get("events", [])) else tables.get("events")
    per_article = own.groupby("article_id").size().rename("mentions").reset_index()
    top_articles = per_article.merge(articles[["article_id", "title", "source", "published"]], on="article_id")
    top_articles = top_articles.sort_values(["mentions", "published"], ascending=[False, False]).reset_index(drop=True)
    kind = str(own["actor_type"].iloc[0]) if len(own) else ""
    affiliation = str(own["affiliation"].iloc[0]) if len(own) and "affiliation" in own else ""
    summary = (
        f"{name} ({actor_id}, {kind}{', speaks for ' + affiliation if affiliation else ''}): "
        f"{len(own)} mentions in {own['article_id'].nunique()} of {len(articles)} articles; "
        f"takes {len(taken)} stances, receives {len(received)}; {0 if events is None else len(events)} dated events"
    )
    return {"name": name, "summary": summary, "companions": companions(mentions, actor_id), "taken": taken,
            "received": received, "events": events, "articles": top_articles}
