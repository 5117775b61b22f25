"""A cache of extraction outputs, keyed by article content and resource versions.

One SQLite file (standard library, safe under interruption, one writer). A key is a hash of the
article's text and metadata and of the code and data that made the value; a value is compressed
with Zstandard (news rows compress about fourfold, and decompress at several hundred MB/s).
Two kinds of entries:

- each step's rows (actors, timeline, stance), so that a changed lexicon invalidates the
  stance step only and an analyst who adds 10 articles to 10,000 pays for 10. They are plain
  data (dicts, lists, strings, numbers, None), serialised with the standard library's
  ``marshal``: about four times faster to write than JSON, which cost the workers a tenth of
  their time, and read back exactly as written (tuples stay tuples). Its format belongs to the
  interpreter, so the table's name carries its version; unlike ``pickle``, reading it calls
  no code;
- each article's finished table rows as CSV (UTF-8 bytes), so that a re-run over an unchanged corpus
  copies text instead of rebuilding rows.
"""

from __future__ import annotations

import marshal
import sqlite3
from pathlib import Path

import zstandard

__all__ = ["StepCache", "encode_parts", "encode_value"]

# The table's name carries the format of its values: a change of format starts a new table
# instead of misreading the old one.
_TABLE = f"steps_zstd_marshal{marshal.version}"
_TEXTS = "parts_zstd"
_COMPRESS = zstandard.ZstdCompressor(level=1).compress


# Values are encoded apart from the cache, so that the workers of a process pool encode what they
# computed (serialising and compressing: most of the cost of storing) and send bytes back, rather than
# rows for the one writing process to encode.
def encode_value(value) -> bytes:
    """A step's output as stored: marshalled, compressed."""
    return _COMPRESS(marshal.dumps(value))


def encode_parts(parts: list[bytes]) -> bytes:
    """Several byte strings as stored: a line of their lengths, then the bytes (nothing to
    parse on the way back), compressed."""
    return _COMPRESS(b" ".join(b"%d" % len(p) for p in parts) + b"\n" + b"".join(parts))


class StepCache:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        for table in (_TABLE, _TEXTS):
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        # Steps stored in a format this version no longer reads would only take up room
        for (stale,) in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'steps_zstd_%' AND name != ?",
                (_TABLE,)).fetchall():
            self._db.execute(f'DROP TABLE "{stale}"')
        self._db.commit()
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
        return None if row is None else marshal.loads(self._decompress(row[0]))

    def put(self, key: str, value) -> None:
        self.put_encoded(key, encode_value(value))

    def put_encoded(self, key: str, data: bytes) -> None:
        """Store a value already encoded by ``encode_value``."""
        self._insert(_TABLE, key, data)

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
        """Store several byte strings under one key."""
        self.put_encoded_parts(key, encode_parts(parts))

    def put_encoded_parts(self, key: str, data: bytes) -> None:
        """Store byte strings already encoded by ``encode_parts``."""
        self._insert(_TEXTS, key, data)

    def _insert(self, table: str, key: str, data: bytes) -> None:
        self._db.execute(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", (key, data))
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
