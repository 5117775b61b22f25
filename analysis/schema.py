"""The columns of the tables of DESIGN.md, in contract order.

A module of its own, with no dependencies, so that extraction (which writes the CSV files
itself) starts without importing pandas and pyarrow.
"""

from __future__ import annotations

__all__ = ["CANDIDATE_MENTION_COLUMNS", "COLUMNS"]

# Column order is part of the contract: other tools read these files. New columns go at the end.
COLUMNS: dict[str, list[str]] = {
    "articles": [
        "article_id", "title", "source", "url", "published", "language", "n_chars", "sha256",
        "path", "encoding", "warnings",
    ],
    "skipped": ["path", "reason"],
    "mentions": [
        "article_id", "sentence", "start", "end", "surface", "actor_id", "actor_name", "actor_type",
        "method", "affiliation",
    ],
    "stances": [
        "article_id", "sentence", "holder_id", "holder_name", "target_id", "target_name", "polarity",
        "score", "cue", "evidence", "kind", "quad_class", "quote",
    ],
    "tones": ["article_id", "sentence", "tone"],
    "timexes": [
        "article_id", "sentence", "start", "end", "surface", "type", "value", "date_start", "date_end", "mod",
    ],
    "events": [
        "article_id", "sentence", "date_start", "date_end", "actor_ids", "text", "value", "timex", "actor_names",
    ],
    "actors": ["id", "name", "type", "affiliation", "sector", "aliases"],
    "candidates": ["candidate", "label", "count", "articles", "example", "method"],
}

# Not a table of its own: one row per name the dictionary does not know, per sentence; the
# rows behind ``candidates`` (counted across the corpus), kept per article by the cache.
CANDIDATE_MENTION_COLUMNS: list[str] = ["article_id", "sentence", "surface", "label", "method", "example"]
