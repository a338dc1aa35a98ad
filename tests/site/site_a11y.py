"""axe-core in the site's Chromium: the WCAG 2.1 A/AA rules on a page, in the light or dark theme.

axe-core is pinned in tests/site/a11y/package.json and installed there by ``npm ci`` (the site
suite's prerequisite in mk/site.mk); it is injected into the page as a script's text, so no request
leaves the local server. ``python tests/site/site_a11y.py <html folder>`` prints the counts per page
(how the numbers in the report on accessibility were taken).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")

RUN_AXE_JS = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 8),
                                     count: v.nodes.length})))"""


def axe_source() -> str:
    if not AXE.is_file():
        raise RuntimeError(f"{AXE} is missing: `make test-site` installs it (cd tests/site/a11y && npm ci)")
    return AXE.read_text(encoding="utf-8")


def set_mode(page, mode: str) -> None:
    """The theme's light or dark mode on the open page (what its switch sets), fonts settled."""
    page.evaluate("""mode => { document.documentElement.dataset.theme = mode;
                               document.documentElement.dataset.mode = mode; }""", mode)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def violations(page) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations of the open page (one entry per rule, with its node count)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(RUN_AXE_JS, WCAG_TAGS)


def counts(found: list[dict]) -> dict[str, int]:
    """Failing nodes per impact."""
    tally = Counter()
    for v in found:
        tally[v["impact"] or "minor"] += v["count"]
    return {i: tally.get(i, 0) for i in IMPACTS}


def blocking(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in BLOCKING]


def survey(html_root: Path) -> dict[str, dict]:
    """Every page of a built site, light and dark, at 1366 px: axe's counts and rules per page."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from site_support import chromium, serve

    out: dict[str, dict] = {}
    pages = sorted(p.relative_to(html_root).as_posix() for p in html_root.rglob("*.html")
                   if not p.relative_to(html_root).as_posix().startswith(("_static", "genindex", "search")))
    with serve(html_root) as url, chromium() as browser:
        page = browser.new_page()
        page.set_viewport_size({"width": 1366, "height": 900})
        for rel in pages:
            page.goto(f"{url}/{rel}")
            page.wait_for_load_state("load")
            page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise.then(() => 1)")
            for mode in ("light", "dark"):
                set_mode(page, mode)
                found = violations(page)
                out[f"{rel} [{mode}]"] = {"counts": counts(found),
                                          "rules": {v["id"]: (v["impact"], v["count"]) for v in found}}
    return out


if __name__ == "__main__":
    result = survey(Path(sys.argv[1]).resolve())
    json.dump(result, sys.stdout, indent=1)
    print()
