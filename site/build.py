"""Build the course's reading site (what ``make site`` runs after the staleness check).

Usage::

    .venv/bin/python site/build.py            # -> site/_build/html/index.html

Sphinx wants one source root, and the site's pages live in several folders of the repository, so
this script first stages them under ``site/_build/src/`` with the repository's own layout (the
page of ``notebooks/03_x.ipynb`` is ``notebooks/03_x.html``, and the run links use the same path):

- ``notebooks/[0-9][0-9]_*.ipynb``: the committed, executed theory notebooks, in name order
  (only ``.ipynb``: paired jupytext ``.py`` files are not pages);
- ``exercises/<assignment>/*.ipynb``: the statements exactly as released to students, with the
  autograded test cells left out of the page (they hold only calls into the grading checks);
  never anything from ``solutions/``;
- ``docs/instructors.md`` and ``docs/deployment.md``: the guides, copied as they are;
- ``site/index.md``: the home page.

The theory notebooks' "Try it yourself" boxes, raw ``<details>`` HTML in the notebooks (which
JupyterLab shows as they are), become the site's ``course-dropdown`` directive on their pages, so
that their titles are Markdown and their math is typeset (:func:`details_to_dropdowns`).

Then it runs Sphinx (myst-nb, nothing executed) into ``site/_build/html``; the site's extension
(``site/_ext/course_pages.py``) adds the run links and notes boxes and copies MathJax in.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
BUILD = SITE / "_build"
STAGING = BUILD / "src"
HTML = BUILD / "html"
GUIDES = ("docs/instructors.md", "docs/deployment.md")
REMOVE_TAG = "remove-cell"

EXERCISE_NOTE = (
    "```{note}\n"
    "This is the assignment as released to students. Open it in JupyterLab to work on it: there, a "
    "test cell after each answer checks your functions (those cells are left out of this page).\n"
    "```"
)


DETAILS = re.compile(r"<details>\s*<summary>(?P<title>.*?)</summary>(?P<body>.*?)</details>", re.DOTALL)
INLINE_HTML = ((re.compile(r"</?(?:b|strong)>"), "**"), (re.compile(r"</?(?:i|em)>"), "*"))
# Longer than any fence a box's body may hold.
DROPDOWN_FENCE = "`````"


def details_to_dropdowns(source: str) -> str:
    r"""A Markdown cell's ``<details><summary>TITLE</summary>BODY</details>`` boxes as
    ``course-dropdown`` directives: the title (bold/italic tags as Markdown, on one line) is the
    directive's argument, the body its content.

    Raises
    ------
    ValueError
        If a title holds HTML other than bold and italic, or a ``<details>`` is left unconverted
        (nested, or written differently).

    Examples
    --------
    >>> box = "<details>\n<summary><b>Try:</b> show\n$x \\ge 0$.</summary>\n\nBody.\n</details>"
    >>> print(details_to_dropdowns("Text.\n\n" + box))
    Text.
    <BLANKLINE>
    `````{course-dropdown} **Try:** show $x \ge 0$.
    Body.
    `````
    """

    def convert(match: re.Match) -> str:
        title = match["title"]
        for tag, markdown in INLINE_HTML:
            title = tag.sub(markdown, title)
        title = " ".join(title.split())
        if "<" in title or not title:
            raise ValueError(f"a <summary> this build cannot turn into a title: {match['title']!r}")
        body = match["body"].strip("\n")
        if DROPDOWN_FENCE in body:
            raise ValueError("a <details> body holds a fence as long as the dropdown's own")
        return f"{DROPDOWN_FENCE}{{course-dropdown}} {title}\n{body}\n{DROPDOWN_FENCE}"

    out = DETAILS.sub(convert, source)
    if "<details" in out:
        raise ValueError("a <details> box the build could not convert (nested or malformed)")
    return out


def theory_page(path: Path) -> nbformat.NotebookNode:
    """A theory notebook as its page shows it: the "Try it yourself" boxes as dropdowns."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "<details" in cell.source:
            cell.source = details_to_dropdowns(cell.source)
    return nb


def theory_notebooks(root: Path = ROOT) -> list[Path]:
    """The theory notebooks in course order: ``notebooks/NN_*.ipynb``."""
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def exercise_notebooks(root: Path = ROOT) -> list[Path]:
    """The released exercise notebooks: ``exercises/<assignment>/*.ipynb``."""
    return sorted(p for p in (root / "exercises").glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def is_autograded_test(cell) -> bool:
    """An nbgrader test cell: a locked, graded code cell that is not a solution."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def exercise_page(path: Path) -> nbformat.NotebookNode:
    """The release notebook as its page shows it: test cells removed, a note on where to run it."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if is_autograded_test(cell):
            tags = cell.metadata.setdefault("tags", [])
            if REMOVE_TAG not in tags:
                tags.append(REMOVE_TAG)
    first_heading = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1)
    nb.cells.insert(first_heading + 1, nbformat.v4.new_markdown_cell(EXERCISE_NOTE))
    for i, cell in enumerate(nb.cells):
        cell.id = cell.get("id") or f"site-{i}"
    return nb


def stage(root: Path = ROOT, staging: Path = STAGING) -> list[str]:
    """Fill ``staging`` with every page's source; returns their repository paths."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copy2(SITE / "index.md", staging / "index.md")
    staged = []
    for nb in theory_notebooks(root):
        rel = nb.relative_to(root)
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(theory_page(nb), staging / rel)
        staged.append(str(rel))
    for nb in exercise_notebooks(root):
        rel = nb.relative_to(root)
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(exercise_page(nb), staging / rel)
        staged.append(str(rel))
    for guide in GUIDES:
        (staging / guide).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / guide, staging / guide)
        staged.append(guide)
    if not theory_notebooks(root):
        raise SystemExit("no notebooks/NN_*.ipynb to publish")
    return staged


def main() -> int:
    from sphinx.cmd.build import main as sphinx_build

    start = time.perf_counter()
    pages = stage()
    # A clean output folder, -E -a: a fresh environment every time (the staging folder is new, the
    # extension's output is not tracked by Sphinx's incremental build, and a page whose notebook
    # was removed must not linger); -W: a warning fails the build.
    if HTML.exists():
        shutil.rmtree(HTML)
    rc = sphinx_build(["-q", "-E", "-a", "-W", "--keep-going", "-b", "html", "-c", str(SITE),
                       "-d", str(BUILD / "doctrees"), str(STAGING), str(HTML)])
    if rc == 0:
        print(f"site: {len(pages) + 1} pages in {HTML.relative_to(ROOT)}/ "
              f"({time.perf_counter() - start:.1f} s); open {HTML.relative_to(ROOT)}/index.html")
    return rc


if __name__ == "__main__":
    sys.exit(main())
