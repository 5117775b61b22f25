"""The parts of the report that keep a large corpus fast: the actor profile's own tables, the
sentence pairs, the article matrix cut to its busiest articles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import aggregate
from analysis.corpus import load_corpus
from analysis.extract import extract_corpus, load_resources
from analysis.tables import COLUMNS, to_frame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_tables():
    return extract_corpus(load_corpus(SEEDS), load_resources([]))


def mention(article, sentence, actor_id, name):
    return {"article_id": article, "sentence": sentence, "actor_id": actor_id, "actor_name": name,
            "actor_type": "country", "affiliation": "", "method": "alias"}


MENTIONS = pd.DataFrame([
    mention("a", 0, "RUS", "Russia"), mention("a", 0, "PRK", "North Korea"), mention("a", 0, "RUS", "Russia"),
    mention("a", 1, "RUS", "Russia"), mention("a", 1, "CHN", "China"),
    mention("b", 0, "PRK", "North Korea"), mention("b", 0, "RUS", "Russia"), mention("b", 0, "CHN", "China"),
    mention("c", 0, "NATO", "NATO"),
])


def test_sentence_pairs_count_each_shared_sentence_once():
    pairs = aggregate.cooccurrence(MENTIONS)
    assert pairs[["id_a", "id_b", "sentences"]].values.tolist() == [
        ["CHN", "RUS", 2], ["PRK", "RUS", 2], ["CHN", "PRK", 1]]  # ties by name: China, North Korea
    assert pairs[["actor_a", "actor_b"]].values.tolist()[1] == ["North Korea", "Russia"]


def test_no_shared_sentence_gives_no_pair():
    pairs = aggregate.cooccurrence(MENTIONS[MENTIONS["article_id"] == "c"])
    assert pairs.empty and list(pairs.columns) == ["actor_a", "actor_b", "id_a", "id_b", "sentences"]


@pytest.mark.parametrize("actor_id, expected", [
    ("RUS", [["China", 2], ["North Korea", 2]]),
    ("CHN", [["Russia", 2], ["North Korea", 1]]),
    ("NATO", []),  # named alone
    ("XXX", []),  # not named at all
])
def test_companions_are_the_actors_of_the_same_sentences(actor_id, expected):
    assert aggregate.companions(MENTIONS, actor_id).values.tolist() == expected


def test_article_matrix_keeps_the_busiest_articles_and_counts_the_rest():
    matrix = aggregate.actor_article_matrix(MENTIONS, top_n=3, max_articles=1)
    assert matrix.columns.tolist() == ["a"]  # 5 mentions of the top 3 actors; b has 3
    assert matrix.index.tolist() == ["Russia", "China", "North Korea"]  # China and North Korea tie
    assert matrix.attrs["left_out"] == 1
    whole = aggregate.actor_article_matrix(MENTIONS, top_n=3)
    assert whole.columns.tolist() == ["a", "b"] and whole.attrs["left_out"] == 0


def test_article_matrix_of_no_mention_is_empty():
    matrix = aggregate.actor_article_matrix(MENTIONS.iloc[0:0])
    assert matrix.empty and matrix.attrs["left_out"] == 0


def _assert_same_profile(whole: dict, cut: dict) -> None:
    for key, value in whole.items():
        if isinstance(value, pd.DataFrame):
            assert_frame_equal(cut[key], value, obj=key)
        else:
            assert cut[key] == value, key


def test_a_profile_from_its_own_tables_is_the_profile_from_all_tables(seed_tables):
    ids = aggregate.actor_counts(seed_tables["mentions"])["actor_id"].tolist()
    by_actor = aggregate.profile_tables(seed_tables, ids)
    assert list(by_actor) == ids
    for actor_id, cut in by_actor.items():
        assert len(cut["mentions"]) < len(seed_tables["mentions"])
        _assert_same_profile(aggregate.actor_profile(seed_tables, actor_id), aggregate.actor_profile(cut, actor_id))
        own = lambda tables: tables["mentions"][tables["mentions"]["actor_id"] == actor_id]  # noqa: E731
        assert_frame_equal(aggregate.mentions_by_month(own(cut), cut["articles"], top_n=1),
                           aggregate.mentions_by_month(own(seed_tables), seed_tables["articles"], top_n=1))
        assert aggregate.resolve_actor(aggregate.actor_counts(cut["mentions"]), actor_id) == actor_id
    assert_frame_equal(by_actor["PRK"]["articles"], seed_tables["articles"])  # "in N of M articles"
    assert by_actor["PRK"]["timexes"].empty and list(by_actor["PRK"]["timexes"].columns) == COLUMNS["timexes"]


def test_an_actor_without_stances_or_events_gets_empty_ones(seed_tables):
    quiet = next(actor_id for actor_id in aggregate.actor_counts(seed_tables["mentions"])["actor_id"]
                 if not (seed_tables["stances"][["holder_id", "target_id"]] == actor_id).any(axis=None))
    cut = aggregate.profile_tables(seed_tables, [quiet])[quiet]
    assert cut["stances"].empty and list(cut["stances"].columns) == list(seed_tables["stances"].columns)
    _assert_same_profile(aggregate.actor_profile(seed_tables, quiet), aggregate.actor_profile(cut, quiet))


def test_profile_tables_of_empty_tables_are_empty():
    empty = {name: to_frame(name, []) for name in COLUMNS}
    cut = aggregate.profile_tables(empty, ["PRK"])["PRK"]
    for name in COLUMNS:
        assert cut[name].empty and list(cut[name].columns) == COLUMNS[name], name
    assert aggregate.profile_tables(empty, []) == {}


@pytest.mark.parametrize("actor, kept", [("PRK", [0, 2]), ("RUS", [0]), ("P", []), ("", [0, 1, 2])])
def test_filter_events_matches_whole_ids(actor, kept):
    events = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence": [0, 1, 0],
                           "date_start": ["2024-01-01", "2024-02-01", "2024-03-01"],
                           "date_end": ["2024-01-01", "2024-02-01", "2024-03-01"],
                           "actor_ids": ["PRK;RUS", "CHN", "PRK"]})
    assert aggregate.filter_events(events, actor=actor)["sentence"].tolist() == [events["sentence"][i] for i in kept]
