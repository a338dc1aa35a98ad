"""Every formula in the notebooks' markdown parses, with a real LaTeX-to-MathML converter.

latex2mathml is lenient (it passes unknown commands through and closes missing braces), so each
formula must also convert without leaving a raw ``\\command`` in the MathML, have balanced
braces and environments, and contain no command name that lost its backslash (the seed's
``frac12`` and ``\\rho`` -> ``ho`` kind of damage).
"""

from __future__ import annotations

import re

import latex2mathml.converter
import pytest

from .conftest import SOURCES, build

DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$(?!\$)", re.DOTALL)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
TEXT_ARGUMENT = re.compile(r"\\(?:text|mathrm|operatorname|mathbb|mathcal)\{[^{}]*\}")
COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
BARE_COMMAND_NAMES = {
    "frac", "tfrac", "dfrac", "rho", "epsilon", "varepsilon", "sqrt", "sum", "infty", "mathrm",
    "mathbb", "mathcal", "operatorname", "begin", "end", "left", "right", "lVert", "rVert", "lvert",
    "rvert", "cdot", "ldots", "cdots", "mid", "oplus", "lor", "log", "exp", "max", "min", "psi",
}


def formulas(markdown: str) -> list[str]:
    """The math of a markdown cell: $$display$$ and $inline$ snippets, code spans excluded."""
    text = CODE.sub("", markdown)
    display = DISPLAY.findall(text)
    text = DISPLAY.sub(" ", text)
    inline = INLINE.findall(text)
    rest = INLINE.sub(" ", text).replace("\\$", "")
    assert "$" not in rest, f"unpaired dollar sign in: {markdown[:200]!r}"
    return [f.strip() for f in display + inline]


def problems(formula: str) -> list[str]:
    """Why ``formula`` is not valid LaTeX math (an empty list if it is)."""
    found = []
    try:
        mathml = latex2mathml.converter.convert(formula)
    except Exception as exc:  # the converter's errors have no common base class
        return [f"latex2mathml cannot parse it: {type(exc).__name__} {exc}"]
    if "\\" in mathml:
        leftover = re.findall(r"[\\][A-Za-z]+", mathml)
        found.append(f"unknown command left in the MathML: {leftover}")
    unescaped = formula.replace("\\{", "").replace("\\}", "")
    if unescaped.count("{") != unescaped.count("}"):
        found.append("unbalanced braces")
    if len(re.findall(r"\\left\b", formula)) != len(re.findall(r"\\right\b", formula)):
        found.append("\\left without \\right")
    if re.findall(r"\\begin\{(\w+)\}", formula) != re.findall(r"\\end\{(\w+)\}", formula):
        found.append("\\begin/\\end mismatch")
    words = re.findall(r"[A-Za-z]+", COMMAND.sub(" ", TEXT_ARGUMENT.sub(" ", formula)))
    bare = sorted(set(words) & BARE_COMMAND_NAMES)
    if bare:
        found.append(f"command names without backslash: {bare}")
    return found


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_formula_parses(source):
    nb = build.make_notebook(source)  # the committed cells equal these (test_committed_notebooks)
    bad = {}
    count = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for formula in formulas(cell.source):
            count += 1
            trouble = problems(formula)
            if trouble:
                bad[f"cell {index}: {formula[:80]}"] = trouble
    assert bad == {}
    assert count >= 10, "a theory notebook has formulas"


@pytest.mark.parametrize(
    "broken",
    [
        r"I(X;Y) = - frac12 \log(1- ho^2)",  # the seed's mangled Gaussian formula
        r"\frac{1}{2",
        r"\left( x",
        r"\foo x",
        r"\begin{bmatrix} 1 & 0 \end{pmatrix}",
    ],
)
def test_the_checker_catches_broken_latex(broken):
    assert problems(broken)


def test_the_checker_accepts_good_latex():
    good = [
        r"I(X;Y) = -\tfrac12\log(1-\rho^2)",
        r"X \to T \to Y",
        r"\begin{bmatrix}0.40 & 0.10 \\ 0.10 & 0.40\end{bmatrix}",
        r"\operatorname{pmi}(x,y) = \log\frac{p(x,y)}{p(x)\,p(y)}",
    ]
    assert [problems(g) for g in good] == [[] for _ in good]


SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.DOTALL)


def math_in_summaries(markdown: str) -> list[str]:
    """The raw HTML ``<summary>`` titles that hold math: JupyterLab and a forge render a raw HTML
    block without typesetting it, so a ``$…$`` there reads as raw LaTeX."""
    return [title.strip() for title in SUMMARY.findall(CODE.sub("", markdown)) if "$" in title]


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_no_box_title_holds_math(source):
    nb = build.make_notebook(source)
    bad = {i: math_in_summaries(c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"}
    assert {i: t for i, t in bad.items() if t} == {}


def test_the_box_title_check_finds_math():
    assert math_in_summaries("<details>\n<summary><b>Try:</b> show $I \\ge 0$.</summary>\nx") == [
        "<b>Try:</b> show $I \\ge 0$."
    ]
    assert math_in_summaries("<details>\n<summary><b>Try:</b> show it.</summary>\n$I \\ge 0$") == []
