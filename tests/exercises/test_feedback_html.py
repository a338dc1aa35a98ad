"""The feedback exporter writes the documents nbconvert's HTMLExporter writes (tools/grading/feedback_html.py)."""

from __future__ import annotations

import base64
import doctest
import io
import re
import warnings
from pathlib import Path

import nbformat
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import nbconvert.exporters.html as nbconvert_html
    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter

import html

from nbgrader.server_extensions import formgrader as nbgrader_templates

from tools.grading import feedback_html
from tools.grading.feedback_html import PASS_TARGETS, FeedbackHTMLExporter


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [1, 0])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def graded_like_notebook(with_image: bool = False) -> nbformat.NotebookNode:
    """What feedback is made from: prose with math and markup, code, text and error outputs."""
    code = nbformat.v4.new_code_cell("def entropy(p):\n    return -sum(q * log2(q) for q in p if q)\n")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1.0 bits & <more> 'quoted'\n"),
        nbformat.v4.new_output("error", ename="AssertionError", evalue="H(X) should be 1.5",
                               traceback=["AssertionError: H(X) should be 1.5"]),
    ]
    cells = [
        nbformat.v4.new_markdown_cell("## Exercise 1\n\n$H(X) = -\\sum_x p(x) \\log p(x)$, see <em>the notes</em>."),
        code,
        nbformat.v4.new_markdown_cell("My answer: <b>it is 1.5</b> & that's all.<br>Next line."),
    ]
    if with_image:
        plot = nbformat.v4.new_code_cell("plot()")
        plot.outputs = [nbformat.v4.new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"})]
        cells.append(plot)
    return nbformat.v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})


POLICY_TAG = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def both(nb: nbformat.NotebookNode, template: str) -> tuple[str, str]:
    """nbconvert's page and ours, ours without the policy tag (tested on its own below)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs, _ = HTMLExporter(template_name=template).from_notebook_node(nb)
        ours, _ = FeedbackHTMLExporter(template_name=template).from_notebook_node(nb)
    assert len(POLICY_TAG.findall(ours)) == 1
    return theirs, POLICY_TAG.sub("", ours)


def test_a_page_without_images_or_lab_wrappers_is_the_same_document():
    """The feedback case (classic-based template, no image): the pass is skipped, and the page,
    serialised as the pass would, is nbconvert's byte for byte."""
    theirs, ours = both(graded_like_notebook(), "classic")
    assert not any(target in ours.lower() for target in PASS_TARGETS)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs


def test_an_image_tag_in_upper_case_still_gets_its_alt_text():
    """A student's markdown may write <IMG ...>: the parser reads it as an image, so the pass runs."""
    nb = graded_like_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell('<IMG SRC="figure.png">'))
    theirs, ours = both(nb, "classic")
    assert ours == theirs
    assert 'alt="No description has been provided for this image"' in ours


@pytest.mark.parametrize(("template", "with_image"), [("classic", True), ("lab", False)])
def test_a_page_with_an_image_or_lab_wrappers_goes_through_the_pass_unchanged(template, with_image):
    theirs, ours = both(graded_like_notebook(with_image), template)
    assert any(target in ours.lower() for target in PASS_TARGETS)
    assert ours == theirs
    if with_image:
        assert 'alt="No description has been provided for this image"' in ours
    else:
        assert 'tabindex="0"' in ours


def test_nbconvert_is_left_as_it_was_even_when_a_conversion_fails():
    class Failing(FeedbackHTMLExporter):
        def _init_resources(self, resources):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        Failing(template_name="classic").from_notebook_node(graded_like_notebook())
    assert nbconvert_html.BeautifulSoup is BeautifulSoup


def test_the_docstring_examples_run():
    result = doctest.testmod(feedback_html)
    assert result.attempted >= 3 and result.failed == 0


def test_every_page_carries_the_policy_first_in_its_head():
    """The Content-Security-Policy tag comes before anything else in <head>, and forbids script,
    remote loads, plugins and forms."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page, _ = FeedbackHTMLExporter(template_name="classic").from_notebook_node(graded_like_notebook(True))
    head = page.split("<head>", 1)[1]
    assert head.startswith('<meta http-equiv="Content-Security-Policy"')
    policy = html.unescape(POLICY_TAG.search(page).group(0).split('content="')[1][:-2])
    assert policy == feedback_html.FEEDBACK_CSP
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == directives["script-src"] == directives["object-src"] == "'none'"
    assert directives["img-src"] == "data:" and directives["form-action"] == "'none'"
    assert "http" not in policy and "'self'" not in policy  # a page opened from disk loads nothing


FEEDBACK_TEMPLATES = Path(nbgrader_templates.__file__).parent  # as nbgrader's GenerateFeedback sets them


def _feedback_page(needs_manual: bool) -> str:
    answer = nbformat.v4.new_markdown_cell("My answer: the bound is tight.")
    answer.metadata["nbgrader"] = {
        "grade": True, "solution": True, "grade_id": "ex2_written", "points": 2.0, "score": 0.0,
        "needs_manual_grade": needs_manual, "comment": None, "locked": False, "schema_version": 3,
    }
    nb = nbformat.v4.new_notebook(cells=[answer], metadata={"language_info": {"name": "python"}})
    resources = {"nbgrader": {"notebook": "mutual_information", "score": 17.0, "max_score": 48.0,
                              "late_penalty": 0}}
    exporter = FeedbackHTMLExporter(
        template_name="feedback",
        extra_template_basedirs=[str(FEEDBACK_TEMPLATES / "templates")],
        extra_template_paths=[str(FEEDBACK_TEMPLATES / "static/node_modules/bootstrap/dist/css")],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page, _ = exporter.from_notebook_node(nb, resources=resources)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_written_answer_waiting_for_its_grade_says_so_instead_of_zero():
    """nbgrader's feedback template prints an ungraded written answer as 0.0 / 2.0, in the table of
    contents and in the cell's heading; ours says it awaits a hand grade, in both places."""
    text = " ".join(_feedback_page(needs_manual=True).split())
    assert text.count("awaiting a hand grade") == 2, text
    assert "0.0 / 2.0" not in text
    graded = " ".join(_feedback_page(needs_manual=False).split())
    assert "awaiting a hand grade" not in graded and graded.count("0.0 / 2.0") == 2


def test_the_hand_grade_mark_set_by_a_preprocessor_reaches_the_page():
    """In a real feedback run the mark comes from GetGradesAwaitingHand, a preprocessor, which nbconvert
    runs on a copy of the notebook: the page must be rewritten from that copy (the hub test's term
    showed 0.0 / 2.0 for a written answer awaiting its grade when it read the notebook given)."""
    from nbconvert.preprocessors import Preprocessor

    class MarkAwaiting(Preprocessor):  # what GetGradesAwaitingHand writes, without a gradebook
        def preprocess_cell(self, cell, resources, index):
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "ex2_written":
                cell.metadata.nbgrader["needs_manual_grade"] = True
            return cell, resources

    answer = nbformat.v4.new_markdown_cell("My answer: the bound is tight.")
    answer.metadata["nbgrader"] = {
        "grade": True, "solution": True, "grade_id": "ex2_written", "points": 2.0, "score": 0.0,
        "comment": None, "locked": False, "schema_version": 3,
    }
    nb = nbformat.v4.new_notebook(cells=[answer], metadata={"language_info": {"name": "python"}})
    resources = {"nbgrader": {"notebook": "mutual_information", "score": 17.0, "max_score": 48.0,
                              "late_penalty": 0}}
    exporter = FeedbackHTMLExporter(
        template_name="feedback",
        extra_template_basedirs=[str(FEEDBACK_TEMPLATES / "templates")],
        extra_template_paths=[str(FEEDBACK_TEMPLATES / "static/node_modules/bootstrap/dist/css")],
    )
    exporter.register_preprocessor(MarkAwaiting, enabled=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page, _ = exporter.from_notebook_node(nb, resources=resources)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert text.count("awaiting a hand grade") == 2, text
    assert "0.0 / 2.0" not in text
    assert "needs_manual_grade" not in nb.cells[0].metadata["nbgrader"], "the notebook given was changed"
