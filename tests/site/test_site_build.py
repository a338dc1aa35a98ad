"""The built site and its parts without a browser: no http(s) asset anywhere, every numbered notebook
and nothing else from notebooks/, the release and never the solutions, the run links, MathJax once."""

from __future__ import annotations

import doctest
import itertools
import posixpath
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from site_support import EXERCISES, HTML, REPO, THEORY, course_pages, marked_blocks, page_path, site_build

# Attributes that make a browser fetch something (a plain <a href> to another site is a link, not an asset).
ASSET_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
               "video": "src", "embed": "src", "object": "data", "link": "href"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)"
CSS_IMPORT = r"@import\s+['\"]?((?:https?:)?//[^'\";]+)"


class AssetRefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
                (attrs.get("rel") or "").split()):
            return  # <link rel="index|search|next|prev"> are navigation, not fetched
        name = ASSET_ATTRS.get(tag)
        if name and attrs.get(name):
            self.refs.append((tag, attrs[name]))
        if attrs.get("srcset"):
            self.refs += [(tag, part.split()[0]) for part in attrs["srcset"].split(",") if part.strip()]
        if "style" in attrs and "url(" in (attrs["style"] or ""):
            self.refs += [(tag, u) for u in re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])]


@pytest.fixture(scope="module")
def html_files() -> list[Path]:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the site first (`make site`)")
    return sorted(HTML.rglob("*.html"))


def test_no_page_references_an_http_asset(html_files):
    external = []
    for path in html_files:
        parser = AssetRefs()
        parser.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(HTML)
        external += [f"{rel}: <{tag}> {ref}" for tag, ref in parser.refs if EXTERNAL.match(ref)]
    assert len(html_files) >= len(THEORY) + len(EXERCISES) + 3
    assert not external, "\n".join(external[:20])


def test_no_stylesheet_imports_or_fonts_from_the_internet():
    css = sorted((HTML / "_static").rglob("*.css"))
    assert css
    remote = []
    for path in css:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(HTML)
        remote += [f"{rel}: url({u})" for u in re.findall(CSS_URL, text)]
        remote += [f"{rel}: @import {u}" for u in re.findall(CSS_IMPORT, text)]
    assert not remote, "\n".join(remote)


def test_mathjax_is_the_vendored_one_and_loaded_once_per_math_page(html_files):
    pinned = (REPO / "site" / "node_modules" / "mathjax" / "package.json").read_text()
    assert '"version": "3.2.2"' in pinned
    math_pages = 0
    for path in html_files:
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]*mathjax[^\"]*)\"", text, flags=re.IGNORECASE)
        if 'class="math' in text:
            math_pages += 1
            assert len(scripts) == 1, (path, scripts)
            assert scripts[0].split("?")[0].endswith("_static/mathjax/tex-chtml.js"), (path, scripts)
        else:
            assert len(scripts) <= 1
    assert math_pages >= len(THEORY)
    assert (HTML / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


def test_every_numbered_notebook_and_released_exercise_has_a_page_and_its_file():
    for nb in THEORY + EXERCISES:
        assert (HTML / page_path(nb)).is_file(), nb
        published = HTML / nb.relative_to(REPO)
        assert published.read_bytes() == nb.read_bytes(), f"{published} is not the committed notebook"
    for guide in site_build.GUIDES:
        assert (HTML / guide).with_suffix(".html").is_file(), guide


def test_nothing_from_the_solutions_is_published():
    secret = set()
    for source in sorted((REPO / "solutions").glob("*/*.ipynb")):
        for cell in nbformat.read(source, as_version=4).cells:
            for begin, end in (("### BEGIN SOLUTION", "### END SOLUTION"),
                               ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")):
                secret |= {s.strip() for s in marked_blocks(cell.source, begin, end) if len(s.strip()) >= 16}
    # A line that the course publishes anyway is no secret: the release itself, and the theory
    # notebooks, which show the textbook algorithms (e.g. the plain Blahut-Arimoto loop of §11,
    # the 2-D histogram plug-in of §14) that some exercises then ask for in a harder form.
    public = [*(REPO / "exercises").rglob("*.ipynb"), *THEORY]
    released = "".join(p.read_text(encoding="utf-8") for p in public)
    secret = {s for s in secret if s not in released}
    assert len(secret) > 20
    leaks = []
    for path in HTML.rglob("*"):
        text_file = path.suffix in {".html", ".js", ".ipynb", ".txt", ".json"}
        if path.is_file() and text_file and "mathjax" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(HTML)}: {s}" for s in secret if s in text]
    assert not leaks, "\n".join(leaks[:10])
    assert not any("solutions" in p.parts for p in HTML.rglob("*"))


def test_staging_takes_only_numbered_ipynb_from_notebooks(tmp_path):
    """Paired jupytext .py files, a README and un-numbered notebooks are not pages; the numbered
    ones are staged in name order, whatever their number."""
    repo = tmp_path / "repo"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\n\n## 1. A")])
    for name in ("02_b.ipynb", "01_a.ipynb", "10_c.ipynb", "scratch.ipynb"):
        (repo / "notebooks").mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, repo / "notebooks" / name)
    (repo / "notebooks" / "01_a.py").write_text("# %%\n")
    (repo / "notebooks" / "README.md").write_text("# x\n")
    (repo / "docs").mkdir()
    for guide in site_build.GUIDES:
        (repo / guide).write_text("# Guide\n")
    staged = site_build.stage(repo, tmp_path / "src")
    assert [s for s in staged if s.startswith("notebooks/")] == [
        "notebooks/01_a.ipynb", "notebooks/02_b.ipynb", "notebooks/10_c.ipynb"]
    assert sorted(p.name for p in (tmp_path / "src" / "notebooks").iterdir()) == [
        "01_a.ipynb", "02_b.ipynb", "10_c.ipynb"]


def test_exercise_page_leaves_out_test_cells_and_keeps_statements_and_stubs():
    for path in EXERCISES:
        original = nbformat.read(path, as_version=4)
        page = site_build.exercise_page(path)
        removed = [c for c in page.cells if "remove-cell" in c.metadata.get("tags", [])]
        tests = [c for c in original.cells if site_build.is_autograded_test(c)]
        assert tests and len(removed) == len(tests)
        assert all(site_build.is_autograded_test(c) for c in removed)
        kept = [c.source for c in page.cells if c not in removed]
        for cell in original.cells:
            if not site_build.is_autograded_test(cell):
                assert cell.source in kept
        assert sum(c.source == site_build.EXERCISE_NOTE for c in page.cells) == 1


def test_nbgitpuller_link_clones_the_repository_and_opens_the_notebook():
    url = course_pages.nbgitpuller_url("https://hub.example.edu/", "https://github.com/org/mi-course",
                                       "main", "notebooks/04_estimation_and_bounds.ipynb")
    assert url == ("https://hub.example.edu/hub/user-redirect/git-pull?"
                   "repo=https%3A%2F%2Fgithub.com%2Forg%2Fmi-course&branch=main"
                   "&urlpath=lab%2Ftree%2Fmi-course%2Fnotebooks%2F04_estimation_and_bounds.ipynb")
    with pytest.raises(ValueError, match="hub URL"):
        course_pages.nbgitpuller_url("", "https://github.com/org/mi-course", "main", "x.ipynb")


def test_run_bar_uses_the_hub_when_configured_and_make_lab_otherwise():
    path = "notebooks/03_channels_and_limits.ipynb"
    hub = course_pages.run_bar({"hub_url": "https://hub.example.edu", "repo_url": "https://github.com/o/c.git",
                                "branch": "term-1"}, path)
    assert 'class="course-run-hub" href="https://hub.example.edu/hub/user-redirect/git-pull?' in hub
    assert "branch=term-1" in hub and "lab%2Ftree%2Fc%2Fnotebooks%2F03_channels_and_limits.ipynb" in hub
    assert "make lab" not in hub
    local = course_pages.run_bar({"hub_url": "", "repo_url": "", "branch": "main"}, path)
    assert "make lab" in local and path in local and "git-pull" not in local
    for bar in (hub, local):
        assert 'href="03_channels_and_limits.ipynb" download' in bar


def test_notes_box_is_keyed_by_page_and_limited_to_8000():
    box = course_pages.notes_box("notebooks/01_intuition_and_definitions")
    assert 'data-page="notebooks/01_intuition_and_definitions"' in box
    assert 'maxlength="8000"' in box and "0/8000" in box and "never sent anywhere" in box
    js = (REPO / "site" / "_static" / "course-notes.js").read_text()
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "http://", "https://"):
        assert forbidden not in js, f"the notes script must never send anything: {forbidden}"


class NavLinks(HTMLParser):
    """The theme's previous/next links and the primary sidebar's page links, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.prev = self.next = None
        self.sidebar: list[str] = []
        self._depth = 0  # >0 while inside the primary sidebar

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self._depth:
            self._depth += tag not in VOID
        elif tag == "div" and "bd-sidebar-primary" in classes:
            self._depth = 1
        if tag == "a" and "right-next" in classes:
            self.next = attrs["href"]
        if tag == "a" and "left-prev" in classes:
            self.prev = attrs["href"]
        if self._depth and tag == "a" and "reference" in classes and "internal" in classes:
            self.sidebar.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def nav(page: str) -> NavLinks:
    parser = NavLinks()
    parser.feed((HTML / page).read_text(encoding="utf-8"))
    return parser


def resolve(page: str, href: str) -> str:
    """The site path a link on ``page`` leads to (``#…`` alone is the page itself)."""
    target = href.split("#")[0] or posixpath.basename(page)
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def test_previous_and_next_follow_the_course_order(html_files):
    order = (["index.html"] + [page_path(p) for p in THEORY + EXERCISES]
             + [Path(g).with_suffix(".html").as_posix() for g in site_build.GUIDES])
    for here, there in itertools.pairwise(order):
        assert resolve(here, nav(here).next) == there, f"{here}: next is {nav(here).next}"
        assert resolve(there, nav(there).prev) == here, f"{there}: previous is {nav(there).prev}"
    assert nav(order[-1]).next is None
    sidebar = [resolve("index.html", h) for h in nav("index.html").sidebar]
    assert [p for p in sidebar if p in order] == order, sidebar


def test_make_site_refuses_stale_notebooks_before_building():
    """`make site` runs the staleness check (exit 1 names every stale notebook) before the build,
    in one recipe, so a stale notebook stops it (staleness as tests/notebooks defines it)."""
    dry = subprocess.run(["make", "-n", "--no-print-directory", "site"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    check = next(i for i, line in enumerate(dry) if line.endswith("tools/notebooks/build.py --check"))
    build = next(i for i, line in enumerate(dry) if line.endswith("site/build.py"))
    assert check < build


def test_the_extension_docstring_examples_run():
    result = doctest.testmod(course_pages)
    assert result.attempted > 0 and result.failed == 0


def test_links_to_folders_and_repository_files(tmp_path):
    pages = {"index", "notebooks/01_a", "notebooks/02_b", "exercises/mi/mi", "exercises/two/x",
             "exercises/two/y"}
    (tmp_path / "mi_helpers").mkdir()
    (tmp_path / "mi_helpers" / "discrete.py").write_text("")
    (tmp_path / "README.md").write_text("")
    hub = {"repo_url": "https://github.com/org/mi-course.git", "branch": "term-1"}
    link = course_pages.repository_link
    assert link("notebooks/01_a", "../exercises/mi/", pages, "", {}) == ("doc", "exercises/mi/mi")
    # A folder with two pages is ambiguous; a missing file is a typo: both stay errors for myst.
    assert link("notebooks/01_a", "../exercises/two/", pages, str(tmp_path), {}) is None
    assert link("notebooks/01_a", "../mi_helpers/discrete.py#L10", pages, str(tmp_path), hub) == (
        "url", "https://github.com/org/mi-course/blob/term-1/mi_helpers/discrete.py#L10")
    assert link("notebooks/01_a", "../mi_helpers/", pages, str(tmp_path), hub) == (
        "url", "https://github.com/org/mi-course/tree/term-1/mi_helpers")
    assert link("notebooks/01_a", "../README.md", pages, str(tmp_path), {"repo_url": ""}) == ("text", "")
    assert link("notebooks/01_a", "../no_such_file.py", pages, str(tmp_path), hub) is None
    assert link("notebooks/01_a", "../../outside.md", pages, str(tmp_path), hub) is None
    assert link("notebooks/01_a", "https://example.org/x", pages, str(tmp_path), hub) is None


def test_the_notebooks_folder_links_lead_to_the_exercise_page():
    links = 0
    for nb in THEORY:
        text = (HTML / page_path(nb)).read_text(encoding="utf-8")
        assert "exercises/mutual_information/\"" not in text, f"{nb.name}: a folder link left as it is"
        links += text.count('href="../exercises/mutual_information/mutual_information.html"')
    assert links >= len(THEORY)
