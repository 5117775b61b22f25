"""A cache of extraction outputs, keyed by article content and resource versions.

One SQLite file (standard library, safe under interruption, one writer). A key is a hash of the
article's text and metadata and of the code and data that made the value; a value is compressed
with Zstandard (news rows compress about fourfold, and decompress at several hundred MB/s).
Two kinds of entries:

- each step's rows (actors, timeline, stance), so that a changed lexicon invalidates the
  stance step only and an analyst who adds 10 articles to 10,000 pays for 10;
- each article's finished table rows as CSV (UTF-8 bytes), so that a re-run over an unchanged corpus
  copies text instead of rebuilding rows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import zstandard

__all__ = ["StepCache"]

# The table's name carries the format of its values: a change of format starts a new table
# instead of misreading the old one.
_TABLE = "steps_zstd_json"
_TEXTS = "parts_zstd"


class StepCache:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        for table in (_TABLE, _TEXTS):
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self._compress = zstandard.ZstdCompressor(level=1).compress
        self._decompress = zstandard.ZstdDecompressor().decompress
        self.hits = 0  # steps reused
        self.misses = 0  # steps computed
        self._pending = 0

    def get(self, key: str, *, count: bool = True):
        """The value stored under ``key``, or None; ``count`` tallies it as a step hit or miss."""
        row = self._db.execute(f"SELECT value FROM {_TABLE} WHERE key = ?", (key,)).fetchone()
        if count:
            self.hits += row is not None
            self.misses += row is None
        return None if row is None else json.loads(self._decompress(row[0]))

    def put(self, key: str, value) -> None:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._db.execute(f"INSERT OR REPLACE INTO {_TABLE} (key, value) VALUES (?, ?)", (key, self._compress(data)))
        self._pending += 1
        if self._pending >= 500:
            self.commit()

    def get_parts(self, key: str) -> list[bytes] | None:
        """The byte strings stored under ``key`` by ``put_parts``, or None."""
        row = self._db.execute(f"SELECT value FROM {_TEXTS} WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        data = self._decompress(row[0])
        header, _, body = data.partition(b"\n")
        parts, at = [], 0
        for length in map(int, header.split()):
            parts.append(body[at:at + length])
            at += length
        return parts

    def put_parts(self, key: str, parts: list[bytes]) -> None:
        """Store several byte strings under one key: a line of their lengths, then the bytes
        (nothing to parse on the way back)."""
        data = b" ".join(b"%d" % len(p) for p in parts) + b"\n" + b"".join(parts)
        self._db.execute(f"INSERT OR REPLACE INTO {_TEXTS} (key, value) VALUES (?, ?)", (key, self._compress(data)))
        self._pending += 1
        if self._pending >= 500:
            self.commit()

    def commit(self) -> None:
        self._db.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __len__(self) -> int:
        return sum(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in (_TABLE, _TEXTS))
