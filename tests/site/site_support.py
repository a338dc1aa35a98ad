"""Support for the site suite: the built site, the course's pages read from the repository, a quiet
local web server, and the Chromium of the end-to-end suites (tests/e2e/e2e_support.py).

Nothing here writes into the repository except screenshots under ``artifacts/site/`` (ignored).
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"
HTML = SITE / "_build" / "html"
ARTIFACTS = Path(os.environ.get("SITE_ARTIFACTS", REPO / "artifacts" / "site")).resolve()

sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(SITE / "_ext"))

import course_pages  # noqa: E402  (site/_ext/course_pages.py, the site's Sphinx extension)
from e2e_support import chromium, figure_count, fresh_artifacts, has_math  # noqa: E402


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_build = _load("site_build", SITE / "build.py")

__all__ = ["chromium", "course_pages", "figure_count", "fresh_artifacts", "has_math", "site_build"]

THEORY = site_build.theory_notebooks(REPO)
EXERCISES = site_build.exercise_notebooks(REPO)


def page_path(notebook: Path) -> str:
    """The site path of a notebook's page: the repository path with .html for .ipynb."""
    return notebook.relative_to(REPO).with_suffix(".html").as_posix()


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def numbered_sections(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """The ``## <N>. <Title>`` headings of a notebook, as (N, title)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            head, dot, title = line.removeprefix("## ").partition(". ")
            if line.startswith("## ") and dot and head.isdigit():
                out.append((int(head), title.strip()))
    return out


def section_anchor(number: int) -> tuple[Path, str]:
    """The theory notebook holding ``## <number>. <Title>`` and the id its page gives that section
    (the GitHub-style slug the seed's links use, e.g. ``16-variational-...``)."""
    from myst_parser.slugs import github_slugify

    for nb in THEORY:
        for n, title in numbered_sections(read_nb(nb)):
            if n == number:
                return nb, github_slugify(f"{n}. {title}")
    raise LookupError(f"no theory notebook has a section {number}")


def marked_blocks(source: str, begin: str, end: str) -> list[str]:
    """Lines between nbgrader's ``### BEGIN …`` and ``### END …`` markers (markers excluded)."""
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line)
    return lines


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # the suite's output stays readable: no line per request


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
