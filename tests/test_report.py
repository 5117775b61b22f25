"""`report`: notebooks run with papermill, render to offline HTML, and are listed in index.html."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.report import KernelPool, NotebookResult, profile_filename, render_html, render_index, run_notebook

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "report", *args, "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )


TOP_ACTORS = 3
ANALYSES = [n for n in NOTEBOOKS if n.stem != "10_actor_profile"]


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = report(str(SEEDS), "--out", str(out), "--top-actors", str(TOP_ACTORS))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_one_html_per_notebook_and_an_index(seed_reports):
    assert (seed_reports / "index.html").exists()
    for notebook in ANALYSES:
        assert (seed_reports / f"{notebook.stem}.html").exists()
        assert (seed_reports / "notebooks" / notebook.name).exists()  # kept for audit


def test_profiles_of_the_top_actors_are_rendered_and_linked(seed_reports):
    profiles = sorted(p.name for p in (seed_reports / "actors").glob("*.html"))
    assert profiles == ["CHN.html", "PRK.html", "RUS.html"]
    index = (seed_reports / "index.html").read_text(encoding="utf-8")
    actors_page = (seed_reports / "01_actors.html").read_text(encoding="utf-8")
    for name in profiles:
        assert f'href="actors/{name}"' in index
        assert f'href="actors/{name}"' in actors_page
    profile = (seed_reports / "actors" / "PRK.html").read_text(encoding="utf-8")
    assert "<title>North Korea: actor profile</title>" in profile
    assert 'href="../index.html"' in profile
    assert "Agradecimiento" in profile  # Putin's thanks, a stance North Korea receives, with evidence


def test_index_leads_with_the_headline_figures(seed_reports):
    index = (seed_reports / "index.html").read_text(encoding="utf-8")
    assert "2 articles from 2 sources, published 2024-08 to 2024-11-14" in index
    assert "strongest conflict" in index and "strongest cooperation" in index
    assert index.count("data:image/png;base64") == len(ANALYSES)  # a picture per report
    run = json.loads((seed_reports / "run.json").read_text())
    assert set(run["resources"]) == {"actor dictionary", "stance lexicon", "temporal vocabulary"}
    for digest in run["resources"].values():
        assert digest in index


def test_every_page_has_the_same_header(seed_reports):
    run = json.loads((seed_reports / "run.json").read_text())
    for page in [*seed_reports.glob("*.html"), *seed_reports.glob("actors/*.html")]:
        assert f"inputs {run['fingerprint'][:12]}" in page.read_text(encoding="utf-8"), page.name


_GENERATED = re.compile(r"generated( |</th><td>)\d{4}-\d{2}-\d{2}T[0-9:+]+")


def test_a_second_run_gives_the_same_content(seed_reports, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(seed_reports / ".cache", again / ".cache")  # and the cached extraction agrees
    result = report(str(SEEDS), "--out", str(again), "--top-actors", str(TOP_ACTORS))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(seed_reports) for p in seed_reports.rglob("*.html"))
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    for page in pages:
        first = _GENERATED.sub("", (seed_reports / page).read_text(encoding="utf-8"))
        second = _GENERATED.sub("", (again / page).read_text(encoding="utf-8"))
        assert first == second, f"{page} differs:\n{_first_difference(first, second)}"
    for table in (seed_reports / "tables").glob("*.csv"):
        assert table.read_bytes() == (again / "tables" / table.name).read_bytes(), table.name


def _first_difference(first: str, second: str) -> str:
    diff = difflib.unified_diff(first.splitlines(), second.splitlines(), "first run", "second run", lineterm="", n=1)
    return "\n".join(list(diff)[:40])


def test_seed_reports_carry_no_stderr_output(seed_reports):
    # A warning or notice printed by a kernel (matplotlib building its font cache on a machine's
    # first run, a deprecation) would show in the page and make two runs differ.
    for executed in (seed_reports / "notebooks").rglob("*.ipynb"):
        notebook = nbformat.read(executed, as_version=4)
        stderr = [o.text for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
        assert stderr == [], executed.name


def test_index_lists_every_report_with_run_metadata(seed_reports):
    index = (seed_reports / "index.html").read_text(encoding="utf-8")
    for notebook in ANALYSES:
        assert f'href="{notebook.stem}.html"' in index
    run = json.loads((seed_reports / "run.json").read_text())
    assert run["n_articles"] == 2
    assert re.fullmatch(r"[0-9a-f]{64}", run["fingerprint"])
    assert run["fingerprint"] in index
    assert run["package_version"] in index
    assert "2 articles from 2 sources" in index


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
    result = report(str(SEEDS), "--out", str(tmp_path), "--show-code", "--top-actors", "0")
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


def _profile_template(path: Path) -> None:
    """A template whose runs show their kernel's pid and would see a leftover of an earlier run."""
    _notebook(
        path,
        "import os\nprint(os.getpid())",
        'assert "leftover" not in globals(), "an earlier run left its variables"\nleftover = actor_id',
        'if actor_id == "boom":\n    raise ValueError("boom in the profile")',
        'if actor_id == "die":\n    os._exit(1)',
    )
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].source += '\nactor_id: str = ""'
    nbformat.write(notebook, path)


def _pid_and_counts(executed: Path) -> tuple[str, list[int]]:
    notebook = nbformat.read(executed, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    pid = next(o.text for c in code for o in c.outputs if o.get("name") == "stdout")
    return pid.strip(), [c.execution_count for c in code if c.execution_count is not None]


def test_profiles_share_a_kernel_that_starts_clean_for_each_run(tmp_path):
    template = tmp_path / "10_profile.ipynb"
    _profile_template(template)
    pool = KernelPool(tmp_path)
    results, runs = [], ["first", "boom", "second", "die", "third"]
    try:
        for actor_id in runs:
            with pool.kernel() as kernel:
                results.append(run_notebook(template, tmp_path / f"{actor_id}.ipynb", {"actor_id": actor_id},
                                            timeout=60, kernel=kernel))
    finally:
        pool.close()
    assert [r.ok for r in results] == [True, False, True, False, True]
    assert results[1].failed_cell == 5 and results[1].error == "ValueError: boom in the profile"
    first, second, third = (_pid_and_counts(tmp_path / f"{a}.ipynb") for a in ("first", "second", "third"))
    # one kernel until it died; each run numbered from 1, as in a fresh kernel; no leftover
    assert first[0] == second[0] != third[0]
    assert first[1] == second[1] == third[1] == [1, 2, 3, 4, 5, 6]


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
    result = report(str(corpus), "--out", str(out), "--top-actors", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list(out.glob("*.html")) + list(out.glob("actors/*.html"))
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


@pytest.mark.parametrize("actor_id", ["../../etc/passwd", "a/b", "..", ".hidden", "x y", "Ünïcode", "", "a" * 300])
def test_profile_file_names_cannot_leave_the_folder(actor_id):
    name = profile_filename(actor_id)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".html") and len(name) < 100
    assert (Path("/reports/actors") / name).resolve().parent == Path("/reports/actors")


def test_different_ids_get_different_file_names():
    ids = ["a/b", "a_b", "a b", "a?b", "PRK", "prk"]
    assert len({profile_filename(i) for i in ids}) == len(ids)


def test_index_renders_in_a_browser_with_its_figures_and_no_console_error(seed_reports, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    shot = tmp_path / "index.png"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--window-size=1000,1600", f"--screenshot={shot}", (seed_reports / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.exists(), result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 900
    colourful = ((pixels.max(axis=2) - pixels.min(axis=2)) > 0.25).mean()
    assert colourful > 0.01  # the report thumbnails (figures) are drawn, not just text


def test_a_line_flushed_in_two_pieces_renders_as_one(tmp_path):
    """The kernel may send one printed line as one stream output or as two, as it flushes."""
    pages = []
    for pieces in (["12 events lie outside\n"], ["12 events lie outside", "\n"]):
        notebook = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print('12 events lie outside')")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text) for text in pieces]
        notebook.cells = [cell]
        executed = tmp_path / f"{len(pieces)}.ipynb"
        nbformat.write(notebook, executed)
        render_html(executed, tmp_path / f"{len(pieces)}.html")
        pages.append((tmp_path / f"{len(pieces)}.html").read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    assert pages[0].count("12 events lie outside") == 1
