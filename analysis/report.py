"""Reports: run the notebooks with papermill, render them to offline HTML, write the index.

``build_reports`` orchestrates; ``run_metadata`` and ``render_index`` are pure so the
provenance and the landing page are testable without a kernel.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import re
from dataclasses import asdict, dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

import jinja2
import nbformat

from .exceptions import ReportError

__all__ = [
    "NotebookResult",
    "build_reports",
    "find_notebooks",
    "render_html",
    "render_index",
    "run_metadata",
    "run_notebook",
]

PACKAGE = "news-actors-analysis"
TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL_NAME = "python3"  # the kernel of the environment that runs `report` (ipykernel is a dependency)
CELL_TIMEOUT = 600  # seconds; a stuck cell fails its notebook instead of hanging CI
_VERSIONED = ("pandas", "matplotlib", "papermill", "nbconvert", "pyahocorasick", "PyYAML")


@dataclass
class NotebookResult:
    name: str
    html: str = ""  # path of the HTML file, relative to the reports folder
    ipynb: str = ""  # the executed notebook kept for audit, relative to the reports folder
    ok: bool = True
    failed_cell: int | None = None  # position of the failing cell in the notebook, from 1
    failed_source: str = ""  # the first line of the failing cell
    error: str = ""
    parameters: dict = field(default_factory=dict)
    title: str = ""


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in (PACKAGE, *_VERSIONED):
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_metadata(
    *, corpus_path: str, fingerprint: str, n_articles: int, n_skipped: int,
    parameters: dict, versions: dict[str, str], now: dt.datetime,
) -> dict:
    """Provenance of a report run, as plain data."""
    return {
        "package_version": versions.get(PACKAGE, "unknown"),
        "versions": versions,
        "corpus": corpus_path,
        "fingerprint": fingerprint,
        "n_articles": n_articles,
        "n_skipped": n_skipped,
        "parameters": parameters,
        "generated": now.replace(microsecond=0).isoformat(),
    }


def find_notebooks(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"notebooks folder {str(folder)!r} does not exist")
    notebooks = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise ReportError(f"no notebook (*.ipynb) in {str(folder)!r}")
    return notebooks


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, else its file name."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def run_notebook(
    source: Path, executed: Path, parameters: dict, *, timeout: int = CELL_TIMEOUT
) -> NotebookResult:
    """Execute one notebook with papermill; a failure is returned, not raised."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    result = NotebookResult(name=source.stem, parameters=parameters, title=notebook_title(source))
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(source.parent),
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as error:
        result.ok = False
        result.failed_cell, result.failed_source = _source_cell_index(executed, error.exec_count)
        result.error = f"{error.ename}: {error.evalue}".strip()
    except Exception as error:  # the kernel died, timed out, or the notebook is unreadable
        result.ok = False
        result.error = f"{type(error).__name__}: {error}".strip()
    return result


def _source_cell_index(executed: Path, exec_count: int | None) -> tuple[int | None, str]:
    """The failing cell as the user sees it: its 1-based position and its first line.

    papermill adds an injected-parameters cell and error banners; they are not counted.
    """
    try:
        notebook = nbformat.read(executed, as_version=4)
    except Exception:
        return None, ""
    position = 0
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            continue
        position += 1
        if cell.cell_type != "code":
            continue
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if failed or (exec_count is not None and cell.get("execution_count") == exec_count):
            first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
            return position, first_line[:80]
    return None, ""


def render_html(
    executed: Path, target: Path, *, show_code: bool = False, language: str = "es",
    header_text: str = "", index_href: str = "index.html",
) -> None:
    """Convert an executed notebook to a self-contained, offline, sanitised HTML file."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="news_report",
        extra_template_basedirs=[str(TEMPLATES)],
    )
    exporter.embed_images = True
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = not show_code
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(_sanitizer(), enabled=True)
    exporter.language_code = language or "es"
    notebook = nbformat.read(executed, as_version=4)
    resources = {"report_header": {"text": header_text, "index_href": index_href}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


# Article text reaches the outputs (tables of sentences, titles, sources), so every HTML output is
# cleaned with an allow-list that keeps what reports need (tables, headings, links, lists) and
# strips the rest: scripts, event handlers, javascript: URLs, iframes, forms. nbconvert's own
# `sanitize_html` escapes tables and headings, which leaves reports unreadable.
_ALLOWED_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "mark", "ol", "p", "pre", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]
_ALLOWED_ATTRIBUTES = {
    "*": ["class", "title", "id"],
    "a": ["href", "title"],
    "td": ["colspan", "rowspan", "class"],
    "th": ["colspan", "rowspan", "class"],
    "table": ["class", "border"],
}
_STYLE_BLOCK = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)


def _sanitizer():
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    class ReportSanitizer(SanitizeHTML):
        def sanitize_html_tags(self, html_str):
            # pandas' <style scoped> blocks carry only cosmetics; stripping the tag alone would
            # leave its CSS as visible text.
            return super().sanitize_html_tags(_STYLE_BLOCK.sub("", html_str))

    return ReportSanitizer(tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, strip=True)


_INDEX = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News analysis reports</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 960px; margin: 0 auto; padding: 12px; color: #222; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
  .failed { color: #b00020; font-weight: 600; }
  .ok { color: #1b5e20; }
  code { font-size: 90%; word-break: break-all; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
  .card { border: 1px solid #ddd; border-radius: 6px; padding: 10px; }
</style>
</head>
<body>
<header><h1>News analysis reports</h1>
<p>{{ meta.n_articles }} articles loaded from <code>{{ meta.corpus }}</code>{% if meta.n_skipped %}, {{ meta.n_skipped }} inputs skipped (listed in the corpus report){% endif %}.</p>
</header>
<section class="cards">
{% for r in results %}
<div class="card">
  <h2><a href="{{ r.html }}">{{ r.title }}</a></h2>
  {% if r.ok %}<p class="ok">ran without error</p>
  {% else %}<p class="failed">FAILED{% if r.failed_cell is not none %} at cell {{ r.failed_cell }} (<code>{{ r.failed_source }}</code>){% endif %}: {{ r.error }}</p>{% endif %}
  <p><small>notebook <code>{{ r.name }}.ipynb</code>{% if r.ipynb %} · <a href="{{ r.ipynb }}">executed notebook</a>{% endif %}</small></p>
</div>
{% endfor %}
</section>
<h2>Run metadata</h2>
<table>
<tr><th>package version</th><td>{{ meta.package_version }}</td></tr>
<tr><th>generated</th><td>{{ meta.generated }}</td></tr>
<tr><th>articles</th><td>{{ meta.n_articles }}</td></tr>
<tr><th>inputs fingerprint (sha256)</th><td><code>{{ meta.fingerprint }}</code></td></tr>
<tr><th>parameters</th><td><code>{{ parameters_json }}</code></td></tr>
<tr><th>versions</th><td>{% for k, v in meta.versions.items() %}{{ k }} {{ v }}{% if not loop.last %} · {% endif %}{% endfor %}</td></tr>
</table>
</body>
</html>
"""
)


def render_index(results: list[NotebookResult], meta: dict, *, language: str = "es") -> str:
    """The landing page: one card per report, failures named, and the run metadata."""
    return _INDEX.render(
        results=[asdict(r) for r in results],
        meta=meta,
        language=language,
        parameters_json=json.dumps(meta.get("parameters", {}), ensure_ascii=False, sort_keys=True),
    )


def header_text(meta: dict) -> str:
    return (
        f"{meta['n_articles']} articles · inputs {meta['fingerprint'][:12]} · "
        f"v{meta['package_version']} · {meta['generated']}"
    )


def build_reports(
    corpus_path: str | Path, out_dir: str | Path, *, notebooks_dir: str | Path | None = None,
    show_code: bool = False, timeout: int = CELL_TIMEOUT, progress: bool = True,
    actors: list[str] | tuple[str, ...] = (), replace_actors: bool = False, jobs: int = 1,
    use_cache: bool = True,
) -> tuple[list[NotebookResult], dict]:
    """Extract the tables, run every notebook, render HTML and the index.

    Returns the per-notebook results and the run metadata; a failing notebook does not stop
    the others.
    """
    from tqdm.auto import tqdm

    from .cache import StepCache
    from .corpus import load_corpus
    from .exceptions import CorpusError
    from .extract import extract_corpus, load_resources
    from .tables import write_tables

    notebooks = find_notebooks(notebooks_dir or DEFAULT_NOTEBOOKS)
    resources = load_resources(actors, replace_actors=replace_actors)
    corpus = load_corpus(corpus_path)
    if not corpus.articles:
        raise CorpusError(_no_article_message(corpus_path, corpus))
    out = Path(out_dir).resolve()
    tables_dir = out / "tables"
    cache = StepCache(out / ".cache" / "steps.sqlite") if use_cache else None
    try:
        write_tables(extract_corpus(corpus, resources, progress=progress, cache=cache, jobs=jobs), tables_dir)
    finally:
        if cache is not None:
            cache.close()
    parameters = {"corpus": str(Path(corpus_path).resolve()), "tables": str(tables_dir)}
    meta = run_metadata(
        corpus_path=str(corpus_path), fingerprint=corpus.fingerprint(),
        n_articles=len(corpus.articles), n_skipped=len(corpus.skipped),
        parameters={"show_code": show_code, "actors": list(map(str, actors)), "replace_actors": replace_actors},
        versions=package_versions(),
        now=dt.datetime.now(dt.timezone.utc),
    )
    language = _main_language(corpus)
    results = []
    bar = tqdm(notebooks, desc="reports", unit="notebook", disable=not progress)
    for source in bar:
        bar.set_postfix_str(source.stem)
        executed = out / "notebooks" / source.name
        result = run_notebook(source, executed, parameters, timeout=timeout)
        result.ipynb = f"notebooks/{source.name}"
        if executed.exists():
            result.html = f"{source.stem}.html"
            try:
                render_html(
                    executed, out / result.html, show_code=show_code, language=language,
                    header_text=header_text(meta),
                )
            except Exception as error:
                result.ok, result.html = False, ""
                result.error = result.error or f"HTML conversion failed: {error}"
        results.append(result)
    (out / "index.html").write_text(render_index(results, meta, language=language), encoding="utf-8")
    (out / "run.json").write_text(
        json.dumps({**meta, "reports": [asdict(r) for r in results]}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    return results, meta


def _main_language(corpus) -> str:
    languages = [a.language for a in corpus.articles if a.language]
    return max(set(languages), key=languages.count) if languages else "es"


def _no_article_message(corpus_path, corpus) -> str:
    reason = f"; first skipped: {corpus.skipped[0].path}: {corpus.skipped[0].reason}" if corpus.skipped else ""
    return f"no article could be loaded from {str(corpus_path)!r} ({len(corpus.skipped)} inputs skipped{reason})"

