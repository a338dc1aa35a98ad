"""The run buttons: the theme's launch buttons (Colab, Binder, the course's JupyterHub through
nbgitpuller) and the run bar that repeats them, built from the config values conf.py reads
(COURSE_REPO_URL, COURSE_REPO_BRANCH, COURSE_HUB_URL). The site is built twice into a temporary
folder, with and without a hub; the services themselves cannot be reached from here, so the tests
check the links' shape on every notebook page of the built HTML."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from site_support import EXERCISES, REPO, SITE, THEORY, page_path, site_build

REPO_URL = "https://github.com/example-org/mi-course"
BRANCH = "term-2027"
HUB = "https://hub.example.edu"
NOTEBOOKS = THEORY + EXERCISES
NOT_NOTEBOOKS = ["index.html"] + [Path(g).with_suffix(".html").as_posix() for g in site_build.GUIDES]


def build(tmp: Path, env: dict[str, str]) -> Path:
    """Stage and build the site into ``tmp/html`` with ``env`` as the run-link configuration."""
    site_build.stage(REPO, tmp / "src")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-a", "-W", "--keep-going", "-b", "html",
         "-c", str(SITE), "-d", str(tmp / "doctrees"), str(tmp / "src"), str(tmp / "html")],
        env=clean | env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return tmp / "html"


@pytest.fixture(scope="module")
def with_hub(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("hub"),
                 {"COURSE_REPO_URL": REPO_URL, "COURSE_REPO_BRANCH": BRANCH, "COURSE_HUB_URL": HUB})


@pytest.fixture(scope="module")
def without_hub(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("nohub"),
                 {"COURSE_REPO_URL": REPO_URL, "COURSE_REPO_BRANCH": BRANCH})


class Links(HTMLParser):
    """Every <a href> of a page with its classes, and the text of the run bar."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, set[str]]] = []
        self.bar_links: list[tuple[str, str]] = []  # (class, href) inside .course-run
        self.bar_text = ""
        self._bar = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag == "div" and "course-run" in classes:
            self._bar = 1
        elif self._bar and tag not in ("br", "img", "wbr"):
            self._bar += 1
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], classes))
            if self._bar:
                self.bar_links.append((" ".join(sorted(classes)), attrs["href"]))

    def handle_endtag(self, tag):
        if self._bar:
            self._bar -= 1

    def handle_data(self, data):
        if self._bar:
            self.bar_text += data


def parse(html_root: Path, page: str) -> Links:
    parser = Links()
    parser.feed((html_root / page).read_text(encoding="utf-8"))
    return parser


def expected(rel: str) -> dict[str, str]:
    return {
        "Colab": f"https://colab.research.google.com/github/example-org/mi-course/blob/{BRANCH}/{rel}",
        "Binder": f"https://mybinder.org/v2/gh/example-org/mi-course/{BRANCH}?urlpath=lab/tree/{rel}",
    }


def hub_links(parser: Links) -> set[str]:
    return {h for h, _ in parser.links if h.startswith(HUB)}


def check_hub_link(url: str, rel: str) -> None:
    """An nbgitpuller link: clone the repository's branch, open the notebook in JupyterLab."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == HUB and parts.path == "/hub/user-redirect/git-pull", url
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"repo": REPO_URL, "branch": BRANCH, "urlpath": f"lab/tree/mi-course/{rel}"}, url


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_page_launches_on_colab_binder_and_the_hub(nb, with_hub):
    rel = nb.relative_to(REPO).as_posix()
    page = parse(with_hub, page_path(nb))
    hrefs = {h for h, _ in page.links}
    for service, url in expected(rel).items():
        assert url in hrefs, f"{service}: {url} not among {sorted(h for h in hrefs if 'http' in h)}"
    hubs = hub_links(page)
    assert hubs, "no JupyterHub link"
    for url in hubs:
        check_hub_link(url, rel)
    # The bar leads with the hub, offers Colab and Binder with the theme's very links, and the file.
    bar = dict(page.bar_links)
    check_hub_link(bar["course-run-hub"], rel)
    assert bar["course-run-colab"] == expected(rel)["Colab"]
    assert bar["course-run-binder"] == expected(rel)["Binder"]
    assert bar["course-run-file"] == nb.name
    assert "make lab" not in page.bar_text


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_without_a_hub_the_bar_says_make_lab_and_offers_colab_and_binder(nb, without_hub):
    rel = nb.relative_to(REPO).as_posix()
    page = parse(without_hub, page_path(nb))
    assert not hub_links(page) and not any("git-pull" in h for h, _ in page.links)
    bar = dict(page.bar_links)
    assert "course-run-hub" not in bar
    assert "make lab" in page.bar_text and rel in page.bar_text
    assert bar["course-run-colab"] == expected(rel)["Colab"]
    assert bar["course-run-binder"] == expected(rel)["Binder"]
    assert bar["course-run-file"] == nb.name
    assert {expected(rel)["Colab"], expected(rel)["Binder"]} <= {h for h, _ in page.links}


@pytest.mark.parametrize("page", NOT_NOTEBOOKS)
def test_pages_that_are_not_notebooks_have_no_launch_buttons(page, with_hub):
    links = parse(with_hub, page)
    assert not [h for h, _ in links.links if h.startswith(("https://colab", "https://mybinder", HUB))]
    assert not links.bar_links
