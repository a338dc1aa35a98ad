"""The committed notebooks are exactly what `make notebooks` produces from the current code.

nbval (`make nbval-notebooks`) re-executes them and compares every output; these tests add what
nbval cannot see: that the cells and the code they were built from are the current ones, that
nothing was written to stderr, and that every section carries a figure.
"""

from __future__ import annotations

import re

from .conftest import SECTIONS, SOURCES, build

HEADING = re.compile(r"^## (\d+)\. ", re.MULTILINE)


def test_the_five_notebooks_are_there():
    assert [s.stem for s in SOURCES] == list(SECTIONS)
    built = sorted(p.stem for p in build.OUT_DIR.glob("*.ipynb"))
    assert built == list(SECTIONS), "notebooks/ holds exactly the five theory notebooks"


def test_built_from_the_current_sources_and_package(source, notebook):
    """The hash of build script + source + mi_helpers stored by the build matches the current files."""
    stored = notebook.metadata.get(build.METADATA_KEY, {})
    assert stored.get("input_sha256") == build.input_hash(source), (
        f"{source.stem}.ipynb is stale: its source, mi_helpers or the build script changed since "
        "`make notebooks` last ran"
    )


def test_cells_are_those_of_the_source(source, notebook):
    """No cell was edited, added or removed by hand after the build."""
    expected = build.make_notebook(source)
    assert [(c.cell_type, c.id, c.source) for c in notebook.cells] == [
        (c.cell_type, c.id, c.source) for c in expected.cells
    ]


def test_kernelspec(notebook):
    assert notebook.metadata["kernelspec"] == build.KERNELSPEC


def test_every_code_cell_ran_once_in_order(notebook):
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_no_stderr_and_no_errors(notebook):
    assert build.stderr_outputs(notebook) == []


def test_printed_numbers_are_clean(notebook):
    """No numpy scalar reprs, no negative zeros, no literal backslash-n, no memory addresses."""
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert "np.float64(" not in text, f"cell {index} prints a numpy scalar repr"
            assert not re.search(r"-0\.0+(?![0-9])", text), f"cell {index} prints a negative zero"
            assert "\\n" not in text, f"cell {index} prints a literal backslash-n"
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"cell {index} prints a memory address"


def _figures_per_section(notebook) -> dict[int, int]:
    figures: dict[int, int] = {}
    section = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = HEADING.search(cell.source)
            if match:
                section = int(match.group(1))
                figures.setdefault(section, 0)
            elif cell.source.startswith("## "):
                section = None  # Summary, Setup: not a numbered section
        elif section is not None:
            figures[section] += sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
    return figures


def test_sections_are_numbered_like_the_seed(source, notebook):
    assert list(_figures_per_section(notebook)) == list(SECTIONS[source.stem])


def test_every_section_has_a_figure(source, notebook):
    missing = [s for s, count in _figures_per_section(notebook).items() if count < 1]
    assert missing == [], f"sections without a PNG figure: {missing}"


def test_title_objectives_summary_and_links(source, notebook):
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert notebook.cells[0].source.startswith("# Mutual information")
    assert "Learning objectives" in markdown
    assert "## Summary" in markdown
    assert "../exercises/mutual_information/" in markdown
    position = [s.stem for s in SOURCES].index(source.stem)
    neighbours = [SOURCES[i].stem for i in (position - 1, position + 1) if 0 <= i < len(SOURCES)]
    for stem in neighbours:
        assert f"({stem}.ipynb)" in markdown, f"no link to {stem}.ipynb"


def test_setup_cell_uses_the_package(notebook):
    setup = next(c.source for c in notebook.cells if c.cell_type == "code")
    assert "import mi_helpers" in setup
    assert "use_course_style()" in setup
    assert re.search(r"^SEED = \d+$", setup, re.MULTILINE)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "np.random.seed" not in code, "no global seeding: each stochastic cell makes its own generator"
    assert "default_rng()" not in code, "every generator is seeded"
    for name in ("mutual_information", "entropy", "kl_divergence", "binary_entropy", "infonce_lower_bound"):
        assert not re.search(rf"^def {name}\(", code, re.MULTILINE), f"the notebook redefines mi.{name}"
