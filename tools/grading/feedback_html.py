"""The HTML exporter of the course's feedback: nbconvert's, less a closing pass with nothing to do there.

nbconvert's :class:`~nbconvert.exporters.HTMLExporter` parses every page it has written with
BeautifulSoup (the pure-Python ``html.parser``) to add alt text to images that lack it and a
``tabindex`` to JupyterLab-style cell wrappers, then writes the tree out again. nbgrader's
feedback template draws no JupyterLab wrappers, and the feedback on a graded notebook holds an image
only if the student's outputs do. On a page with neither, the pass changes nothing a browser
would show: it only re-serialises the page (quotes, void tags). Yet that pass takes half the
time it takes to write feedback.

:class:`FeedbackHTMLExporter` skips the pass on a page that holds none of what it looks for, and
runs it unchanged on any other page. ``tests/exercises/test_feedback_html.py`` holds it to
nbconvert: on either kind of page, the two exporters give the same document, but for two
additions made to the finished page:

- a Content-Security-Policy ``<meta>`` tag (:data:`FEEDBACK_CSP`) as the first thing in ``<head>``:
  no script runs (inline or loaded), nothing is fetched from anywhere (images must be ``data:``
  URIs, styles inline), no form is sent. It is the second wall behind the fixed shape of the
  outputs (``tools.grading.outputs``) and nbconvert's HTML sanitiser. MathJax, which nbconvert's
  templates load from a CDN, is blocked too: formulas in a feedback page show as their TeX source.
- a written answer that still waits for its hand grade reads "awaiting a hand grade" instead of
  a score of 0 (:class:`GetGradesAwaitingHand` marks those cells).
"""

from __future__ import annotations

import re
from typing import Any

import nbconvert.exporters.html as _nbconvert_html
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import GetGrades
from traitlets import Unicode

#: The feedback page's policy: nothing runs, nothing is loaded from elsewhere.
FEEDBACK_CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; img-src data:; "
    "style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"
)
AWAITING = "awaiting a hand grade"
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)

#: What nbconvert's pass selects (``img:not([alt])``, ``div.jp-Cell-inputWrapper``,
#: ``div.jp-OutputArea-output``), in lower case: a page without these strings, in any case (an
#: ``<IMG`` a student wrote is an image to the parser too), gives the pass nothing to change.
PASS_TARGETS = ("<img", "jp-cell-inputwrapper", "jp-outputarea-output")


class _Verbatim:
    """Stands in for the parsed page when the pass has nothing to change: it selects nothing and
    writes the page out as it came."""

    def __init__(self, markup: str) -> None:
        self._markup = markup

    def select(self, _selector: str) -> list:
        return []

    def __str__(self) -> str:
        return self._markup


def _parse_if_needed(markup: str, features: str | None = None, **kwargs: Any) -> BeautifulSoup | _Verbatim:
    lowered = markup.lower()
    if any(target in lowered for target in PASS_TARGETS):
        return BeautifulSoup(markup, features, **kwargs)
    return _Verbatim(markup)


class FeedbackHTMLExporter(HTMLExporter):
    """:class:`~nbconvert.exporters.HTMLExporter`, whose closing pass over the page runs only when the
    page holds an image or a JupyterLab cell wrapper (see the module's docstring).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("**Well done.**")])
    >>> page, _ = FeedbackHTMLExporter(template_name="classic").from_notebook_node(nb)
    >>> "<strong>Well done.</strong>" in page
    True
    """

    content_security_policy = Unicode(
        FEEDBACK_CSP, help="Content-Security-Policy of every page (empty: no policy tag)."
    ).tag(config=True)

    def _preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        # nbconvert runs the preprocessors on a deep copy of the notebook it is given; the marks
        # GetGradesAwaitingHand sets are on that copy, which the closing pass below must read.
        nb, resources = super()._preprocess(nb, resources)
        self._preprocessed = nb
        return nb, resources

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any) -> tuple[str, dict]:
        parse = _nbconvert_html.BeautifulSoup
        _nbconvert_html.BeautifulSoup = _parse_if_needed  # the name HTMLExporter's pass calls
        self._preprocessed = nb
        try:
            page, resources = super().from_notebook_node(nb, resources, **kw)
        finally:
            _nbconvert_html.BeautifulSoup = parse
        graded = self._preprocessed
        return with_policy(awaiting_hand_grades(page, graded), self.content_security_policy), resources


def with_policy(page: str, policy: str) -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` tag first in its ``<head>`` (or first of all).

    >>> page = with_policy("<html><head><title>t</title></head></html>", "default-src 'none'")
    >>> page.split("<title>")[0]
    '<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;">'
    """
    if not policy:
        return page
    content = policy.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#x27;")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    match = _HEAD.search(page)
    if match is None:
        return tag + page
    return page[: match.end()] + tag + page[match.end() :]


def awaiting_hand_grades(page: str, nb: Any) -> str:
    """``page`` with the score of every cell that waits for a hand grade replaced by :data:`AWAITING`.

    The cells are those :class:`GetGradesAwaitingHand` marked with ``needs_manual_grade``; their
    scores appear in the page's table of contents and in the cell's heading (nbgrader's feedback
    template), both anchored on the cell's grade id.
    """
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if not (isinstance(gid, str) and meta.get("needs_manual_grade")):
            continue
        anchor = re.escape(gid)
        page = re.sub(
            rf'(<a href="#{anchor}">[^<]*</a> \()Score: [-0-9.]+ / ([0-9.]+)\)',
            rf"\g<1>{AWAITING}, \g<2> points)",
            page,
        )
        page = re.sub(
            rf'(<a name="{anchor}"></a>\s*<div class="panel-heading">(?:(?!</div>).)*?)'
            r"Score: [-0-9.]+ / ([0-9.]+)",
            rf"\g<1>Score: {AWAITING} (\g<2> points)",
            page,
            flags=re.S,
        )
    return page


class GetGradesAwaitingHand(GetGrades):
    """nbgrader's ``GetGrades`` that also marks each cell still waiting for a hand grade
    (``needs_manual_grade`` in its nbgrader metadata), for :func:`awaiting_hand_grades`."""

    def _get_score(self, cell: Any, resources: Any) -> None:
        super()._get_score(cell, resources)
        grade = self.gradebook.find_grade(
            cell.metadata["nbgrader"]["grade_id"], self.notebook_id, self.assignment_id, self.student_id
        )
        cell.metadata.nbgrader["needs_manual_grade"] = bool(grade.needs_manual_grade)
