"""A cache of extraction step outputs, keyed by article content and resource versions.

One SQLite file (standard library, safe under interruption, one writer): the key is a hash of
the article's text and metadata and of the code and data the step reads; the value is the step's
rows as JSON. An analyst who adds 10 articles to 10,000 pays for 10; a changed lexicon
invalidates the stance step only.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

__all__ = ["StepCache"]


class StepCache:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS steps (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.hits = 0
        self.misses = 0
        self._pending = 0

    def get(self, key: str):
        row = self._db.execute("SELECT value FROM steps WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(row[0])

    def put(self, key: str, value) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO steps (key, value) VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
        )
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
        return self._db.execute("SELECT COUNT(*) FROM steps").fetchone()[0]
