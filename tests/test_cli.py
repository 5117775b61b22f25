"""The command line: exit codes, messages and the files it writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_extract_writes_articles_and_skipped(tmp_path):
    result = run("extract", str(SEEDS), "--out", str(tmp_path), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "2 articles loaded" in result.stdout
    articles = pd.read_csv(tmp_path / "articles.csv", dtype=str, keep_default_na=False)
    assert list(articles.columns[:8]) == [
        "article_id", "title", "source", "url", "published", "language", "n_chars", "sha256"]
    assert sorted(articles["published"]) == ["2024-08", "2024-11-14"]
    skipped = pd.read_csv(tmp_path / "skipped.csv", dtype=str)
    assert list(skipped["path"]) == ["README.md"]


@pytest.mark.parametrize("command", ["extract", "report"])
def test_missing_corpus_exits_non_zero_with_one_line(tmp_path, command):
    result = run(command, str(tmp_path / "nope"), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: corpus path '{tmp_path / 'nope'}' does not exist"]


def test_corpus_without_articles_exits_non_zero_with_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("extract", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: no article could be loaded from '{tmp_path}'")
    assert "empty.txt: empty file" in line


def test_missing_subcommand_is_a_usage_error():
    result = run()
    assert result.returncode == 2
    assert "usage:" in result.stderr
