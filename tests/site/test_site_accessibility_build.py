"""Accessibility of the built site, read from its HTML and sources (no browser): every figure has
the alt text written for it in site/figure_alt.toml (a description, never a path) and a link to
its full-size PNG; every "Try it yourself" box is the site's dropdown, none left as raw HTML."""

from __future__ import annotations

import posixpath
import re
import tomllib
from html.parser import HTMLParser

import pytest
from site_support import (
    EXERCISES,
    HTML,
    SITE,
    THEORY,
    course_pages,
    figure_count,
    page_path,
    read_nb,
    site_build,
)

ALT_TABLE = SITE / "figure_alt.toml"
PATHLIKE = re.compile(r"(^|/)[\w.-]+\.(png|svg|jpe?g)$|^\.\.?/|_images|jupyter_execute", re.IGNORECASE)


@pytest.fixture(scope="module")
def alt_table() -> dict[str, list[str]]:
    return tomllib.loads(ALT_TABLE.read_text(encoding="utf-8"))


def test_the_alt_table_has_one_description_per_figure_of_every_notebook(alt_table):
    assert set(alt_table) == {nb.stem for nb in THEORY}, "one entry list per theory notebook, no other"
    for nb in THEORY:
        entries = alt_table[nb.stem]
        assert len(entries) == figure_count(read_nb(nb)), f"{nb.name}: {len(entries)} alt texts"
        for alt in entries:
            assert not PATHLIKE.search(alt.strip()), f"{nb.name}: an alt text that is a path: {alt!r}"
            # A description says what is shown: a sentence of some length, not a title or a hash.
            assert len(alt.split()) >= 12 and alt.strip().endswith("."), f"{nb.name}: too short: {alt!r}"
        assert len(set(entries)) == len(entries), f"{nb.name}: two figures share an alt text"


class Figures(HTMLParser):
    """The output images of a page: (alt, src, href of the link around it or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[tuple[str, str, str | None]] = []
        self._link: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._link = attrs.get("href") if "course-figure" in (attrs.get("class") or "").split() else None
        if tag == "img" and "_images/" in (attrs.get("src") or ""):
            self.images.append((attrs.get("alt") or "", attrs["src"], self._link))

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None


@pytest.mark.parametrize("nb", THEORY, ids=[p.stem for p in THEORY])
def test_every_figure_on_the_page_has_its_alt_text_and_opens_full_size(nb, alt_table):
    parser = Figures()
    parser.feed((HTML / page_path(nb)).read_text(encoding="utf-8"))
    assert [alt for alt, _, _ in parser.images] == [a.strip() for a in alt_table[nb.stem]]
    page_dir = posixpath.dirname(page_path(nb))
    for _alt, src, href in parser.images:
        assert href == src, f"{nb.name}: {src} is not linked to its full-size file ({href})"
        assert (HTML / posixpath.normpath(posixpath.join(page_dir, src))).is_file(), src


def test_the_figure_rewrite_refuses_a_missing_or_blank_alt_text():
    body = '<img alt="../_images/a.png" src="../_images/a.png" /><img alt="x" src="../_images/b.png" />'
    with pytest.raises(Exception, match="2 figures but 1 alt texts"):
        course_pages.describe_figures(body, ["Only one."], "p")
    with pytest.raises(Exception, match="blank alt text"):
        course_pages.describe_figures(body, ["One.", "  "], "p")
    out = course_pages.describe_figures(body, ["A rising line.", 'Bars "quoted" <b>.'], "p")
    assert 'alt="A rising line."' in out and 'alt="Bars &quot;quoted&quot; &lt;b&gt;."' in out
    assert "../_images/a.png" not in re.findall(r'alt="([^"]*)"', out)


def details_in_sources(nb) -> int:
    return sum(c.source.count("<details") for c in read_nb(nb).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("nb", THEORY + EXERCISES, ids=[p.stem for p in THEORY + EXERCISES])
def test_try_it_yourself_boxes_are_dropdowns_with_markdown_titles(nb):
    text = (HTML / page_path(nb)).read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    boxes = re.findall(r"<details\b[^>]*>", article)
    assert all('class="course-dropdown"' in b for b in boxes), f"raw <details> left: {boxes}"
    assert len(boxes) == details_in_sources(nb)
    for title in re.findall(r'<summary class="course-dropdown-title">(.*?)</summary>', article, re.DOTALL):
        assert "$" not in re.sub(r'<span class="math[^"]*">.*?</span>', "", title), title
        assert "<b>" not in title and "&lt;" not in title, title


def test_the_boxes_are_converted_and_their_math_becomes_math_nodes():
    src = ("Before.\n\n<details>\n<summary><b>Try it yourself:</b> show that\n$I \\le \\log K$."
           "</summary>\n\nProof with $$a = b$$ and\n\n```python\nx = 1\n```\n</details>\n\nAfter.")
    out = site_build.details_to_dropdowns(src)
    assert "<details" not in out and "<summary" not in out
    assert "`````{course-dropdown} **Try it yourself:** show that $I \\le \\log K$.\n" in out
    assert "```python\nx = 1\n```" in out and out.endswith("`````\n\nAfter.")
    with pytest.raises(ValueError, match="title"):
        site_build.details_to_dropdowns("<details><summary><a href='x'>t</a></summary>b</details>")
    with pytest.raises(ValueError, match="could not convert"):
        site_build.details_to_dropdowns("<details open><summary>t</summary>b</details>")


def test_a_theory_page_is_staged_with_dropdowns_and_its_download_is_the_committed_file(tmp_path):
    site_build.stage(site_build.ROOT, tmp_path)
    for nb in THEORY:
        staged = read_nb(tmp_path / nb.relative_to(site_build.ROOT))
        assert not any("<details" in c.source for c in staged.cells if c.cell_type == "markdown")
        if details_in_sources(nb):
            assert (HTML / nb.relative_to(site_build.ROOT)).read_bytes() == nb.read_bytes()
