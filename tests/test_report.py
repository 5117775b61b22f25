"""`report`: notebooks run with papermill, render to offline HTML, and are listed in index.html."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.report import NotebookResult, render_index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "report", *args, "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = report(str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_one_html_per_notebook_and_an_index(seed_reports):
    assert (seed_reports / "index.html").exists()
    for notebook in NOTEBOOKS:
        assert (seed_reports / f"{notebook.stem}.html").exists()
        assert (seed_reports / "notebooks" / notebook.name).exists()  # kept for audit


def test_index_lists_every_report_with_run_metadata(seed_reports):
    index = (seed_reports / "index.html").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        assert f'href="{notebook.stem}.html"' in index
    run = json.loads((seed_reports / "run.json").read_text())
    assert run["n_articles"] == 2
    assert re.fullmatch(r"[0-9a-f]{64}", run["fingerprint"])
    assert run["fingerprint"] in index
    assert run["package_version"] in index
    assert "2 articles loaded" in index


def test_corpus_report_shows_the_seed_sources_and_dates(seed_reports):
    page = (seed_reports / "00_corpus.html").read_text(encoding="utf-8")
    for expected in ("Associated Press (Spanish translation)", "The Diplomat (Spanish translation)",
                     "2024-11-14", "2024-08", "README.md"):
        assert expected in page
    assert '<html lang="es">' in page
    assert "data:image/png;base64" in page  # figures are embedded
    assert "<h1" in page and "<table" in page  # sanitising keeps headings and tables
    assert ".dataframe tbody" not in page  # pandas' style blocks do not leak as text


def test_reports_are_offline_and_hide_code(seed_reports):
    for page in seed_reports.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", text), page.name
        assert "load_tables" not in text, f"{page.name} shows code"


def test_show_code_flag_includes_the_code(tmp_path):
    result = report(str(SEEDS), "--out", str(tmp_path), "--show-code", "--notebooks", str(ROOT / "notebooks"))
    assert result.returncode == 0, result.stderr
    assert "load_tables</span>" in (tmp_path / "00_corpus.html").read_text(encoding="utf-8")


def _notebook(path: Path, *sources: str) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}")]
    parameters = nbformat.v4.new_code_cell('corpus: str = ""\ntables: str = ""')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells.append(parameters)
    notebook.cells.extend(nbformat.v4.new_code_cell(s) for s in sources)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


def test_a_failing_notebook_does_not_stop_the_others(tmp_path):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    _notebook(notebooks / "01_broken.ipynb", "x = 1", "raise ValueError('boom in the data')")
    _notebook(notebooks / "02_fine.ipynb", "print('fine')")
    out = tmp_path / "out"
    result = report(str(SEEDS), "--out", str(out), "--notebooks", str(notebooks))
    assert result.returncode == 1
    assert "FAILED  01_broken at cell 4 (raise ValueError('boom in the data')): ValueError: boom in the data" in result.stdout
    assert "ok      02_fine" in result.stdout
    assert (out / "02_fine.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED at cell 4 (<code>raise ValueError(&#39;boom in the data&#39;)</code>): ValueError: boom in the data" in index


def test_missing_notebooks_folder_is_a_clear_error(tmp_path):
    result = report(str(SEEDS), "--out", str(tmp_path), "--notebooks", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "notebooks folder" in result.stderr and "does not exist" in result.stderr


def test_index_escapes_what_it_shows():
    meta = {
        "package_version": "1", "generated": "now", "n_articles": 1, "n_skipped": 0,
        "corpus": "<script>alert(1)</script>", "fingerprint": "f" * 64, "parameters": {},
        "versions": {"x": "<b>"},
    }
    page = render_index([NotebookResult(name="n", title="<img src=x onerror=alert(1)>", ok=False,
                                        error="<script>bad()</script>", html="n.html")], meta)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_hostile_corpus_text_does_not_execute(tmp_path):
    """Titles, sources and text with scripts and handlers reach the reports inert."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text(
        "id,file,title,source,url,published,language\n"
        'x1,a.txt,"<script>alert(1)</script>","<img src=x onerror=alert(2)>",javascript:alert(3),2024-08,es\n',
        encoding="utf-8",
    )
    (corpus / "a.txt").write_text(
        "Rusia y <script>alert(4)</script> la <img src=y onerror=alert(5)> OTAN. "
        '<a href="javascript:alert(6)">Pyongyang</a> respondió.', encoding="utf-8")
    out = tmp_path / "out"
    result = report(str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list(out.glob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert active_content(text) == [], page.name
        assert "alert(1)" in text or page.name != "00_corpus.html"  # shown, as text


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: script elements, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}=javascript:]")


def active_content(page: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(page)
    return parser.found
