"""Student reads theory: every notebook in notebooks/ opened in JupyterLab, its committed outputs
cleared, all cells run in the browser; the page must show as many figures as the notebook file
holds, no error output, and math that MathJax typeset without errors."""

from __future__ import annotations

import pytest
from e2e_support import figure_count, has_math, read_nb, runnable_code_cells, theory_notebooks
from lab_ui import menu, open_notebook, raw_tex, state, wait_images_loaded, wait_math_settled, wait_run_all

pytestmark = pytest.mark.slow

NOTEBOOKS = theory_notebooks()


def test_there_are_theory_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb: nothing for a student to read"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_reads_theory(path, lab, course, lab_page, shot, summary):
    page = lab_page
    nb = read_nb(path)
    figures, runnable = figure_count(nb), runnable_code_cells(nb)
    assert figures > 0, f"{path.name} holds no figure outputs (committed without running `make notebooks`?)"
    rel = f"notebooks/{path.name}"

    open_notebook(page, lab, rel)
    # The math is rendered from the markdown alone: check it before anything runs.
    if has_math(nb):
        math = wait_math_settled(page)
        assert math["math"] > 0, f"{path.name}: the markdown has $…$ but no formula was typeset"
        assert not math["mathErrors"], f"{path.name}: MathJax could not render: {math['mathErrors']}"
        leftover = raw_tex(page)
        assert not leftover, f"{path.name}: TeX left unrendered in the prose: {sorted(set(leftover))[:10]}"
    shot(page, f"theory-{path.stem}-1-opened")

    menu(page, "Edit", "Clear Outputs of All Cells")
    cleared = state(page)
    assert cleared["images"] == 0 and cleared["numbered"] == 0, cleared

    menu(page, "Run", "Run All Cells")
    done = wait_run_all(page, runnable)
    assert not done["errors"], f"{path.name}: a cell wrote an error or to stderr:\n" + "\n---\n".join(
        done["errors"])
    assert done["numbered"] == runnable, f"{path.name}: {done['numbered']} of {runnable} code cells ran"

    # Images arrive with their cells' outputs; give the last ones a moment to decode.
    wait_images_loaded(page, figures)
    final = state(page)
    assert final["images"] == figures, (
        f"{path.name}: the page shows {final['images']} figures, the notebook file holds {figures}"
    )
    missing = figures - final["imagesLoaded"]
    assert not missing, f"{path.name}: {missing} figures did not load"
    assert not final["mathErrors"], final["mathErrors"]

    summary.setdefault("theory", {})[path.stem] = {
        "code_cells_run": done["numbered"],
        "figures_shown": final["images"],
        "formulas_typeset": final["math"],
    }
    first_fig = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").first
    first_fig.scroll_into_view_if_needed()
    shot(page, f"theory-{path.stem}-2-ran-first-figure")
    last_fig = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").last
    last_fig.scroll_into_view_if_needed()
    shot(page, f"theory-{path.stem}-3-ran-last-figure")
