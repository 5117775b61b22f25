"""Reports: run the notebooks with papermill, render them to offline HTML, write the index.

``build_reports`` orchestrates; ``run_metadata`` and ``render_index`` are pure so the
provenance and the landing page are testable without a kernel.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import json
import os
import platform
import queue
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

# nbformat, papermill and nbconvert are imported where they are used: the notebooks import this
# module for its small HTML helpers, and nbformat alone (its JSON-schema checks) takes seconds.
import jinja2

from .exceptions import ReportError

__all__ = [
    "NotebookResult",
    "build_reports",
    "find_notebooks",
    "notebook_parameters",
    "profile_filename",
    "profile_links_html",
    "render_html",
    "render_index",
    "run_metadata",
    "run_notebook",
]

PACKAGE = "news-actors-analysis"
TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL_NAME = "python3"  # the kernel of the environment that runs `report` (ipykernel is a dependency)
# The kernel's own log is not the report's business: its start-up notices (transport warnings),
# and the "KeyboardInterrupt caught in kernel" that jupyter_client's shutdown, which interrupts
# a kernel before stopping it, makes it print. A failing cell is reported from its output.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
CELL_TIMEOUT = 600  # seconds; a stuck cell fails its notebook instead of hanging CI
# Notebooks run side by side: one more than the cores, because a kernel also sits idle, while its
# messages travel and while its thread writes the HTML of the notebook before. On 2 cores, 3 at a
# time made a 10,000-article report's notebooks about 4% faster than 2 (45.3 s against 47.4 s,
# median of 2 pairs).
NOTEBOOK_JOBS = min(4, (os.cpu_count() or 1) + 1)
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
    thumbnail: str = ""  # base64 PNG of the report's first figure


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
    parameters: dict, versions: dict[str, str], now: dt.datetime, resources: dict[str, str] | None = None,
) -> dict:
    """Provenance of a report run, as plain data: what went in (hashes), with what, and when."""
    return {
        "package_version": versions.get(PACKAGE, "unknown"),
        "versions": versions,
        "corpus": corpus_path,
        "fingerprint": fingerprint,
        "resources": resources or {},
        "n_articles": n_articles,
        "n_skipped": n_skipped,
        "parameters": parameters,
        "generated": now.replace(microsecond=0).isoformat(),
    }


def resource_hashes(paths: dict[str, list[str | Path]]) -> dict[str, str]:
    """sha256 of each resource (its files concatenated in name order), by resource name."""
    result = {}
    for name, files in paths.items():
        digest = hashlib.sha256()
        for path in sorted(Path(f) for f in files):
            digest.update(path.read_bytes())
        result[name] = digest.hexdigest()
    return result


def first_image(executed: Path) -> str:
    """The first PNG figure of an executed notebook, base64-encoded ("" when there is none)."""
    import nbformat

    try:
        notebook = nbformat.read(executed, as_version=4)
    except Exception:
        return ""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                value = data["image/png"]
                return value if isinstance(value, str) else base64.b64encode(value).decode()
    return ""


_PARAMETER = re.compile(r"^(\w+)\s*(?::[^=]+)?=\s*(.*?)\s*(?:#.*)?$")


def notebook_parameters(path: Path) -> dict[str, str]:
    """The names (and default values, as source) declared in a notebook's ``parameters`` cell."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return {m.group(1): m.group(2) for line in cell.source.splitlines() if (m := _PARAMETER.match(line))}
    return {}


def is_profile_template(path: Path) -> bool:
    """A notebook rendered once per actor: its parameters include ``actor_id``."""
    return "actor_id" in notebook_parameters(path)


def profile_filename(actor_id: str) -> str:
    """A file name for an actor's profile that cannot leave the profiles folder.

    Ids are letters, digits, '-', '_' and '.'; anything else (a user dictionary is untrusted) is
    replaced, and a short hash keeps two different ids from sharing a file.
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", actor_id).strip("_") or "actor"
    if safe != actor_id or len(safe) > 80:
        safe = f"{safe[:60]}-{hashlib.sha256(actor_id.encode()).hexdigest()[:8]}"
    return f"{safe}.html"


def heading_html(text: str, level: int = 2) -> str:
    """An HTML heading with ``text`` escaped (names come from data files and articles)."""
    return f"<h{level}>{html.escape(str(text))}</h{level}>"


def profile_links_html(actors: list[tuple[str, str]], prefix: str) -> str:
    """An HTML list of links to actor profiles: ``actors`` is [(id, name)], ``prefix`` the folder."""
    items = "".join(
        f'<li><a href="{html.escape(prefix + profile_filename(actor_id))}">{html.escape(name)}</a></li>'
        for actor_id, name in actors
    )
    return f"<ul class=\"profiles\">{items}</ul>"


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
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def prepare_matplotlib() -> None:
    """Build matplotlib's font cache here, once, before any kernel starts.

    On a machine's first run, matplotlib builds the cache on import and, when that takes more than
    a few seconds, says so on stderr; inside a kernel that notice would land in whichever report
    imported it first, and two runs on the same inputs would differ.
    """
    import matplotlib.font_manager  # noqa: F401  (importing it builds or loads the cache)


def run_notebook(
    source: Path, executed: Path, parameters: dict, *, timeout: int = CELL_TIMEOUT, kernel=None
) -> NotebookResult:
    """Execute one notebook with papermill; a failure is returned, not raised.

    ``kernel``: the manager of a running kernel to execute it in (see ``KernelPool``); by
    default papermill starts a kernel for this notebook and shuts it down after.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    result = NotebookResult(name=source.stem, parameters=parameters, title=notebook_title(source))
    executed.parent.mkdir(parents=True, exist_ok=True)
    reuse = {"km": kernel} if kernel is not None else {}
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
            extra_arguments=KERNEL_ARGUMENTS,
            # Written when it ends (and every 30 s of a long cell), not after every cell: a
            # dozen notebooks with embedded figures, rewritten cell by cell, cost seconds.
            request_save_on_cell_execute=False,
            **reuse,
        )
    except PapermillExecutionError as error:
        result.ok = False
        result.failed_cell, result.failed_source = _source_cell_index(executed, error.exec_count)
        result.error = f"{error.ename}: {error.evalue}".strip()
    except Exception as error:  # the kernel died, timed out, or the notebook is unreadable
        result.ok = False
        result.error = f"{type(error).__name__}: {error}".strip()
    return result


# Starting a kernel and importing pandas, matplotlib and the package cost about 2 s of CPU, as
# much as a profile's own cells; the profiles of one template run the same cells over and over,
# so they share a few kernels. Between two runs IPython's own reset clears the namespace and
# starts a new session (history, and an execution counter from 1): the executed notebook is the
# one a fresh kernel gives, and a failing cell is still found by its execution count. Imported
# modules stay, which is the point: a template that kept state in a module (rather than in its
# own variables) would see it.
_RESET = "get_ipython().reset(new_session=True)"


class KernelPool:
    """Running kernels for the runs of one notebook, each used by one run at a time."""

    def __init__(self, cwd: Path, *, startup_timeout: int = 60):
        self._cwd, self._startup_timeout = str(cwd), startup_timeout
        self._idle: queue.SimpleQueue = queue.SimpleQueue()

    @contextmanager
    def kernel(self):
        """A clean running kernel (its manager) for one run; a kernel that dies is not reused."""
        km = self._take()
        try:
            yield km
        finally:
            # nbclient leaves its client's channels open on a kernel it did not start.
            for client in km.clients:
                client.stop_channels()
            km.clients.clear()
            if km.is_alive():
                self._idle.put(km)
            else:
                km.cleanup_resources()

    def close(self) -> None:
        while True:
            try:
                km = self._idle.get_nowait()
            except queue.Empty:
                return
            km.shutdown_kernel(now=True)

    def _take(self):
        try:
            km = self._idle.get_nowait()
        except queue.Empty:
            return self._start()
        try:
            _run_silently(km, _RESET, timeout=self._startup_timeout)
        except Exception:  # it no longer answers: replace it
            km.shutdown_kernel(now=True)
            return self._start()
        return km

    def _start(self):
        # nbclient waits on the kernel with asyncio: a blocking client would stall its loop (and
        # its watch for a dead kernel), so the clients handed out are asynchronous ones.
        km = _tracking_kernel_manager()(
            kernel_name=KERNEL_NAME, client_class="jupyter_client.asynchronous.AsyncKernelClient"
        )
        km.start_kernel(cwd=self._cwd, extra_arguments=KERNEL_ARGUMENTS)
        return km


@functools.cache
def _tracking_kernel_manager():
    from jupyter_client.manager import KernelManager

    class TrackingKernelManager(KernelManager):
        """A kernel manager that remembers the clients it hands out, to close them."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.clients = []

        def client(self, **kwargs):
            client = super().client(**kwargs)
            self.clients.append(client)
            return client

    return TrackingKernelManager


def _run_silently(km, code: str, *, timeout: int) -> None:
    client = km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        reply = client.execute_interactive(code, silent=True, timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not be reset: {reply['content'].get('evalue', '')}")
    finally:
        client.stop_channels()


def _source_cell_index(executed: Path, exec_count: int | None) -> tuple[int | None, str]:
    """The failing cell as the user sees it: its 1-based position and its first line.

    papermill adds an injected-parameters cell and error banners; they are not counted.
    """
    import nbformat

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
    header_text: str = "", index_href: str = "index.html", title: str = "",
) -> None:
    """Convert an executed notebook to a self-contained, offline, sanitised HTML file."""
    import nbformat

    exporter = _html_exporter(show_code, language or "es")
    notebook = nbformat.read(executed, as_version=4)
    # papermill gives its injected cell a random id; numbered ids keep two runs' HTML identical.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    if title:
        notebook.metadata["title"] = title
    resources = {"report_header": {"text": header_text, "index_href": index_href}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


# A new exporter compiles nbconvert's Jinja templates again, which was most of a render's time; so
# each thread keeps one per setting. Not shared between threads: an exporter is not documented as
# safe to use from two at once.
_EXPORTERS = threading.local()


def _html_exporter(show_code: bool, language: str):
    by_setting = _EXPORTERS.__dict__.setdefault("by_setting", {})
    if (show_code, language) not in by_setting:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import CoalesceStreamsPreprocessor

        exporter = HTMLExporter(template_name="news_report", extra_template_basedirs=[str(TEMPLATES)])
        exporter.embed_images = True
        exporter.exclude_input = not show_code
        exporter.exclude_input_prompt = not show_code
        exporter.exclude_output_prompt = True
        # A line printed in one call can reach the notebook as two stream outputs, depending on
        # when the kernel flushed: merged, two runs give the same page.
        exporter.register_preprocessor(CoalesceStreamsPreprocessor(), enabled=True)
        exporter.register_preprocessor(_sanitizer(), enabled=True)
        exporter.language_code = language
        by_setting[show_code, language] = exporter
    return by_setting[show_code, language]


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
<title>News analysis: {{ headline.articles }} articles</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 1000px; margin: 0 auto; padding: 0 12px 24px; color: #222; }
  .report-header { font-size: 14px; border-bottom: 1px solid #ccc; padding: 10px 0; color: #555; }
  h1 { margin: 16px 0 4px; }
  .lead { color: #444; margin-top: 0; }
  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 16px 0; }
  .figure { border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; }
  .figure .value { font-size: 22px; font-weight: 600; }
  .figure .label { font-size: 13px; color: #555; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
  .card { border: 1px solid #ddd; border-radius: 6px; padding: 10px; }
  .card h3 { margin: 0 0 6px; font-size: 18px; }
  .card img { width: 100%; height: 150px; object-fit: contain; background: #fafafa; border-radius: 4px; }
  .failed { color: #b00020; font-weight: 600; }
  .ok { color: #1b5e20; font-size: 13px; margin: 4px 0; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
  code { font-size: 90%; word-break: break-all; }
  ul.profiles { columns: 2; padding-left: 18px; }
  @media (max-width: 600px) { ul.profiles { columns: 1; } .figure .value { font-size: 18px; } }
</style>
</head>
<body>
<header class="report-header">{{ header }}</header>
<h1>News analysis reports</h1>
<p class="lead">{{ headline.articles }} articles{% if headline.sources %} from {{ headline.sources }} sources{% endif %}{% if headline.first %}, published {{ headline.first }}{% if headline.last != headline.first %} to {{ headline.last }}{% endif %}{% endif %}{% if meta.n_skipped %}; {{ meta.n_skipped }} inputs skipped (listed in the corpus report){% endif %}. Corpus: <code>{{ meta.corpus }}</code></p>

<section class="figures">
  <div class="figure"><div class="value">{{ headline.articles }}</div><div class="label">articles</div></div>
  <div class="figure"><div class="value">{{ headline.mentions }}</div><div class="label">actor mentions of {{ headline.actors }} actors</div></div>
  <div class="figure"><div class="value">{{ headline.stances }}</div><div class="label">stances</div></div>
  <div class="figure"><div class="value">{{ headline.events }}</div><div class="label">dated events</div></div>
  {% if headline.conflict %}<div class="figure"><div class="value">{{ headline.conflict.holder }} → {{ headline.conflict.target }}</div><div class="label">strongest conflict (net {{ headline.conflict.score }})</div></div>{% endif %}
  {% if headline.cooperation %}<div class="figure"><div class="value">{{ headline.cooperation.holder }} → {{ headline.cooperation.target }}</div><div class="label">strongest cooperation (net {{ headline.cooperation.score }})</div></div>{% endif %}
</section>

<h2>Reports</h2>
<section class="cards">
{% for r in results %}
<div class="card">
  <h3>{% if r.html %}<a href="{{ r.html }}">{{ r.title }}</a>{% else %}{{ r.title }}{% endif %}</h3>
  {% if r.thumbnail %}<a href="{{ r.html }}"><img alt="first figure of {{ r.title }}" src="data:image/png;base64,{{ r.thumbnail }}"></a>{% endif %}
  {% if r.ok %}<p class="ok">ran without error</p>
  {% else %}<p class="failed">FAILED{% if r.failed_cell is not none %} at cell {{ r.failed_cell }} (<code>{{ r.failed_source }}</code>){% endif %}: {{ r.error }}</p>{% endif %}
  <small>notebook <code>{{ r.name }}.ipynb</code>{% if r.ipynb %} · <a href="{{ r.ipynb }}">executed notebook</a>{% endif %}</small>
</div>
{% endfor %}
</section>

{% if profiles %}
<h2>Actor profiles</h2>
<p>The most mentioned actors, each with its mentions over time, the actors it appears with, the stances it takes and receives, and its events.</p>
<ul class="profiles">
{% for p in profiles %}<li>{% if p.html %}<a href="{{ p.html }}">{{ p.title }}</a>{% else %}{{ p.title }}{% endif %} <small>({{ p.mentions }} mentions{% if not p.ok %}, <span class="failed">FAILED{% if p.failed_cell is not none %} at cell {{ p.failed_cell }}{% endif %}: {{ p.error }}</span>{% endif %})</small></li>
{% endfor %}
</ul>
{% endif %}

<h2>Run metadata</h2>
<table>
<tr><th>package version</th><td>{{ meta.package_version }}</td></tr>
<tr><th>generated</th><td>{{ meta.generated }}</td></tr>
<tr><th>articles</th><td>{{ meta.n_articles }}</td></tr>
<tr><th>inputs fingerprint (sha256)</th><td><code>{{ meta.fingerprint }}</code></td></tr>
{% for name, digest in meta.get("resources", {}).items() %}<tr><th>{{ name }} (sha256)</th><td><code>{{ digest }}</code></td></tr>
{% endfor %}
<tr><th>parameters</th><td><code>{{ parameters_json }}</code></td></tr>
<tr><th>versions</th><td>{% for k, v in meta.versions.items() %}{{ k }} {{ v }}{% if not loop.last %} · {% endif %}{% endfor %}</td></tr>
</table>
</body>
</html>
"""
)

_EMPTY_HEADLINE = {"articles": 0, "sources": 0, "first": "", "last": "", "mentions": 0, "actors": 0,
                   "stances": 0, "events": 0, "conflict": None, "cooperation": None}


def render_index(
    results: list[NotebookResult], meta: dict, *, language: str = "es", headline: dict | None = None,
    profiles: list[dict] | None = None,
) -> str:
    """The landing page: headline figures, one card per report (failures named), the actor
    profiles, and the run metadata. Everything shown is escaped."""
    return _INDEX.render(
        results=[asdict(r) for r in results],
        meta=meta,
        language=language,
        header=header_text(meta),
        headline={**_EMPTY_HEADLINE, **(headline or {})},
        profiles=profiles or [],
        parameters_json=json.dumps(meta.get("parameters", {}), ensure_ascii=False, sort_keys=True),
    )


def header_text(meta: dict) -> str:
    """The line every page carries; the generation time is the only part that changes between
    two runs on the same inputs."""
    return (
        f"{meta['n_articles']} articles · inputs {meta['fingerprint'][:12]} · "
        f"v{meta['package_version']} · generated {meta['generated']}"
    )


def build_reports(
    corpus_path: str | Path, out_dir: str | Path, *, notebooks_dir: str | Path | None = None,
    show_code: bool = False, timeout: int = CELL_TIMEOUT, progress: bool = True,
    actors: list[str] | tuple[str, ...] = (), replace_actors: bool = False, jobs: int | None = 1,
    use_cache: bool = True, top_actors: int = 10, notebook_jobs: int = NOTEBOOK_JOBS,
    use_spacy: bool | None = None,
) -> tuple[list[NotebookResult], dict]:
    """Extract the tables, run every notebook, render HTML, the actor profiles and the index.

    Returns the per-notebook results (profiles included) and the run metadata; a failing
    notebook does not stop the others. ``jobs`` is the extraction's worker processes (``None``:
    as many as pay off, see ``extract.iter_extracted``).
    """
    from tqdm.auto import tqdm

    from .aggregate import actor_counts, headline_figures, profile_tables
    from .cache import StepCache
    from .corpus import iter_corpus, load_corpus, no_article_message
    from .exceptions import CorpusError
    from .extract import extract_to_dir, load_resources
    from .tables import read_tables, write_parquet_tables

    notebooks = find_notebooks(notebooks_dir or DEFAULT_NOTEBOOKS)
    analyses = [n for n in notebooks if not is_profile_template(n)]
    templates = [n for n in notebooks if is_profile_template(n)]
    resources = load_resources(actors, replace_actors=replace_actors, use_spacy=use_spacy, lazy=use_cache)
    records = iter_corpus(corpus_path)
    out = Path(out_dir).resolve()
    tables_dir = out / "tables"
    for derived in ("parquet", "profiles"):  # only the CSVs written now count
        shutil.rmtree(tables_dir / derived, ignore_errors=True)
    cache = StepCache(out / ".cache" / "steps.sqlite") if use_cache else None
    try:
        summary = extract_to_dir(records, resources, tables_dir, cache=cache, jobs=jobs, progress=progress)
    finally:
        if cache is not None:
            cache.close()
    if not summary["articles"]:
        raise CorpusError(no_article_message(corpus_path, load_corpus(corpus_path)))
    tables = read_tables(tables_dir)
    # Every notebook reads the tables again: once as Parquet, not a dozen times as CSV.
    write_parquet_tables(tables, tables_dir)
    data = Path(__file__).resolve().parent.parent / "data"
    meta = run_metadata(
        corpus_path=str(corpus_path), fingerprint=summary["fingerprint"],
        n_articles=summary["articles"], n_skipped=summary["skipped"],
        parameters={"show_code": show_code, "actors": list(map(str, actors)), "replace_actors": replace_actors,
                    "top_actors": top_actors},
        versions=package_versions(), now=dt.datetime.now(dt.timezone.utc),
        resources=resource_hashes({
            "actor dictionary": list(resources.dictionary_files), "stance lexicon": [resources.lexicon_path],
            "temporal vocabulary": sorted((data / "temporal").glob("*.yaml")),
        }),
    )
    language = _main_language(tables["articles"])
    top = actor_counts(tables["mentions"]).head(top_actors if templates else 0)
    profile_prefix = "actors/"
    base = {"corpus": str(Path(corpus_path).resolve()), "tables": str(tables_dir)}
    jobs_list = [(source, dict(base)) for source in analyses]
    for source in templates:
        for row in top.itertuples(index=False):
            jobs_list.append((source, {**base, "actor_id": row.actor_id}))
    top_by_id = {row.actor_id: row for row in top.itertuples(index=False)}
    # A profile reads a small part of the tables: cut them here, in one pass over the tables,
    # rather than have each profile's kernel read and filter the whole of them. The first
    # profile to start cuts them, while the analyses' kernels run. Templates that do not
    # declare ``actor_tables`` read the whole tables.
    tables_by_actor: dict[str, dict] = {}
    actor_tables_lock = threading.Lock()

    def actor_tables(actor_id: str) -> Path:
        folder = tables_dir / "profiles" / profile_filename(actor_id)[: -len(".html")]
        with actor_tables_lock:  # profiles run side by side, and two templates may share an actor
            if not tables_by_actor:
                tables_by_actor.update(profile_tables(tables, list(top_by_id)))
            if not folder.exists():
                write_parquet_tables(tables_by_actor[actor_id], folder)
        return folder

    def run_one(job: tuple[Path, dict]) -> NotebookResult:
        source, parameters = job
        declared = notebook_parameters(source)
        if "profiles" in declared:
            parameters = {**parameters, "profiles": profile_prefix, "profile_count": len(top) if templates else 0}
        actor_id = parameters.get("actor_id")
        if actor_id:
            name = profile_filename(actor_id)[: -len(".html")]
            executed = out / "notebooks" / "actors" / f"{name}.ipynb"
            html_path, index_href = f"{profile_prefix}{name}.html", "../index.html"
        else:
            executed = out / "notebooks" / source.name
            html_path, index_href = f"{source.stem}.html", "index.html"
        if actor_id and "actor_tables" in declared:
            parameters = {**parameters, "actor_tables": str(actor_tables(actor_id))}
        parameters = {k: v for k, v in parameters.items() if k in declared}
        if actor_id:
            with kernels[source].kernel() as kernel:
                result = run_notebook(source, executed, parameters, timeout=timeout, kernel=kernel)
        else:
            result = run_notebook(source, executed, parameters, timeout=timeout)
        result.ipynb = executed.relative_to(out).as_posix()
        title = f"{top_by_id[actor_id].actor_name}: actor profile" if actor_id else result.title
        if executed.exists():
            result.html = html_path
            try:
                render_html(
                    executed, out / html_path, show_code=show_code, language=language,
                    header_text=header_text(meta), index_href=index_href, title=title,
                )
            except Exception as error:
                result.ok, result.html = False, ""
                result.error = result.error or f"HTML conversion failed: {error}"
            result.thumbnail = "" if actor_id else first_image(executed)
        if actor_id:
            result.title = str(top_by_id[actor_id].actor_name)
        return result

    prepare_matplotlib()
    # Each analysis runs in a kernel of its own, the profiles of a template in shared ones, and a
    # few notebooks run side by side.
    kernels = {source: KernelPool(source.parent) for source in templates}
    try:
        with ThreadPoolExecutor(max_workers=max(1, notebook_jobs)) as pool:
            futures = [pool.submit(run_one, job) for job in jobs_list]
            for _ in tqdm(as_completed(futures), total=len(futures), desc="reports", unit="notebook",
                          disable=not progress):
                pass
            all_results = [f.result() for f in futures]
    finally:
        for kernel_pool in kernels.values():
            kernel_pool.close()
    results = [r for r, (_, p) in zip(all_results, jobs_list) if "actor_id" not in p]
    profiles = [
        {**asdict(r), "mentions": int(top_by_id[p["actor_id"]].mentions)}
        for r, (_, p) in zip(all_results, jobs_list) if "actor_id" in p
    ]
    (out / "index.html").write_text(
        render_index(results, meta, language=language, headline=headline_figures(tables), profiles=profiles),
        encoding="utf-8",
    )
    (out / "run.json").write_text(
        json.dumps({**meta, "reports": [{**asdict(r), "thumbnail": bool(r.thumbnail)} for r in all_results]},
                   indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    return all_results, meta


def _main_language(articles) -> str:
    languages = [code for code in articles["language"].astype(str) if code]
    return max(sorted(set(languages)), key=languages.count) if languages else "es"
