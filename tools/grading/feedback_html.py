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
nbconvert: on either kind of page, the two exporters give the same document.
"""

from __future__ import annotations

from typing import Any

import nbconvert.exporters.html as _nbconvert_html
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

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

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any) -> tuple[str, dict]:
        parse = _nbconvert_html.BeautifulSoup
        _nbconvert_html.BeautifulSoup = _parse_if_needed  # the name HTMLExporter's pass calls
        try:
            return super().from_notebook_node(nb, resources, **kw)
        finally:
            _nbconvert_html.BeautifulSoup = parse
