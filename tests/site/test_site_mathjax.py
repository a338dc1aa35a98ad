"""The site ships only the MathJax it loads: the one combined component conf.py names and its web
fonts, byte for byte as the pinned npm package has them, instead of the whole 24 MB package.
(test_site_browser.py shows that every formula is typeset with them and that the fonts come from
the site; a page that needed a file left out would fail there with a failed request.)"""

from __future__ import annotations

import re

from site_support import HTML, REPO, SITE

NPM = SITE / "node_modules" / "mathjax" / "es5"
SHIPPED = HTML / "_static" / "mathjax"
FONTS = "output/chtml/fonts/woff-v2"


def files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def component() -> str:
    """The MathJax component conf.py makes every math page load."""
    conf = (SITE / "conf.py").read_text(encoding="utf-8")
    return re.search(r'^mathjax_path = "mathjax/([^"]+)"$', conf, flags=re.MULTILINE)[1]


def test_the_site_ships_one_component_and_its_fonts_unmodified():
    shipped = files(SHIPPED)
    fonts = {f"{FONTS}/{name}": data for name, data in files(NPM / FONTS).items()}
    assert fonts, "the npm package has no CommonHTML fonts"
    assert set(shipped) == {component(), *fonts}, set(shipped) ^ {component(), *fonts}
    assert shipped[component()] == (NPM / component()).read_bytes()
    for name, data in fonts.items():
        assert shipped[name] == data, name


def test_the_shipped_mathjax_is_a_fraction_of_the_package():
    shipped = sum(len(data) for data in files(SHIPPED).values())
    package = sum(len(data) for data in files(NPM).values())
    assert shipped < 2_000_000, f"{shipped} bytes of MathJax shipped"
    assert shipped < package / 10, (shipped, package)


def test_mk_site_and_conf_py_name_the_same_component_and_folder():
    mk = (REPO / "mk" / "site.mk").read_text(encoding="utf-8")
    conf = (SITE / "conf.py").read_text(encoding="utf-8")
    folder = re.search(r"^SITE_MATHJAX_DIR := site/(\S+)$", mk, flags=re.MULTILINE)[1]
    assert f'HERE / "{folder.split("/")[0]}" / "{folder.split("/")[1]}"' in conf
    assert f"cp $(SITE_MATHJAX_NPM)/{component()} $@" in mk
    target = rf"^SITE_MATHJAX := \$\(SITE_MATHJAX_DIR\)/{re.escape(component())}$"
    assert re.search(target, mk, flags=re.MULTILINE)
    assert f"SITE_MATHJAX_FONTS := {FONTS}" in mk
