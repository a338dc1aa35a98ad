"""Kernel output is data of a fixed shape (tools/grading/outputs.py, SandboxedExecute, ShapeOutputs).

The attacks: an image whose output metadata carries an HTML attribute (nbconvert prints ``width`` and
``height`` unquoted), other fields nbconvert's templates print (a remote ``filenames`` source, an
isolated ``text/html``, a string execution count), display updates that multiply one message over
many earlier outputs, floods of ``clear_output``, and widget state sent over comm messages.
"""

from __future__ import annotations

import copy
import json
import os
import re
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from mi_exercises.grader import RESULTS_MIME
from tools.grading import outputs, sandbox
from tools.grading.feedback_html import FeedbackHTMLExporter

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from bs4 import BeautifulSoup
    from nbconvert.preprocessors.sanitize import SanitizeHTML

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
HANDLER = "1 onerror=document.title='pwned'"

#: (name, output) pairs: each puts an attribute, a remote load or markup into nbconvert's page.
VARIANTS = {
    "png_height": {"data": {"image/png": PNG}, "metadata": {"image/png": {"height": HANDLER}}},
    "png_width": {"data": {"image/png": PNG}, "metadata": {"image/png": {"width": HANDLER}}},
    "png_width_top_level": {"data": {"image/png": PNG}, "metadata": {"width": "1 onload=alert(1)"}},
    "jpeg_height": {"data": {"image/jpeg": PNG}, "metadata": {"image/jpeg": {"height": HANDLER}}},
    "png_remote_filename": {
        "data": {"image/png": PNG},
        "metadata": {"filenames": {"image/png": "http://127.0.0.1:9/beacon.png"}},
    },
    "html_isolated": {
        "data": {"text/html": "<b>hi</b>", "text/plain": "hi"},
        "metadata": {"text/html": {"isolated": True}},
    },
    "svg_markup": {"data": {"image/svg+xml": "<svg onload=\"alert(1)\"></svg>"}, "metadata": {}},
    "png_not_base64": {"data": {"image/png": '" onerror="alert(1)'}, "metadata": {}},
}


def _display(spec: dict) -> dict:
    data, metadata = copy.deepcopy(spec["data"]), copy.deepcopy(spec["metadata"])
    return v4.new_output("display_data", data=data, metadata=metadata)


def _notebook(*outs: dict, test_cell: bool = False) -> nbformat.NotebookNode:
    cell = v4.new_code_cell("show()")
    if test_cell:
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "ex1_entropy", "points": 1}
    nb = v4.new_notebook(cells=[cell], metadata={"language_info": {"name": "python"}})
    nb.cells[0].outputs = [nbformat.from_dict(o) for o in outs]  # unvalidated, as a kernel makes them
    return nb


def _page(nb: nbformat.NotebookNode, policy: str = "") -> str:
    """The feedback page of ``nb``, as the course's exporter writes it (sanitiser on)."""
    exporter = FeedbackHTMLExporter(
        template_name="classic", preprocessors=[SanitizeHTML], sanitize_html=True,
        content_security_policy=policy,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page, _ = exporter.from_notebook_node(nb)
    return page


def _live(page: str) -> list[str]:
    """Event handlers, scripts and sources off the page in the cells' outputs, that a browser would
    act on (the template's own scripts are the policy's business)."""
    found = []
    areas = BeautifulSoup(page, "html.parser").select("div.output_wrapper")
    for tag in [t for area in areas for t in area.find_all(True)]:
        found += [f"{tag.name} {a}" for a in tag.attrs if a.lower().startswith("on")]
        src = tag.get("src") or ""
        if tag.name in ("img", "iframe", "script") and src and not src.startswith("data:image/"):
            found.append(f"{tag.name} src={src[:40]}")
        if tag.name in ("svg", "script"):
            found.append(tag.name)
    return found


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_injection_is_live_without_the_shape_and_gone_with_it(variant):
    """Without ShapeOutputs the sanitised page has a live handler, a remote source or stray markup
    (the attack is real); after it, nothing of it is left, and the drop is recorded."""
    spec = VARIANTS[variant]
    raw = _notebook(_display(spec))
    if variant not in ("svg_markup", "png_not_base64"):  # nbconvert cleans those two itself
        assert _live(_page(raw)), f"{variant}: the injection did not reach the page; test is stale"
    notes = outputs.shape_notebook(raw)
    assert notes and raw.metadata[outputs.MARKER] == {"dropped": notes}
    assert not _live(_page(raw))
    for output in raw.cells[0].outputs:
        assert set(output.get("data", {})) <= {"text/plain", "image/png"}
        for value in output.metadata.values():
            assert isinstance(value, dict | str | int)


def test_allowed_metadata_stays_typed():
    """Positive integer sizes are kept, at the top level and under image/png; anything else goes."""
    out = v4.new_output(
        "display_data",
        data={"image/png": PNG, "text/plain": "<Figure>"},
        metadata={"image/png": {"width": 320, "height": True}, "height": 0, "needs_background": "light"},
    )
    nb = _notebook(out)
    notes = outputs.shape_notebook(nb)
    assert nb.cells[0].outputs[0].metadata == {"image/png": {"width": 320}, "needs_background": "light"}
    assert len(notes) == 2  # height=True under image/png, height=0 at the top
    kept = _notebook(v4.new_output("display_data", data={"image/png": PNG}, metadata={"width": 10}))
    assert outputs.shape_notebook(kept) == [] and outputs.MARKER not in kept.metadata


def test_execution_counts_must_be_integers():
    nb = _notebook(v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=3))
    nb.cells[0].execution_count = "<img src=x onerror=alert(1)>"
    nb.cells[0].outputs[0]["execution_count"] = "<script>alert(1)</script>"
    outputs.shape_notebook(nb)
    assert nb.cells[0].execution_count is None and nb.cells[0].outputs[0].execution_count is None
    nbformat.validate(nb)


def test_no_widget_state_and_no_forged_marker_survive():
    nb = _notebook(v4.new_output("stream", name="stdout", text="ok\n"))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": "y" * 1000}}}
    nb.metadata[outputs.MARKER] = {"dropped": []}  # a student pretending nothing was dropped
    nb.cells[0].metadata["widgets"] = {"state": 1}
    nb.cells[0].metadata["tags"] = ["keep"]
    notes = outputs.shape_notebook(nb)
    assert "widgets" not in nb.metadata and "widgets" not in nb.cells[0].metadata
    assert nb.cells[0].metadata["tags"] == ["keep"]
    assert any("widgets" in n for n in notes) and outputs.dropped_notes(nb) == notes


def test_results_stay_in_test_cells_only():
    payload = {RESULTS_MIME: {"check": "ex1_entropy", "visible": [], "hidden": []}}
    test = _notebook(v4.new_output("display_data", data=dict(payload)), test_cell=True)
    assert outputs.shape_notebook(test) == [] and RESULTS_MIME in test.cells[0].outputs[0].data
    answer = _notebook(v4.new_output("display_data", data=dict(payload)))
    assert outputs.shape_notebook(answer) and answer.cells[0].outputs == []


def test_malformed_outputs_are_dropped_or_retyped():
    nb = _notebook(
        {"output_type": "stream", "name": "/dev/tty", "text": "x"},
        {"output_type": "page", "data": {}},
        {"output_type": "error", "ename": 5, "evalue": None, "traceback": ["ok", 7]},
        {"output_type": "stream", "name": "stdout", "text": ["a", "b"]},
    )
    notes = outputs.shape_notebook(nb)
    assert len(notes) == 2
    kinds = [o.output_type for o in nb.cells[0].outputs]
    assert kinds == ["error", "stream"]
    assert nb.cells[0].outputs[0].traceback == ["ok"] and nb.cells[0].outputs[1].text == "ab"


def test_the_saved_outputs_are_bounded_whatever_arrived():
    """Outputs that got past the executor (e.g. a notebook graded before this check) are cut to
    the bound, the largest cells first."""
    big = "x" * (outputs.MAX_OUTPUT_BYTES // 3)
    nb = v4.new_notebook(cells=[v4.new_code_cell(str(i)) for i in range(6)])
    for cell in nb.cells:
        cell.outputs = [v4.new_output("stream", name="stdout", text=big)]
    nb.cells[0].outputs[0].text = "small\n"
    notes = outputs.shape_notebook(nb)
    assert len(json.dumps(nb)) < outputs.MAX_OUTPUT_BYTES + 100_000
    assert nb.cells[0].outputs[0].text == "small\n"
    assert sum("OutputLimit" in json.dumps(c.outputs) for c in nb.cells) == 3 and len(notes) == 3


def test_the_feedback_policy_is_a_second_wall():
    """A page in which an injection survives (the shape bypassed on purpose) still declares a policy
    under which inline handlers cannot run; the browser test runs such a page for real."""
    page = _page(_notebook(_display(VARIANTS["png_height"])), policy="default-src 'none'")
    assert _live(page) and page.index("Content-Security-Policy") < page.index("<img")


# --- the executor's side: every iopub message counts (needs the sandbox) ------------------------

needs_sandbox = pytest.mark.skipif(sandbox.bwrap_path() is None, reason=sandbox.INSTALL_HINT)


def _run(tmp_path: Path, sources: list[str], **limits: int) -> tuple[nbformat.NotebookNode, list[str]]:
    from tools.grading.nbgrader_plugins import SandboxedExecute, ShapeOutputs

    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    nb = v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"
    }
    nbformat.write(nb, folder / "probe.ipynb")
    saved = {f"MI_SANDBOX_{k.upper()}": os.environ.get(f"MI_SANDBOX_{k.upper()}") for k in limits}
    os.environ.update({f"MI_SANDBOX_{k.upper()}": str(v) for k, v in limits.items()})
    try:
        resources = {"metadata": {"path": str(folder)}}
        nb, resources = SandboxedExecute(timeout=60).preprocess(nb, resources)
        nb, _ = ShapeOutputs().preprocess(nb, resources)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return nb, outputs.dropped_notes(nb)


DISPLAY_UPDATES = """
from IPython.display import display
handles = [display({"text/plain": "tiny"}, raw=True, display_id=f"d{i}") for i in range(30)]
for i in range(30):
    handles[i].update({"text/plain": "u" * 900_000}, raw=True)
display({"text/plain": "v" * 900_000}, raw=True, display_id="d0")
"""

CLEAR_FLOOD = """
from IPython.display import clear_output
print("before")
for _ in range(100_000):
    clear_output(wait=True)
print("after")
"""

WIDGET_BOMB = """
from ipykernel.comm import Comm
for i in range(4):
    Comm(target_name="jupyter.widget", data={"state": {"_model_name": "IntModel", "_model_module":
         "@jupyter-widgets/controls", "_model_module_version": "2.0.0", "value": "w" * 800_000},
         "buffer_paths": []}, metadata={"version": "2.1.0"})
print("sent")
"""


@needs_sandbox
def test_display_updates_are_counted_and_never_applied(tmp_path):
    """30 displays with ids, then 30 updates of ~1 MB and one more display with a used id: before,
    each update rewrote earlier outputs uncounted (252 MB from 8 MiB messages); now each counts
    against the budget and none is applied."""
    nb, notes = _run(tmp_path, [DISPLAY_UPDATES, "print('next cell')"])
    size = len(nbformat.writes(nb))
    assert size < 2 * 1024**2, size
    texts = [o.get("data", {}).get("text/plain", "") for o in nb.cells[0].outputs]
    assert texts[:30] == ["tiny"] * 30
    assert any("update_display_data" in n for n in notes), notes
    assert "OutputLimit" in json.dumps(nb.cells[0].outputs)  # 30 x 0.9 MB is over the 4 MiB budget
    assert "next cell" not in json.dumps(nb.cells[1].outputs)  # the budget is spent for the notebook


@needs_sandbox
def test_an_oversized_message_is_dropped_with_a_note(tmp_path):
    big = outputs.MAX_MESSAGE_BYTES + 1000
    nb, notes = _run(tmp_path, [f"display({{'text/plain': 'z' * {big}}}, raw=True)\nprint('small')"])
    text = json.dumps(nb.cells[0].outputs)
    assert "z" * 1000 not in text and "OutputLimit" in text and "small" in text
    assert any("display_data" in n for n in notes)


@needs_sandbox
def test_a_clear_output_flood_costs_its_budget(tmp_path):
    """Every clear_output counts: 100 000 of them exhaust a 1 MB budget, and what comes after is dropped."""
    nb, notes = _run(tmp_path, [CLEAR_FLOOD], output_bytes=1_000_000)
    text = json.dumps(nb.cells[0].outputs)
    assert "after" not in text and "OutputLimit" in text and notes


@needs_sandbox
def test_widget_state_never_reaches_the_notebook(tmp_path):
    nb, notes = _run(tmp_path, [WIDGET_BOMB])
    saved = nbformat.writes(nb)
    assert "widgets" not in nb.metadata and "w" * 1000 not in saved
    assert len(saved) < 100_000 and "sent" in saved
    assert any("comm_open" in n for n in notes), notes


def test_the_report_names_what_was_dropped(tmp_path):
    """The grades report reads the notebook's marker (tools/grading/report.py)."""
    from tools.grading import report

    course, student, assignment = tmp_path, "eve", "a1"
    release = _notebook(v4.new_output("stream", name="stdout", text="x"))
    (course / "exercises" / assignment).mkdir(parents=True)
    nbformat.write(release, course / "exercises" / assignment / "nb.ipynb")
    for folder in ("submitted", "autograded"):
        (course / folder / student / assignment).mkdir(parents=True)
        nb = _notebook(_display(VARIANTS["png_height"]))
        if folder == "autograded":
            outputs.shape_notebook(nb)
        nbformat.write(nb, course / folder / student / assignment / "nb.ipynb")
    issues = report.inspect_submission(course, assignment, student, report.release_cells(course, assignment))
    assert any(re.match(r"outputs dropped: cell 0: image metadata 'height'", i) for i in issues), issues


# --- the Formgrader's policy (tools/grading/formgrader_csp.py; the browser test runs it for real) ----

def test_the_formgrader_policy_trusts_only_the_heads_inline_scripts():
    """Inline scripts of the page's head get their hash; a script in the body (where a student's
    notebook, name and id are rendered) does not, and nothing allows inline code in general."""
    import base64
    import hashlib

    from tools.grading import formgrader_csp

    def sha(code: bytes) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"

    page = (
        b'<html><head><script src="/formgrader/static/x.js"></script><script>var a = 1;</script></head>'
        b"<body><script>window.PWNED = 1;</script><img src=x onerror=alert(1)></body></html>"
    )
    policy = formgrader_csp.policy_for(page)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    script = directives["script-src"].split()
    assert sha(b"var a = 1;") in script and sha(b"window.PWNED = 1;") not in script
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and "'self'" in script
    assert directives["default-src"] == "'none'" and "http" not in policy
    assert sha(b"alert(1)") not in script
    no_body = formgrader_csp.policy_for(b"<script>var a = 1;</script>")
    assert sha(b"var a = 1;") not in no_body


def test_the_formgrader_mathjax_is_made_local_in_the_head_only():
    from tools.grading import formgrader_csp

    cdn = formgrader_csp.MATHJAX_CDN
    tag = b'<script src="' + cdn + b'"></script>'
    page = b"<head>" + tag + b"</head><body>" + tag + b"</body>"
    local = formgrader_csp.local_mathjax(page, "/mi-course/mathjax-stub.js")
    head, body = local.split(b"<body>")
    assert cdn not in head and b"/mi-course/mathjax-stub.js" in head and cdn in body
