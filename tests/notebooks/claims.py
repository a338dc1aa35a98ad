"""Find the quantitative and comparative statements of the course and read the claims ledger.

A *statement* is a sentence of a theory notebook (``notebooks/NN_*.py``) or of an exercise
statement (the markdown cells of ``solutions/<assignment>/*.ipynb``) that contains a number or
one of the :data:`TRIGGER_WORDS`. The ledger (``notebooks/claims/<stem>.toml``, one file per
notebook, ``exercises_<assignment>.toml`` for an assignment's statements) lists each statement
with the computation that backs it; ``tests/notebooks/test_claims_ledger.py`` holds the two
together.

What is read, per source:

* **markdown cells**, split into sentences and list items. Headings, the *Further reading*
  cell and the navigation lines (``**Previous:**`` ...) are not claims and are skipped.
* **code cells** of the theory notebooks except the first (the setup cell: imports and
  constants): the text of figure titles (``set_title``,
  ``suptitle``), axis labels, legend labels (``label=`` and the label argument of the course's
  plotting helpers), annotations, ``print`` calls and the descriptions of the ✓ checks
  (``check*`` calls). An f-string is rendered with each replacement field as its source,
  ``{expression:spec}``. Titles and check descriptions are statements through a number or a
  trigger word; axis labels, legends and prints only through a trigger word (their numbers
  are settings or computed values). Words inside a replacement field never count.

A trigger word counts as a whole word, case-insensitive; "lower bound" and "upper bound" are
names, not comparisons, and are ignored.

What a number is (in prose and titles): a digit that is not part of a cross-reference
(``Section 14``, ``Notebook 3``, ``§2.3``, ``Exercise 6``, ``Chapter 8``), a year, a link
target, a LaTeX subscript (``\\theta_1``) or a ``{replacement field}``.

A ledger entry covers a statement when its ``sentence`` equals the statement or holds it whole;
it is stale when its ``sentence`` no longer stands verbatim (whitespace-normalised) in a
markdown cell or a code string of its source.

Evidence is held too: a «quoted» ✓ line must stand in the source or the executed notebook's
output (:func:`quote_occurs`), and generic evidence, a drafting template or a string more than
:data:`MAX_SHARED_EVIDENCE` entries share (:func:`generic_entries`), is allowed only for the ids
listed in ``notebooks/claims/UNAUDITED``, a list that may only shrink.

Run ``python -m tests.notebooks.claims`` to print the statements that no ledger entry covers,
as TOML stubs to complete.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LEDGER_DIR = NOTEBOOKS / "claims"
SOLUTIONS = ROOT / "solutions"

#: Words that make a sentence comparative or universal, whether or not it holds a number
#: (matched as whole words, case-insensitive; a trailing ``*`` matches any ending).
TRIGGER_WORDS = (
    "only",
    "every",
    "always",
    "never",
    "none",
    "optimistic",
    "pessimistic",
    "grow*",
    "shrink*",
    "bind*",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "times",
    "half",
    "twice",
    "more than",
    "less than",
    "fewer than",
    "at most",
    "at least",
    "faster",
    "slower",
    "larger",
    "smaller",
    "higher",
    "lower",
    "above",
    "below",
    "exceed*",
    "beat*",
    "better",
    "worse",
    "best",
    "most",
    "worst",
    "avoid*",
    "fail*",
    "unbiased",
    "biased",
    "overestimat*",
    "underestimat*",
    "saturat*",
    "within",
    "close",
    "closer",
    "dominat*",
    "increas*",
    "decreas*",
    "the same",
    "matches",
    "harder",
    "easier",
    "fall*",
    "rise*",
    "rising",
    "drop*",
    "fold",
)

#: The fields every ledger entry must fill.
FIELDS = ("id", "where", "sentence", "evidence", "setting", "qualifier")

_TRIGGER = re.compile(
    r"\b("
    + "|".join(re.escape(w).replace(r"\*", r"\w*").replace(r"\ ", r"\s+") for w in TRIGGER_WORDS)
    + r")\b",
    re.IGNORECASE,
)
_NOT_NUMBERS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\]\([^)]*\)",  # markdown link targets
        r"`[^`]*`",  # code spans
        r"\{[^{}]*\}(?=[^{}]*$|[^$]*?(?:\s|$))",  # f-string replacement fields (code text)
        r"\b(?:notebook|section|sections|exercise|exercises|chapter|figure|part|step)s?\s+"
        r"\d+(?:\s*(?:[–-]|and|,|or)\s*\d+)*(?:\s+of\s+\d+)?",
        r"§\s*\d+(?:\.\d+)*(?:[–-]\d+(?:\.\d+)*)?",
        r"\b(?:19|20)\d\d\b",  # years
        r"_\{?\d+\}?",  # LaTeX subscripts
        r"\b\d+\.\s",  # numbered list markers
        r"^\s*\d+\.",
    )
]
_DIGIT = re.compile(r"\d")
_FIELD = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")  # an f-string replacement field, one nesting level
#: Names, not comparisons: "lower bound" is what InfoNCE is, whatever its value.
_NAMES = re.compile(r"\b(?:lower|upper)[ -]bounds?\b", re.IGNORECASE)
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "et al.",
    "vs.",
    "cf.",
    "Phys.",
    "Rev.",
    "Proc.",
    "Trans.",
    "Inf.",
    "Comm.",
    "Pure",
    "Appl.",
    "Math.",
    "ed.",
    "Eq.",
    "Fig.",
    "resp.",
    "approx.",
    "no.",
)
_SKIPPED_LINES = re.compile(r"^\s*(#|\*\*(Previous|Next|Start again|Practice)\b)")
_LABEL_METHODS = {"set_title", "suptitle", "set_xlabel", "set_ylabel", "annotate", "text"}
#: The course's plotting helpers and the position of their label argument.
_LABEL_HELPERS = {"reference_line": 2, "plot_band": 3, "shade_region": 3}
_CHECKS = {"check", "check_close", "check_between", "check_exceeds", "check_within_noise"}


@dataclass(frozen=True)
class Statement:
    """One statement: the source it stands in, its kind and its whitespace-normalised text."""

    stem: str
    kind: str  # "prose", "title", "label", "print", "check", "statement"
    text: str
    section: str = ""  # "§14", "Exercise 6", "summary", "introduction", ...


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def is_statement(text: str, *, numbers: bool = True) -> bool:
    """Whether ``text`` holds a trigger word, or (with ``numbers``) a digit that is a number."""
    if _TRIGGER.search(_NAMES.sub(" ", text)):
        return True
    if not numbers:
        return False
    stripped = text
    for pattern in _NOT_NUMBERS:
        stripped = pattern.sub(" ", stripped)
    return bool(_DIGIT.search(stripped))


def split_sentences(paragraph: str) -> list[str]:
    """Split normalised prose into sentences at ``. ! ?`` followed by a capital, ``$`` or ``*``,
    not after the usual abbreviations and not inside ``$$ display math $$``."""
    pieces, start = [], 0
    in_display = False
    i = 0
    while i < len(paragraph):
        if paragraph.startswith("$$", i):
            in_display = not in_display
            i += 2
            continue
        ch = paragraph[i]
        if not in_display and ch in ".!?" and paragraph[i + 1 : i + 2] == " ":
            nxt = paragraph[i + 2 : i + 3]
            head = paragraph[start : i + 1]
            if (nxt.isupper() or nxt in "$*(") and not head.endswith(_ABBREVIATIONS):
                pieces.append(head.strip())
                start = i + 2
        i += 1
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]


def prose_sentences(markdown: str) -> list[str]:
    """The sentences of one markdown cell: paragraphs and list items, headings and navigation
    lines skipped, whitespace normalised. A cell headed *Further reading* yields none."""
    if re.match(r"\s*#+\s*Further reading", markdown):
        return []
    blocks: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if re.match(r"\s*</?(?:details|summary)", line):
            blocks.append([])
            line = re.sub(r"</?(?:details|summary|b)>", " ", line)
        if _SKIPPED_LINES.match(line):
            blocks.append([])
            continue
        if not line.strip() and not blocks[-1][-1:] == ["$$"]:
            # a blank line ends a paragraph, except inside display math
            if sum(part.count("$$") for part in blocks[-1]) % 2 == 0:
                blocks.append([])
                continue
        if re.match(r"\s*(?:[*-]|\d+\.)\s+", line) and sum(p.count("$$") for p in blocks[-1]) % 2 == 0:
            blocks.append([])  # a list item starts a block of its own
            line = re.sub(r"^\s*(?:[*-]|\d+\.)\s+", "", line)
        blocks[-1].append(line)
    sentences = []
    for block in blocks:
        text = normalise(" ".join(block))
        text = re.sub(r"</?(?:details|summary|b)>", " ", text)
        sentences.extend(split_sentences(normalise(text)))
    return sentences


def _render(node: ast.expr) -> str | None:
    """The text of a string literal or f-string, replacement fields as ``{source:spec}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                spec = _render(value.format_spec) if value.format_spec is not None else ""
                parts.append("{" + ast.unparse(value.value) + (":" + spec if spec else "") + "}")
        return "".join(parts)
    return None


def code_statements(code: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of the titles, labels, prints and check descriptions of one code cell."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        texts: list[tuple[str, ast.expr]] = []
        if name in _LABEL_METHODS and node.args:
            kind = "title" if name in {"set_title", "suptitle"} else "label"
            texts.append((kind, node.args[0]))
        elif name in _LABEL_HELPERS and len(node.args) >= _LABEL_HELPERS[name]:
            texts.append(("label", node.args[_LABEL_HELPERS[name] - 1]))
        elif name == "print":
            texts.extend(("print", arg) for arg in node.args)
        elif name in _CHECKS:
            position = 1 if name == "check" else 0
            if len(node.args) > position:
                texts.append(("check", node.args[position]))
        elif name == "legend" and node.args and isinstance(node.args[0], ast.List):
            texts.extend(("label", element) for element in node.args[0].elts)
        texts.extend(("label", kw.value) for kw in node.keywords if kw.arg == "label")
        for kind, expr in texts:
            text = _render(expr)
            if text is None or text.startswith("_"):
                continue
            text = normalise(text)
            numbers = kind in {"title", "check"}
            if is_statement(_FIELD.sub(" ", text), numbers=numbers):
                found.append((kind, text))
    return found


def notebook_statements(source: Path) -> list[Statement]:
    """Every statement of a theory-notebook source (jupytext percent)."""
    nb = jupytext.reads(source.read_text(), fmt="py:percent")
    found: list[Statement] = []
    section = "introduction"
    first_code = True
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            section = _section(cell.source, section)
            found += [
                Statement(source.stem, "prose", s, section)
                for s in prose_sentences(cell.source)
                if is_statement(s)
            ]
        elif cell.cell_type == "code":
            if first_code:  # the setup cell: imports and constants, no claims
                first_code = False
                continue
            found += [
                Statement(source.stem, kind, text, section) for kind, text in code_statements(cell.source)
            ]
    return _unique(found)


def _section(markdown: str, current: str) -> str:
    """The section a markdown cell opens (``## 14. ...`` gives ``§14``), else ``current``."""
    heading = re.search(r"^##\s+(?:(\d+)\.|(Exercise\s+\d+)|(\w[\w ]*))", markdown, re.MULTILINE)
    if heading is None:
        return current
    number, exercise, name = heading.groups()
    return f"§{number}" if number else exercise if exercise else name.strip().lower()


def exercise_statements(assignment: Path) -> list[Statement]:
    """Every statement in the markdown cells of an assignment's source notebooks."""
    stem = f"exercises_{assignment.name}"
    found = []
    for path in sorted(assignment.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        section = "introduction"
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                section = _section(cell.source, section)
                found += [
                    Statement(stem, "statement", s, section)
                    for s in prose_sentences(cell.source)
                    if is_statement(s)
                ]
    return _unique(found)


def _unique(statements: list[Statement]) -> list[Statement]:
    seen, out = set(), []
    for s in statements:
        if (s.stem, s.text) not in seen:
            seen.add((s.stem, s.text))
            out.append(s)
    return out


def all_sources() -> dict[str, list[Statement]]:
    """Statements by ledger stem: each theory notebook and each assignment's statements."""
    out = {p.stem: notebook_statements(p) for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))}
    for assignment in sorted(p for p in SOLUTIONS.iterdir() if p.is_dir()):
        if any(assignment.glob("*.ipynb")):
            out[f"exercises_{assignment.name}"] = exercise_statements(assignment)
    return out


def load_ledger(directory: Path = LEDGER_DIR) -> dict[str, list[dict]]:
    """Every ``*.toml`` ledger file of ``directory``, by stem: its ``[[claim]]`` tables."""
    return {
        path.stem: tomllib.loads(path.read_text()).get("claim", [])
        for path in sorted(directory.glob("*.toml"))
    }


def covered(statement: str, sentences: list[str]) -> bool:
    """Whether a ledger sentence covers ``statement``: equal to it, or holding it whole (one entry
    may cover a sentence the extractor splits in two)."""
    return any(statement == s or statement in s for s in sentences)


def source_texts(stem: str) -> list[str]:
    """Everything a ledger sentence of ``stem`` may quote: each markdown cell and each rendered
    string of the code cells, whitespace-normalised."""
    if stem.startswith("exercises_"):
        texts = []
        for path in sorted((SOLUTIONS / stem.removeprefix("exercises_")).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            texts += [
                normalise(re.sub(r"</?(?:details|summary|b)>", " ", c.source))
                for c in nb.cells
                if c.cell_type == "markdown"
            ]
        return texts
    path = NOTEBOOKS / f"{stem}.py"
    if not path.exists():
        return []
    nb = jupytext.reads(path.read_text(), fmt="py:percent")
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(normalise(re.sub(r"</?(?:details|summary|b)>", " ", cell.source)))
        else:
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            texts += [normalise(t) for node in ast.walk(tree) if (t := _render(node)) is not None]
    return texts


def occurs(sentence: str, texts: list[str]) -> bool:
    """Whether ``sentence`` (normalised) stands verbatim in one of ``texts``."""
    wanted = normalise(sentence)
    return bool(wanted) and any(wanted in t for t in texts)


@functools.cache
def _function_names(file: Path) -> frozenset[str]:
    tree = ast.parse(file.read_text())
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))


_TEST_NODE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def missing_tests(evidence: str, root: Path = ROOT) -> list[str]:
    """The test node ids named in ``evidence`` whose file or test function does not exist."""
    missing = []
    for path, name in _TEST_NODE.findall(evidence):
        file = root / path
        if not file.exists():
            missing.append(f"{path}::{name}")
            continue
        if name not in _function_names(file):
            missing.append(f"{path}::{name}")
    return missing


#: How many ledger entries may share one evidence string verbatim before it counts as generic:
#: evidence names what shows *its* sentence, and four different sentences shown by the very same
#: words is the signature of a template, not of an audit.
MAX_SHARED_EVIDENCE = 3
#: The drafting templates: a whole section's ✓ checks attached to each of its sentences, and
#: the catch-all for introductions.
_TEMPLATES = (
    re.compile(r"^the ✓ checks of §\d+:"),
    re.compile(r"^a statement of scope or method; the sections it introduces carry the computations"),
    re.compile(r"^Exercise \d+'s statement and reference: its visible cases"),
    re.compile(r"^a rule of the assignment as a whole"),
)
#: Ids of the entries still carrying drafted (unaudited) evidence, one a line.
UNAUDITED = LEDGER_DIR / "UNAUDITED"
_QUOTE = re.compile(r"«([^»]*)»")


def generic_entries(ledger: dict[str, list[dict]]) -> set[str]:
    """Ids of the entries whose evidence is generic: a drafting template (see ``_TEMPLATES``),
    or a string more than :data:`MAX_SHARED_EVIDENCE` entries share verbatim."""
    counts: dict[str, int] = {}
    for entries in ledger.values():
        for e in entries:
            key = normalise(e.get("evidence", ""))
            counts[key] = counts.get(key, 0) + 1
    return {
        e["id"]
        for entries in ledger.values()
        for e in entries
        if counts[normalise(e.get("evidence", ""))] > MAX_SHARED_EVIDENCE
        or any(t.match(normalise(e.get("evidence", ""))) for t in _TEMPLATES)
    }


def read_unaudited(path: Path = UNAUDITED) -> list[str]:
    """The ids listed in ``path`` (blank lines and ``#`` comments skipped)."""
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def quoted_checks(evidence: str) -> list[str]:
    """The «quoted» ✓ check or print texts an evidence string names."""
    return _QUOTE.findall(evidence)


@functools.cache
def quotable_texts(stem: str) -> tuple[str, ...]:
    """What a «quote» in the evidence of ``stem`` may name: the source's texts
    (:func:`source_texts`), the printed outputs of the executed notebook, and for an assignment
    the case descriptions of ``mi_exercises/spec.py``."""
    texts = list(source_texts(stem))
    executed = NOTEBOOKS / f"{stem}.ipynb"
    if executed.exists():
        nb = nbformat.read(executed, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
                if out.get("output_type") == "stream":
                    texts += [normalise(line) for line in out.get("text", "").splitlines()]
    if stem.startswith("exercises_"):
        texts.append(normalise((ROOT / "mi_exercises" / "spec.py").read_text()))
    return tuple(texts)


def quote_occurs(quote: str, texts: tuple[str, ...] | list[str]) -> bool:
    """Whether ``quote`` stands in one of ``texts``; an ellipsis ``…`` in the quote stands for
    any text (a printed value, a replacement field), the pieces around it in order."""
    pieces = [normalise(p) for p in quote.split("…") if p.strip()]
    if not pieces:
        return False
    for text in texts:
        at = 0
        for piece in pieces:
            at = text.find(piece, at)
            if at < 0:
                break
            at += len(piece)
        else:
            return True
    return False


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    """Print the statements no ledger entry covers, as ``[[claim]]`` stubs."""
    ledger = load_ledger()
    missing = 0
    for stem, statements in all_sources().items():
        sentences = [normalise(e.get("sentence", "")) for e in ledger.get(stem, [])]
        for i, s in enumerate(statements):
            if covered(s.text, sentences):
                continue
            missing += 1
            print(f'# {stem}\n[[claim]]\nid = "{stem[:3]}-{s.kind}-{i}"\nwhere = "{s.section}, {s.kind}"')
            print(f'sentence = {_toml_string(s.text)}\nevidence = ""\nsetting = ""\nqualifier = ""\n')
    print(f"# {missing} statements not in the ledger", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
