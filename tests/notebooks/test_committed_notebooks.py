"""The committed notebooks are exactly what `make notebooks` produces from the current code.

nbval (`make nbval-notebooks`) re-executes them and compares every output; these tests add what
nbval cannot see: that the cells and the code they were built from are the current ones, that
nothing was written to stderr, and that every section carries a figure.
"""

from __future__ import annotations

import re

from .conftest import SECTIONS, SOURCES, build

HEADING = re.compile(r"^## (\d+)\. ", re.MULTILINE)


def test_the_six_notebooks_are_there():
    assert [s.stem for s in SOURCES] == list(SECTIONS)
    built = sorted(p.stem for p in build.OUT_DIR.glob("*.ipynb"))
    assert built == list(SECTIONS), "notebooks/ holds exactly the seven theory notebooks"


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


CHECK_CALL = re.compile(r"^\s*check(?:_close|_between|_within_noise|_exceeds)?\(", re.MULTILINE)


def _cells_by_section(notebook) -> dict[int, list]:
    cells: dict[int, list] = {}
    section = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            match = HEADING.search(cell.source)
            section = int(match.group(1)) if match else None
        if section is not None:
            cells.setdefault(section, []).append(cell)
    return cells


def test_code_fits_the_reading_column(notebook):
    """Code lines within 88 columns, no trailing `;` on plot lines, no CI statistics on the page."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            assert len(line) <= 88, f"cell {index}: {len(line)} columns: {line!r}"
            stripped = line.strip()
            assert not (stripped.endswith(";") and ("plt." in stripped or "ax." in stripped)), line
        assert "simultaneous_z" not in cell.source, f"cell {index}: multi-seed statistics belong in tests/"


def test_few_worded_checks_per_section(notebook):
    """A from-scratch computation's agreement with the library plus one to three worded claims per
    section, at most four checks; the statistics and the multi-seed repetitions live in tests/."""
    for section, cells in _cells_by_section(notebook).items():
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        count = len(CHECK_CALL.findall(code))
        assert count <= 4, f"section {section} makes {count} checks"


def test_reading_list(notebook):
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "## Further reading" in markdown
    assert "Cover" in markdown and "MacKay" in markdown


DERIVATIONS = {
    "01_intuition_and_definitions": ["I(X;Y) \\ge 0"],
    "03_channels_and_limits": ["Fano", "\\log(1-\\rho^2)"],
    "04_estimation_and_bounds": ["\\log K", "Donsker"],
}


def test_derivations_are_boxes_the_student_opens(source, notebook):
    """Pen-and-paper derivations: a collapsed <details> box with a worked solution inside."""
    boxes = [
        c.source
        for c in notebook.cells
        if c.cell_type == "markdown" and "<details>" in c.source and "Try it yourself" in c.source
    ]
    for box in boxes:
        assert box.count("<details>") == box.count("</details>")
        assert "<summary>" in box
    for topic in DERIVATIONS.get(source.stem, []):
        assert any(topic in box for box in boxes), f"no derivation box about {topic!r}"
