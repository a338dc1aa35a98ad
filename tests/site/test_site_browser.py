"""The reading site in Chromium, served from site/_build/html on 127.0.0.1.

Every notebook page: figures as many as its notebook holds, every formula typeset by MathJax without
error nodes, the numbered section anchors and the 390 px layout; on every test, no console error and
no request beyond the local server (the ``page`` fixture). Then search, §16 by its anchor, run
links, the private notes and the exercise page against the solutions; screenshots of the home page
and §16 at desktop and mobile width land in artifacts/site/. (Navigation order is a property of the
HTML alone: test_site_build.py.)
"""

from __future__ import annotations

import re

import pytest
from site_support import (
    EXERCISES,
    REPO,
    THEORY,
    figure_count,
    has_math,
    marked_blocks,
    numbered_sections,
    page_path,
    read_nb,
    section_anchor,
)

pytestmark = pytest.mark.slow

NOTEBOOK_PAGES = THEORY + EXERCISES
DESKTOP = {"width": 1400, "height": 900}
MOBILE = {"width": 390, "height": 844}

# What a page shows: output images (decoded or not) and Sphinx's math nodes with MathJax's output.
PAGE_STATE_JS = """() => {
  const main = document.querySelector('article.bd-article') || document.body;
  const imgs = [...main.querySelectorAll('.cell_output img')];
  const math = [...main.querySelectorAll('span.math, div.math')];
  return {
    images: imgs.length,
    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    math: math.length,
    typeset: math.filter(m => m.querySelector('mjx-container')).length,
    errors: [...main.querySelectorAll('mjx-merror')].map(e => e.getAttribute('data-mjx-error')
                                                             || e.textContent),
    rawTex: (main.innerText.match(/\\\\[()\\[\\]]/g) || []).length,
    // A $ left in prose is math the Markdown parser did not recognise (code may hold any $).
    strayDollars: [...main.querySelectorAll('p, li, td')].filter(e => !e.closest('pre, .cell_output'))
      .map(e => { const c = e.cloneNode(true);
                  c.querySelectorAll('code, mjx-container, .math').forEach(x => x.remove());
                  return c.textContent; })
      .filter(t => t.includes('$')).map(t => t.trim().slice(0, 80)),
  };
}"""


def open_page(page, site_url: str, path: str, fragment: str = "") -> dict:
    """Open a page, wait until MathJax has finished and every image has decoded; its state."""
    page.goto(f"{site_url}/{path}{fragment}")
    # Sphinx loads MathJax only on pages that have math.
    page.wait_for_function("() => !document.querySelector('script[src*=\"mathjax\"]')"
                           " || (window.MathJax && MathJax.startup && MathJax.startup.promise)")
    page.evaluate("() => window.MathJax && MathJax.startup.promise.then(() => true)")
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete)", timeout=30_000,
    )
    return page.evaluate(PAGE_STATE_JS)


def notes_in_storage(page) -> dict[str, str]:
    """The course's notes in the page's localStorage (the theme keeps its light/dark choice there too)."""
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('mi-course:notes:')).map(k => [k, localStorage.getItem(k)]))""")


def test_the_site_has_every_numbered_notebook_and_the_released_exercises():
    assert THEORY, "notebooks/ holds no NN_*.ipynb"
    assert EXERCISES, "exercises/ holds no released notebook"
    for nb in NOTEBOOK_PAGES:
        assert (REPO / "site" / "_build" / "html" / page_path(nb)).is_file(), f"no page for {nb}"


def check_figures_and_math(path, state: dict) -> None:
    nb = read_nb(path)
    assert state["images"] == figure_count(nb), f"{path.name}: {state['images']} images on the page"
    assert state["decoded"] == state["images"], f"{path.name}: images that did not load: {state}"
    if has_math(nb):
        assert state["math"] > 0, f"{path.name}: the notebook has $…$ but the page has no math node"
    assert state["typeset"] == state["math"], f"{path.name}: formulas MathJax left alone: {state}"
    assert not state["errors"], f"{path.name}: MathJax error nodes: {state['errors']}"
    assert state["rawTex"] == 0, f"{path.name}: raw \\( \\) left in the text"
    assert not state["strayDollars"], f"{path.name}: unparsed $ in the prose: {state['strayDollars'][:3]}"


def check_section_anchors(path, page) -> None:
    """Every ``## N. Title`` of the notebook has an id ``N-…`` on the page (the seed's numbering)."""
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    sections = numbered_sections(read_nb(path))
    if path in THEORY:
        assert sections, f"{path.name} has no '## N. Title' section"
    for number, title in sections:
        assert any(i.startswith(f"{number}-") for i in ids), f"no #{number}-… anchor for §{number} {title}"


MOBILE_LAYOUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const inArticle = tags => tags.map(t => 'article.bd-article ' + t).join(', ');
  const wide = [...document.querySelectorAll(inArticle(['p', 'li', 'h1', 'h2', 'h3', 'code']))]
    .filter(e => !e.closest('pre, .highlight, .cell_output, mjx-container, table'))
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 60));
  // Wide formulas, code and outputs may scroll sideways, but inside their own box.
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const clipped = [...document.querySelectorAll(inArticle(['mjx-container[display="true"]', 'pre', 'table']))]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .filter(e => { for (let a = e; a && a.tagName !== 'ARTICLE'; a = a.parentElement)
                     if (scrolls(a)) return false;
                   return true; })
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 60));
  return {width, scroll: document.documentElement.scrollWidth, wide, clipped};
}"""


def check_mobile_layout(path: str, page) -> None:
    """At 390 px the page does not scroll sideways, no prose is wider than the screen, and wide
    formulas, code and tables scroll inside their own box instead of being cut off."""
    page.set_viewport_size(MOBILE)
    page.wait_for_function("w => document.documentElement.clientWidth <= w", arg=MOBILE["width"])
    layout = page.evaluate(MOBILE_LAYOUT_JS)
    assert layout["scroll"] <= layout["width"], f"{path}: the page scrolls sideways: {layout}"
    assert not layout["wide"], f"{path}: prose wider than the screen: {layout['wide'][:5]}"
    assert not layout["clipped"], f"{path}: wide content cut off, not scrollable: {layout['clipped'][:5]}"


@pytest.mark.parametrize("path", NOTEBOOK_PAGES, ids=[p.stem for p in NOTEBOOK_PAGES])
def test_notebook_page_figures_formulas_anchors_and_mobile_layout(path, page, site_url, summary):
    """One visit per page: every figure of the notebook shown, every formula typeset by MathJax
    without error nodes, the numbered section anchors; then the same page at 390 px."""
    state = open_page(page, site_url, page_path(path))
    summary[page_path(path)] = state
    check_figures_and_math(path, state)
    check_section_anchors(path, page)
    check_mobile_layout(page_path(path), page)


def test_home_and_guides_load_cleanly_fit_a_phone_and_math_comes_from_the_site(page, site_url):
    """The pages not built from notebooks: clean console, no foreign request (fixture), the 390 px
    layout. Then a math page: MathJax and its fonts come from the site itself (which also shows that
    the request recorder sees requests)."""
    for path in ("index.html", "docs/instructors.html", "docs/deployment.html"):
        page.set_viewport_size(DESKTOP)
        open_page(page, site_url, path)
        check_mobile_layout(path, page)
    page.set_viewport_size(DESKTOP)
    open_page(page, site_url, page_path(THEORY[0]))
    local = [u.split("?")[0] for u in page.traffic.requests if u.startswith(site_url)]
    assert any(u.endswith("/mathjax/tex-chtml.js") for u in local), local
    assert any("/mathjax/output/chtml/fonts/woff-v2/" in u for u in local), "no MathJax font loaded"
    assert any("/_static/" in u and u.endswith(".css") for u in local), local


def test_search_finds_blahut(page, site_url):
    expected = [page_path(p) for p in THEORY if "Blahut" in p.read_text(encoding="utf-8")]
    assert expected, "no theory notebook mentions Blahut"
    page.goto(f"{site_url}/search.html?q=Blahut")
    hits = page.locator("#search-results ul.search li a")
    hits.first.wait_for(timeout=30_000)
    targets = [hits.nth(i).get_attribute("href") for i in range(hits.count())]
    assert any(e in t for t in targets for e in expected), (targets, expected)


def test_section_16_is_reached_by_its_anchor(page, site_url):
    notebook, anchor = section_anchor(16)
    assert anchor.startswith("16-")
    open_page(page, site_url, page_path(notebook), f"#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1
    heading = target.locator("xpath=ancestor-or-self::section[1]").locator("h2").first
    assert heading.inner_text().startswith("16."), heading.inner_text()
    box = page.evaluate("""id => {
      const r = document.getElementById(id).getBoundingClientRect();
      return {top: r.top, height: innerHeight};
    }""", anchor)
    assert 0 <= box["top"] < box["height"] / 2, f"§16 not scrolled into view: {box}"


@pytest.mark.parametrize("path", THEORY[:1] + EXERCISES, ids=[p.stem for p in THEORY[:1] + EXERCISES])
def test_run_links_say_make_lab_and_give_the_notebook_file(path, page, site_url):
    """Built without a hub (the default): the run bar says how to run it locally, and its file link
    serves the very notebook that is committed."""
    page.goto(f"{site_url}/{page_path(path)}")
    bar = page.locator(".course-run")
    assert bar.count() == 1
    rel = path.relative_to(REPO).as_posix()
    assert "make lab" in bar.inner_text() and rel in bar.inner_text()
    href = page.evaluate("a => a.href", bar.locator("a.course-run-file").element_handle())
    assert href == f"{site_url}/{rel}"
    assert page.request.get(href).body() == path.read_bytes()


def test_a_note_survives_a_reload_and_stays_on_its_page(page, site_url):
    first, second = page_path(THEORY[0]), page_path(THEORY[1])
    page.goto(f"{site_url}/{first}")
    box = page.locator("#private-notes")
    box.wait_for(state="visible")
    note = "Mutual information is symmetric: I(X;Y) = I(Y;X). ρ²"
    box.locator("textarea").press_sequentially(note[:10])
    box.locator("textarea").fill(note)
    assert box.locator(".course-notes-count").inner_text() == f"{len(note)}/8000"

    page.reload()
    assert page.locator("#private-notes textarea").input_value() == note
    assert page.locator("#private-notes .course-notes-count").inner_text() == f"{len(note)}/8000"

    page.goto(f"{site_url}/{second}")
    assert page.locator("#private-notes textarea").input_value() == ""
    assert page.locator("#private-notes .course-notes-count").inner_text() == "0/8000"

    page.goto(f"{site_url}/{first}")
    assert page.locator("#private-notes textarea").input_value() == note
    assert notes_in_storage(page) == {"mi-course:notes:v1:" + first.removesuffix(".html"): note}


def test_notes_export_clear_and_the_8000_character_limit(page, site_url, tmp_path):
    page.goto(f"{site_url}/{page_path(THEORY[-1])}")
    area = page.locator("#private-notes textarea")
    area.wait_for(state="visible")
    area.fill("x" * 8100)
    assert len(area.input_value()) == 8000
    assert page.locator("#private-notes .course-notes-count").inner_text() == "8000/8000"

    area.fill("notes to keep\nline two")
    with page.expect_download() as download:
        page.locator("#private-notes .course-notes-export").click()
    saved = tmp_path / "notes.txt"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == "notes to keep\nline two"
    assert download.value.suggested_filename.endswith("-notes.txt")

    page.once("dialog", lambda d: d.dismiss())
    page.locator("#private-notes .course-notes-clear").click()
    assert area.input_value() == "notes to keep\nline two", "a dismissed Clear must keep the note"
    page.once("dialog", lambda d: d.accept())
    page.locator("#private-notes .course-notes-clear").click()
    assert area.input_value() == ""
    page.reload()
    assert page.locator("#private-notes textarea").input_value() == ""
    assert notes_in_storage(page) == {}


@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_exercise_page_holds_the_statements_and_no_solution_or_hidden_test(path, page, site_url):
    source = REPO / "solutions" / path.relative_to(REPO / "exercises")
    assert source.is_file(), f"no nbgrader source for {path}"
    released = path.read_text(encoding="utf-8")
    secret = []
    for cell in read_nb(source).cells:
        secret += marked_blocks(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
        secret += marked_blocks(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    # Distinctive lines only: a short line (`return h`) may also be in the release on its own.
    secret = sorted({s.strip() for s in secret if len(s.strip()) >= 16} - {""})
    secret = [s for s in secret if s not in released]
    assert len(secret) > 20, "the solutions hold too few distinctive lines to test against"

    open_page(page, site_url, page_path(path))
    text = page.locator("main").inner_text()
    html = page.content()
    leaked = [s for s in secret if s in text or s in html]
    assert not leaked, f"solution or hidden-test lines on the page: {leaked[:5]}"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in html
    headings = [c.source.splitlines()[0].lstrip("# ").strip() for c in read_nb(path).cells
                if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings, f"{path.name} has no exercise headings"
    missing = [h for h in headings if h not in text]
    assert not missing, f"statements missing from the page: {missing}"


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_of_home_and_section_16(size, page, site_url, artifacts):
    page.set_viewport_size(DESKTOP if size == "desktop" else MOBILE)
    open_page(page, site_url, "index.html")
    page.screenshot(path=artifacts / f"home-{size}.png")
    notebook, anchor = section_anchor(16)
    open_page(page, site_url, page_path(notebook), f"#{anchor}")
    page.screenshot(path=artifacts / f"section16-{size}.png")
    assert re.search(r"\b16\.", page.locator("main").inner_text())


# ---- Accessibility (issue 21, item 5): axe on every page, focus, wide math, code, contents list ----

from site_a11y import BLOCKING, blocking, counts, set_mode, violations  # noqa: E402
from site_support import HTML  # noqa: E402

LAPTOP = {"width": 1366, "height": 800}
ALL_PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                   if not p.relative_to(HTML).parts[0].startswith("_"))


def test_the_axe_run_covers_every_page_of_the_site():
    """The pages axe visits are read from the built site at collection: a missing build would
    otherwise leave nothing to check."""
    expected = {"index.html", "search.html"} | {page_path(p) for p in THEORY + EXERCISES}
    expected |= {"docs/instructors.html", "docs/deployment.html"}
    assert expected <= set(ALL_PAGES), sorted(expected - set(ALL_PAGES))


@pytest.mark.parametrize("path", ALL_PAGES)
def test_axe_finds_no_serious_or_critical_violation_in_either_mode(path, page, site_url, summary):
    """axe-core's WCAG 2.1 A/AA rules on every page at 1366 px, in the light and the dark theme
    (colour contrast is checked in both); the counts per impact land in summary.json."""
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url, path)
    backgrounds = {}
    for mode in ("light", "dark"):
        set_mode(page, mode)
        backgrounds[mode] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        found = violations(page)
        summary.setdefault("axe", {})[f"{path} [{mode}]"] = counts(found)
        bad = blocking(found)
        assert not bad, f"{path} ({mode}): {[(v['id'], v['impact'], v['nodes']) for v in bad]}"
    assert backgrounds["light"] != backgrounds["dark"], f"the dark theme did not apply: {backgrounds}"
    assert set(BLOCKING) == {"critical", "serious"}


def test_axe_reports_what_it_should_on_a_broken_page(page, site_url):
    """The axe run can fail: an image without alt text and grey-on-white text are caught as
    critical and serious."""
    open_page(page, site_url, "index.html")
    page.evaluate("""() => { const a = document.querySelector('article.bd-article');
      a.insertAdjacentHTML('afterbegin', '<img src="_static/favicon.svg">'
        + '<p style="color:#aaa;background:#fff">faint text that nobody can read</p>'); }""")
    ids = {v["id"]: v["impact"] for v in blocking(violations(page))}
    assert ids.get("image-alt") == "critical" and ids.get("color-contrast") == "serious", ids


FOCUS_JS = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""


@pytest.mark.parametrize("path", ["index.html", page_path(THEORY[3])])
def test_keyboard_focus_is_visible_on_everything_tab_reaches(path, page, site_url):
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url, path)
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is None:
            continue
        seen += 1
        visible = (focus["outline"] not in ("none", "") and focus["width"] >= 2) or focus["shadow"] != "none"
        assert visible, f"{path}: focus not visible on {focus}"
    assert seen >= 20, f"{path}: Tab reached only {seen} elements"


@pytest.mark.parametrize("path", THEORY, ids=[p.stem for p in THEORY])
def test_code_cells_fit_the_laptop_column_and_dropdown_titles_typeset_their_math(path, page, site_url):
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url, page_path(path))
    wide = page.evaluate("""() => [...document.querySelectorAll('div.cell_input pre')]
      .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.split('\\n')[0].slice(0, 60))""")
    assert not wide, f"{path.name}: code cells that scroll sideways at 1366 px: {wide}"
    titles = page.evaluate("""() => [...document.querySelectorAll('details.course-dropdown > summary')]
      .map(s => ({math: s.querySelectorAll('.math').length,
                  typeset: s.querySelectorAll('mjx-container').length, text: s.innerText}))""")
    for t in titles:
        assert t["math"] == t["typeset"] and "$" not in t["text"] and "\\(" not in t["text"], t
    if titles:
        summary_el = page.locator("details.course-dropdown > summary").first
        summary_el.click()
        assert page.evaluate("() => document.querySelector('details.course-dropdown').open")


WIDE_MATH_JS = """() => [...document.querySelectorAll('article mjx-container[display="true"]')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => { const s = getComputedStyle(e);
    return {tab: e.getAttribute('tabindex'), label: e.getAttribute('aria-label'), bg: s.backgroundImage,
            scrollbar: s.scrollbarWidth, overflow: s.overflowX}; })"""


def test_wide_display_math_on_a_phone_shows_that_it_scrolls(page, site_url):
    """§16's formulas are wider than a 390 px screen: each scrolls in its own box, shows an edge
    shadow and a thin scrollbar, and can be reached and scrolled with the keyboard."""
    notebook, _ = section_anchor(16)
    page.set_viewport_size(MOBILE)
    open_page(page, site_url, page_path(notebook))
    page.wait_for_function("() => document.querySelector('mjx-container.course-wide-math')")
    wide = page.evaluate(WIDE_MATH_JS)
    assert len(wide) >= 2, wide
    for box in wide:
        assert box["overflow"] in ("auto", "scroll") and box["scrollbar"] != "none", box
        assert box["bg"].count("gradient") >= 2, f"no scroll shadow: {box}"
        assert box["tab"] == "0" and box["label"], f"not reachable by keyboard: {box}"


def test_the_guides_contents_list_is_not_clipped_on_a_laptop(page, site_url):
    page.set_viewport_size(LAPTOP)
    open_page(page, site_url, "docs/instructors.html")
    box = page.evaluate("""() => { const s = document.querySelector('.bd-sidebar-secondary');
      const r = s.getBoundingClientRect();
      const out = [...s.querySelectorAll('a')].filter(a => { const b = a.getBoundingClientRect();
        return b.right > Math.min(r.right, document.documentElement.clientWidth) + 1; })
        .map(a => a.textContent.trim().slice(0, 40));
      return {visible: r.width > 0, scroll: s.scrollWidth, client: s.clientWidth, out,
              n: s.querySelectorAll('a').length}; }""")
    assert box["visible"] and box["n"] >= 5, box
    assert box["scroll"] <= box["client"] and not box["out"], f"contents list cut off: {box}"


SHOT_PAGES = {"home": ("index.html", ""), "section16": None, "exercises": (page_path(EXERCISES[0]), "")}


@pytest.mark.parametrize("size", ["phone", "laptop"])
@pytest.mark.parametrize("name", list(SHOT_PAGES))
def test_screenshots_phone_and_laptop(name, size, page, site_url, artifacts):
    page.set_viewport_size(MOBILE if size == "phone" else LAPTOP)
    if SHOT_PAGES[name] is None:
        notebook, anchor = section_anchor(16)
        path, fragment = page_path(notebook), f"#{anchor}"
    else:
        path, fragment = SHOT_PAGES[name]
    open_page(page, site_url, path, fragment)
    shot = artifacts / f"a11y-{name}-{size}.png"
    page.screenshot(path=shot)
    assert shot.stat().st_size > 10_000
