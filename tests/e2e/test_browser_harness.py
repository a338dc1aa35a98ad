"""The browser checks can fail: a notebook made to break every rule is run through the same steps
as the theory notebooks, and each detector must report its fault. Without this, a JupyterLab
update that renamed a class would turn "no error output" or "no MathJax error" into checks that
pass whatever the page shows."""

from __future__ import annotations

import nbformat
import pytest
from lab_ui import (
    menu,
    open_notebook,
    raw_tex,
    state,
    wait_images_loaded,
    wait_math_settled,
    wait_numbered,
    wait_run_all,
)

pytestmark = pytest.mark.slow


def broken_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Harness self-check\n\nFine: $I(X;Y) \\ge 0$. Undefined macro: $\\notamacro{x}$. "
            "Unclosed: $\\frac{1}{2$. Outside math: \\alpha."
        ),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1])\nplt.show()"
        ),
        nbformat.v4.new_code_cell("import sys\nprint('a warning', file=sys.stderr)"),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    return nb


def test_the_detectors_catch_a_broken_notebook(lab, course, lab_page, shot):
    page = lab_page
    rel = "e2e_selfcheck/broken.ipynb"
    (course / "e2e_selfcheck").mkdir(exist_ok=True)
    nbformat.write(broken_notebook(), course / rel)

    open_notebook(page, lab, rel)
    math = wait_math_settled(page)
    assert math["math"] >= 2, "formulas were not typeset at all"
    assert any("notamacro" in e for e in math["mathErrors"]), math["mathErrors"]
    leftover = raw_tex(page)
    assert "\\frac" in leftover and "\\alpha" in leftover, leftover

    menu(page, "Run", "Run All Cells")
    # wait_run_all returns at the first error output; here all three cells must have run.
    wait_run_all(page, expected_numbered=3)
    wait_numbered(page, 3)
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".some(p => p.textContent.includes('*'))"
    )
    wait_images_loaded(page, 1)
    done = state(page)
    assert done["images"] == 1, done
    assert any("a warning" in e for e in done["errors"]), "stderr output went unnoticed"
    assert any("ZeroDivisionError" in e for e in done["errors"]), "an error output went unnoticed"
    shot(page, "harness-selfcheck-faults-detected")

    page.evaluate("console.error('e2e self-check')")
    page.wait_for_timeout(200)
    errors = page.console_log.errors
    assert any("e2e self-check" in e for e in errors), "console errors are not collected"
    errors[:] = [e for e in errors if "e2e self-check" not in e]
