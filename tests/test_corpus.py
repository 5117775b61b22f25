"""Corpus loading: formats, metadata, and every kind of bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    decode_bytes,
    detect_language,
    load_corpus,
    parse_published,
    split_front_matter,
)
from analysis.exceptions import CorpusError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SPANISH = "El presidente dijo que la reunión de los ministros de la OTAN se celebrará en Bruselas."
ENGLISH = "The president said that the meeting of the NATO ministers will be held in Brussels."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


# ----------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-11-14", "2024-11-14"),
        ("2024-08", "2024-08"),
        ("2024-8", "2024-08"),
        ("2024", "2024"),
        ("2024-11-14T10:30:00Z", "2024-11-14"),
        ("2024-11-14 10:30", "2024-11-14"),
        ("14 Nov 2024", "2024-11-14"),
        ("14/11/2024", "2024-11-14"),  # day first, as Spanish and European sources write it
        ("August 2024", "2024-08"),
        ("", ""),
        (None, ""),
        ("nan", ""),
    ],
)
def test_parse_published_keeps_precision(raw, expected):
    assert parse_published(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["yesterday-ish", "2024-13-45", "31/02/2024", "no date", "Monday"])
def test_parse_published_bad_dates_give_a_warning(raw):
    value, warning = parse_published(raw)
    assert value == ""
    assert raw in warning


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("Pekín y Moscú".encode("utf-8"), "Pekín y Moscú", "utf-8"),
        ("\ufeffPekín".encode("utf-8"), "Pekín", "utf-8-sig"),
        ("Pekín y Moscú".encode("latin-1"), "Pekín y Moscú", "cp1252"),
        ("“Señal” – Moscú".encode("cp1252"), "“Señal” – Moscú", "cp1252"),
        ("Pekín".encode("utf-16"), "Pekín", "utf-16"),
        (b"\x81\x8d\x8f", "\x81\x8d\x8f", "latin-1"),  # undefined in cp1252: latin-1 never fails
    ],
)
def test_decode_bytes(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    "text, language",
    [
        (SPANISH, "es"),
        (ENGLISH, "en"),
        ("Le président a dit que la réunion des ministres de l'OTAN aura lieu à Bruxelles.", "fr"),
        ("OTAN", ""),
        ("", ""),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_front_matter_is_read_and_removed():
    meta, body, warning = split_front_matter("---\ntitle: Hola\npublished: 2024-08\n---\nTexto.\n")
    assert meta == {"title": "Hola", "published": "2024-08"}
    assert body == "Texto.\n"
    assert warning is None


def test_bad_front_matter_is_kept_as_text_with_a_warning():
    text = "---\ntitle: [unclosed\n---\nTexto.\n"
    meta, body, warning = split_front_matter(text)
    assert meta == {} and body == text
    assert "not valid YAML" in warning


# ----------------------------------------------------------------------------- the seeds


def test_seeds_load_with_their_metadata():
    corpus = load_corpus(SEEDS)
    by_id = {a.article_id: a for a in corpus.articles}
    assert set(by_id) == {"nato-eu-china-north-korea-2024-11-14", "diplomat-north-korea-russia-2024-08"}
    nato = by_id["nato-eu-china-north-korea-2024-11-14"]
    assert nato.published == "2024-11-14"
    assert nato.source == "Associated Press (Spanish translation)"
    assert nato.language == "es" and nato.warnings == ()
    assert nato.text.startswith("Se han enviado hasta 12.000 soldados norcoreanos")
    assert by_id["diplomat-north-korea-russia-2024-08"].published == "2024-08"
    # The README beside the articles is accounted for, not loaded and not lost.
    assert reasons(corpus) == {"README.md": "documentation file, not listed in metadata.csv"}


def test_seed_texts_are_byte_identical_to_the_files():
    corpus = load_corpus(SEEDS)
    for article in corpus.articles:
        assert article.text == (SEEDS / article.path).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- folders


def test_folder_without_metadata_uses_file_stems_and_detects_language(tmp_path):
    write(tmp_path, "uno.txt", SPANISH)
    write(tmp_path, "sub/two.md", ENGLISH)
    corpus = load_corpus(tmp_path)
    assert {(a.article_id, a.language) for a in corpus.articles} == {("uno", "es"), ("two", "en")}
    assert corpus.skipped == []


def test_front_matter_supplies_metadata(tmp_path):
    write(tmp_path, "a.md", f"---\nid: a-1\ntitle: Título\nsource: EFE\npublished: 2023-05\n---\n{SPANISH}")
    (article,) = load_corpus(tmp_path).articles
    assert (article.article_id, article.title, article.source, article.published) == ("a-1", "Título", "EFE", "2023-05")
    assert article.text == SPANISH


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_files_are_decoded_and_flagged(tmp_path, encoding):
    write(tmp_path, "a.txt", (SPANISH + " “Año”").encode("cp1252") if encoding == "cp1252" else SPANISH.encode(encoding))
    (article,) = load_corpus(tmp_path).articles
    assert "reunión" in article.text
    assert any("not UTF-8" in w for w in article.warnings)


def test_empty_files_are_skipped(tmp_path):
    write(tmp_path, "a.txt", SPANISH)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\n ")
    write(tmp_path, "only-front.md", "---\ntitle: x\n---\n")
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["a"]
    assert set(reasons(corpus)) == {"empty.txt", "blank.txt", "only-front.md"}
    assert all(r.startswith("empty file") for r in reasons(corpus).values())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_files_are_skipped(tmp_path):
    path = write(tmp_path, "secret.txt", SPANISH)
    write(tmp_path, "ok.txt", ENGLISH)
    path.chmod(0)
    try:
        corpus = load_corpus(tmp_path)
    finally:
        path.chmod(0o644)
    assert reasons(corpus)["secret.txt"].startswith("unreadable")


def test_dangling_links_are_skipped_as_unreadable(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    write(tmp_path, "ok.txt", SPANISH)
    corpus = load_corpus(tmp_path)
    assert reasons(corpus) == {"gone.txt": "unreadable: No such file or directory"}


def test_a_folder_named_like_an_article_is_skipped(tmp_path):
    (tmp_path / "weird.txt").mkdir()
    write(tmp_path, "ok.txt", SPANISH)
    corpus = load_corpus(tmp_path)
    assert reasons(corpus) == {"weird.txt": "is a folder, not a file"}


def test_duplicate_texts_are_skipped_naming_the_first(tmp_path):
    write(tmp_path, "a.txt", SPANISH)
    write(tmp_path, "b.txt", SPANISH)
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["a"]
    assert reasons(corpus) == {"b.txt": "same text as article 'a' (a.txt)"}


def test_duplicate_ids_are_skipped_naming_the_first(tmp_path):
    write(tmp_path, "x/nota.txt", SPANISH)
    write(tmp_path, "y/nota.txt", ENGLISH)
    corpus = load_corpus(tmp_path)
    assert len(corpus.articles) == 1
    assert "duplicate id 'nota'" in reasons(corpus)["y/nota.txt"]


METADATA = "id,file,title,source,url,published,language\n"


def test_metadata_rows_pointing_at_missing_files_are_listed(tmp_path):
    write(tmp_path, "metadata.csv", METADATA + "a,a.txt,A,EFE,,2024-01-02,es\nb,missing.txt,B,EFE,,2024,es\n")
    write(tmp_path, "a.txt", SPANISH)
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["a"]
    assert reasons(corpus) == {"missing.txt": "listed in metadata.csv line 3 but the file does not exist"}


def test_files_without_a_metadata_row_are_loaded_with_a_warning(tmp_path):
    write(tmp_path, "metadata.csv", METADATA + "a,a.txt,A,EFE,,2024-01-02,es\n")
    write(tmp_path, "a.txt", SPANISH)
    write(tmp_path, "extra.txt", ENGLISH)
    corpus = load_corpus(tmp_path)
    extra = next(a for a in corpus.articles if a.article_id == "extra")
    assert extra.warnings == ("no row in metadata.csv; id taken from the file name",)
    assert extra.language == "en"


def test_bad_dates_in_metadata_load_with_a_warning(tmp_path):
    write(tmp_path, "metadata.csv", METADATA + "a,a.txt,A,EFE,,el martes,es\n")
    write(tmp_path, "a.txt", SPANISH)
    (article,) = load_corpus(tmp_path).articles
    assert article.published == ""
    assert any("'el martes' does not parse" in w for w in article.warnings)


def test_metadata_ids_are_kept_as_text(tmp_path):
    write(tmp_path, "metadata.csv", METADATA + "010,a.txt,A,EFE,,2024,es\n")
    write(tmp_path, "a.txt", SPANISH)
    assert load_corpus(tmp_path).articles[0].article_id == "010"


def test_metadata_without_a_file_column_is_an_error(tmp_path):
    write(tmp_path, "metadata.csv", "id,title\n1,x\n")
    write(tmp_path, "a.txt", SPANISH)
    with pytest.raises(CorpusError, match="no 'file' column"):
        load_corpus(tmp_path)


# ----------------------------------------------------------------------------- table files


def test_csv_corpus(tmp_path):
    path = write(
        tmp_path, "c.csv",
        'id,title,published,text\n7,Uno,2024-08,"' + SPANISH + '"\n8,Dos,2024-13,"' + ENGLISH + '"\n9,Tres,,""\n',
    )
    corpus = load_corpus(path)
    assert [(a.article_id, a.published, a.language) for a in corpus.articles] == [
        ("7", "2024-08", "es"), ("8", "", "en")]
    assert any("2024-13" in w for w in corpus.articles[1].warnings)
    assert reasons(corpus) == {"c.csv:4": "no text"}


def test_csv_without_text_column_is_an_error(tmp_path):
    path = write(tmp_path, "c.csv", "id,body\n1,hola\n")
    with pytest.raises(CorpusError, match="no 'text' column"):
        load_corpus(path)


def test_jsonl_corpus_with_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": SPANISH, "published": "2024-11-14"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "b", "text": None}),
        "",
        json.dumps({"text": ENGLISH}),
    ]
    corpus = load_corpus(write(tmp_path, "c.jsonl", "\n".join(lines)))
    assert [a.article_id for a in corpus.articles] == ["a", "c.jsonl-6"]
    assert reasons(corpus) == {
        "c.jsonl:2": "not valid JSON (Expecting property name enclosed in double quotes)",
        "c.jsonl:3": "not a JSON object",
        "c.jsonl:4": "no 'text' string field",
    }


# ----------------------------------------------------------------------------- whole-corpus errors


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_unsupported_file_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="is not a corpus"):
        load_corpus(write(tmp_path, "x.pdf", b"%PDF"))


# ----------------------------------------------------------------------------- never crashes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["a.txt", "b.md", "c.csv", "d.jsonl"]), data=st.binary(max_size=400))
def test_loader_never_crashes_on_arbitrary_bytes(tmp_path_factory, name, data):
    folder = tmp_path_factory.mktemp("fuzz")
    path = write(folder, name, data)
    for target in (folder, path):
        try:
            corpus = load_corpus(target)
        except CorpusError:
            continue  # a clear, expected refusal (e.g. a .csv without a text column)
        for article in corpus.articles:
            assert article.text.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), meta=st.text(max_size=80))
def test_loader_never_crashes_on_arbitrary_text_and_metadata(tmp_path_factory, text, meta):
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder, "a.txt", text)
    write(folder, "metadata.csv", f"id,file,published,language\n{meta},a.txt,{meta},{meta}\n")
    try:
        corpus = load_corpus(folder)
    except CorpusError:
        return
    assert len(corpus.articles) + len(corpus.skipped) >= 1
