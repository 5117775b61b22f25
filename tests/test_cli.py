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


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_a_bad_number_of_jobs_is_refused_with_the_choices(tmp_path, jobs):
    result = run("extract", str(SEEDS), "--out", str(tmp_path), "--quiet", "--jobs", jobs)
    assert result.returncode == 2
    assert f"'{jobs}' is not a number of processes: give 1, 2, ... or auto" in result.stderr


def test_jobs_auto_is_accepted(tmp_path):
    result = run("extract", str(SEEDS), "--out", str(tmp_path), "--quiet", "--jobs", "auto")
    assert result.returncode == 0, result.stderr
    assert "2 articles loaded" in result.stdout


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


def test_extract_writes_mentions_and_candidates(tmp_path):
    result = run("extract", str(SEEDS), "--out", str(tmp_path), "--quiet")
    assert result.returncode == 0, result.stderr
    mentions = pd.read_csv(tmp_path / "mentions.csv", dtype=str, keep_default_na=False)
    assert list(mentions.columns[:9]) == [
        "article_id", "sentence", "start", "end", "surface", "actor_id", "actor_name", "actor_type", "method"]
    texts = {p.name: (SEEDS / p.name).read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    articles = pd.read_csv(tmp_path / "articles.csv", dtype=str, keep_default_na=False)
    path_of = dict(zip(articles["article_id"], articles["path"]))
    for row in mentions.itertuples():
        assert texts[path_of[row.article_id]][int(row.start):int(row.end)] == row.surface
    assert {"Mark Rutte", "North Korea", "NATO", "Vladimir Putin"} <= set(mentions["actor_name"])
    candidates = pd.read_csv(tmp_path / "candidates.csv", dtype=str, keep_default_na=False)
    assert list(candidates.columns) == ["candidate", "label", "count", "articles", "example", "method"]
    assert "Kursk" in set(candidates["candidate"])


def test_user_dictionary_on_the_command_line(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("actors:\n  - {id: KURSK, name: Kursk, type: country, aliases: {es: [Kursk]}}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("extract", str(SEEDS), "--out", str(out), "--quiet", "--actors", str(user))
    assert result.returncode == 0, result.stderr
    mentions = pd.read_csv(out / "mentions.csv", dtype=str)
    assert "KURSK" in set(mentions["actor_id"]) and "RUS" in set(mentions["actor_id"])
    result = run("extract", str(SEEDS), "--out", str(out), "--quiet", "--actors", str(user), "--replace-actors")
    assert set(pd.read_csv(out / "mentions.csv", dtype=str)["actor_id"]) == {"KURSK"}


def test_a_bad_user_dictionary_is_one_clear_line(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("actors:\n  - {id: X, name: X, type: planet, aliases: {es: [Equis]}}\n", encoding="utf-8")
    result = run("extract", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet", "--actors", str(user))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {user}:2: actor 'X': type 'planet'")
