"""Aggregations behind the notebooks, on small literal tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import aggregate

ARTICLES = pd.DataFrame(
    {"article_id": ["a", "b", "c"], "source": ["EFE", "AP", ""], "published": ["2024-11-14", "2024-08", ""]}
)


def mention(article, sentence, actor_id, name, kind="country", affiliation="", method="alias"):
    return {"article_id": article, "sentence": sentence, "actor_id": actor_id, "actor_name": name,
            "actor_type": kind, "affiliation": affiliation, "method": method}


MENTIONS = pd.DataFrame([
    mention("a", 0, "RUS", "Russia"), mention("a", 0, "PRK", "North Korea"), mention("a", 1, "RUS", "Russia"),
    mention("a", 1, "vladimir-putin", "Vladimir Putin", "person", "RUS"),
    mention("b", 0, "PRK", "North Korea", method="metonym"), mention("b", 0, "RUS", "Russia"),
    mention("c", 0, "NATO", "NATO", "organization"),
])
ACTORS = pd.DataFrame({"id": ["RUS", "PRK", "NATO", "vladimir-putin"],
                       "name": ["Russia", "North Korea", "NATO", "Vladimir Putin"],
                       "type": ["country", "country", "organization", "person"]})


def test_actor_counts_rank_by_mentions_then_articles():
    counts = aggregate.actor_counts(MENTIONS)
    assert counts[["actor_id", "mentions", "articles"]].values.tolist() == [
        ["RUS", 3, 2], ["PRK", 2, 2], ["NATO", 1, 1], ["vladimir-putin", 1, 1]]


def test_rollup_counts_people_under_their_affiliation():
    rolled = aggregate.actor_counts(aggregate.rollup_to_affiliation(MENTIONS, ACTORS))
    assert rolled.set_index("actor_id")["mentions"].to_dict() == {"RUS": 4, "PRK": 2, "NATO": 1}


@pytest.mark.parametrize(
    "date_from, date_to, kept",
    [("", "", ["a", "b", "c"]), ("2024-09", "", ["a"]), ("", "2024-08-31", ["b"]),
     ("2024-08-10", "2024-08-20", ["b"]),  # a month-only date may fall in the range: kept
     ("2025", "", [])],
)
def test_filter_articles_by_partial_dates(date_from, date_to, kept):
    assert aggregate.filter_articles(ARTICLES, date_from=date_from, date_to=date_to)["article_id"].tolist() == kept


def test_filter_mentions_by_type_and_date():
    result = aggregate.filter_mentions(MENTIONS, ARTICLES, types=["country"], date_from="2024-09")
    assert sorted(set(result["actor_id"])) == ["PRK", "RUS"]
    assert set(result["article_id"]) == {"a"}


def test_cooccurrence_counts_shared_sentences():
    pairs = aggregate.cooccurrence(MENTIONS)
    assert pairs[["id_a", "id_b", "sentences"]].values.tolist()[0] == ["PRK", "RUS", 2]
    matrix = aggregate.cooccurrence_matrix(pairs)
    assert matrix.loc["Russia", "North Korea"] == matrix.loc["North Korea", "Russia"] == 2


def test_mentions_by_month_fills_gaps_and_skips_undated():
    table = aggregate.mentions_by_month(MENTIONS, ARTICLES)
    assert table.index.tolist() == ["2024-08", "2024-09", "2024-10", "2024-11"]
    assert table.loc["2024-09"].sum() == 0
    assert "NATO" not in table.columns  # article c has no date


def test_resolve_actor_by_id_or_name():
    counts = aggregate.actor_counts(MENTIONS)
    assert aggregate.resolve_actor(counts, "") == "RUS"
    assert aggregate.resolve_actor(counts, "north korea") == "PRK"
    assert aggregate.resolve_actor(counts, "PRK") == "PRK"
    assert aggregate.resolve_actor(counts, "Atlantis") is None


EVENTS = pd.DataFrame([
    {"article_id": "a", "sentence": 1, "date_start": "2024-11-14", "date_end": "2024-11-14",
     "actor_ids": "RUS;PRK", "actor_names": "Russia;North Korea", "value": "2024-11-14", "timex": "el jueves", "text": "x"},
    {"article_id": "b", "sentence": 0, "date_start": "1949-01-01", "date_end": "1949-12-31",
     "actor_ids": "PRK", "actor_names": "North Korea", "value": "1949", "timex": "1949", "text": "y"},
])


def test_filter_events_by_date_and_actor():
    assert aggregate.filter_events(EVENTS)["value"].tolist() == ["1949", "2024-11-14"]
    assert aggregate.filter_events(EVENTS, date_from="2024")["value"].tolist() == ["2024-11-14"]
    assert aggregate.filter_events(EVENTS, date_to="1949-06")["value"].tolist() == ["1949"]
    assert aggregate.filter_events(EVENTS, actor="RUS")["value"].tolist() == ["2024-11-14"]


def test_event_counts_by_granularity():
    table = aggregate.event_counts(EVENTS, granularity="year")
    assert table.loc["1949", "North Korea"] == 1 and table.loc["2024", "Russia"] == 1
    with pytest.raises(ValueError, match="granularity must be one of"):
        aggregate.event_counts(EVENTS, granularity="fortnight")


@pytest.mark.parametrize(
    "value, granularity",
    [("2024-11-14", "day"), ("2024-W45", "week"), ("2024-08", "month"), ("2023-FA", "season"),
     ("2024-Q1", "quarter"), ("1949", "year"), ("199", "decade"), ("19", "century"), ("P3Y", "duration"),
     ("PRESENT_REF", "reference"), ("XXXX-WXX-4", "underspecified")],
)
def test_value_granularity(value, granularity):
    assert aggregate.value_granularity(value) == granularity


def test_events_outside_the_window():
    events = pd.DataFrame({"date_start": ["1949-01-01", "2024-11-11", "2026-01-01"],
                           "date_end": ["1949-12-31", "2024-11-11", "2026-01-31"],
                           "value": ["1949", "2024-11-11", "2026-01"]})
    outside = aggregate.events_outside(events, ("2024-01-01", "2025-02-28"))
    assert list(outside["value"]) == ["1949", "2026-01"]
    assert aggregate.events_outside(events, ("", "")).empty  # no dated article: no window


def test_publication_window():
    assert aggregate.publication_window(ARTICLES, before_months=1, after_months=1) == ("2024-07-01", "2024-12-31")
    assert aggregate.publication_window(ARTICLES.assign(published="")) == ("", "")


@pytest.mark.parametrize("total, shown, what, note", [
    (10, 60, "rows", ""), (60, 60, "rows", ""),
    (61, 60, "rows", "1 more rows not shown (61 in all)."),
    (10000, 60, "articles", "9,940 more articles not shown (10,000 in all)."),
])
def test_left_out_note(total, shown, what, note):
    from analysis.plots import left_out_note

    assert left_out_note(total, shown, what) == note


def test_show_table_shows_the_head_and_says_what_is_left_out(capsys):
    from analysis.plots import show_table

    show_table(pd.DataFrame({"n": range(5)}), max_rows=2, what="events")
    out = capsys.readouterr().out
    assert "3 more events not shown (5 in all)." in out and "4" not in out.split("3 more")[0].split()[-3:]
    show_table(pd.DataFrame({"n": range(2)}), max_rows=2)
    assert "not shown" not in capsys.readouterr().out
