"""A Jupyter server extension that gives every Formgrader page a strict Content-Security-Policy.

The Formgrader's grading page renders a student's autograded notebook into the instructor's own
origin, where a script could read ``/api/contents/gradebook.db`` or start a kernel as the grader.
``tools.grading.outputs`` keeps markup out of what the notebook holds; this header is the second
wall: on every response under ``<base_url>formgrader`` it allows scripts only from the server itself
and the inline ``<script>`` blocks and event handlers of the Formgrader's own templates, by their
SHA-256 hashes, so an injected handler (``onerror=``) or ``<script>`` in a student's output does not
run; nothing is loaded from another origin.

nbconvert's template loads MathJax 2 from a CDN, and the Formgrader's own script calls it (without it
the grading page's script stops at ``MathJax.loaded``, online or not). The page's head is therefore
pointed at a same-origin stand-in of MathJax's API (:data:`MATHJAX_STUB`, served by this extension):
the page works, and formulas show as their TeX source.

Which inline code is the Formgrader's own: the inline scripts in a page's ``<head>`` (where all of its
templates put theirs; a student's notebook, name and id are rendered in the body) and the event
handlers its templates use (:data:`TEMPLATE_HANDLERS`). Nothing in the body gets a hash.

Enable it on the server that runs the Formgrader (``make lab``, the hub's course service in
``deploy/jupyterhub_config.py``; see docs/instructors.md) with the course root on ``PYTHONPATH`` and
``--ServerApp.jpserver_extensions='{"tools.grading.formgrader_csp": True}'``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from tornado.web import OutputTransform, RequestHandler

#: The MathJax that nbconvert's ``mathjax()`` macro loads (the Formgrader's template uses its default).
MATHJAX_CDN = b"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"
#: Where this extension serves the stand-in, under the server's base URL.
STUB_PATH = "mi-course/mathjax-stub.js"
#: The part of MathJax 2's API that the Formgrader's script and nbconvert's template call.
MATHJAX_STUB = """window.MathJax = {
  Hub: {
    Config: function () {}, Queue: function () {}, Configured: function () {},
    Register: {StartupHook: function () {}, MessageHook: function () {}},
    Startup: {signal: {Interest: function (listener) { setTimeout(function () { listener("End"); }, 0); }}},
    getAllJax: function () { return []; }, Rerender: function () {}
  },
  Ajax: {config: {path: {}}}
};
"""

#: The inline event handlers of nbgrader's Formgrader templates (``formgrade_macros.html.j2``,
#: ``gradebook_notebook_submissions.tpl``). A student's markup can at most call these.
TEMPLATE_HANDLERS = ("toggle_name(true);", "toggle_name(false);", "toggleAllNames()")
#: Where a page's own head ends and content that may hold student data begins.
BODY_START = re.compile(rb"<body[\s>]", re.I)
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def _hash(code: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"


def policy_for(page: bytes) -> str:
    """The Content-Security-Policy of one Formgrader response whose body (or first chunk) is ``page``.

    Parameters
    ----------
    page
        The response body as sent (HTML, JSON or anything else).

    Returns
    -------
    str
        The policy: scripts from the server itself and the hashed inline code of the templates,
        styles from the server and inline, images from the server and ``data:``, nothing else.
    """
    parts = BODY_START.split(page, 1)
    own = parts[0] if len(parts) == 2 else b""  # no <body> seen: no inline script is trusted
    hashes = sorted({_hash(code) for code in _INLINE_SCRIPT.findall(own) if code.strip()})
    handlers = sorted({_hash(code.encode()) for code in TEMPLATE_HANDLERS})
    script = " ".join(["'self'", *hashes, "'unsafe-hashes'", *handlers])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {script}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def local_mathjax(page: bytes, stub_url: str) -> bytes:
    """``page`` with the CDN MathJax in its head replaced by ``stub_url`` (the body is left alone)."""
    parts = BODY_START.split(page, 1)
    if len(parts) != 2 or MATHJAX_CDN not in parts[0]:
        return page
    head = parts[0].replace(MATHJAX_CDN, stub_url.encode())
    return head + page[len(parts[0]) :]


def make_transform(prefix: str, stub_url: str) -> type[OutputTransform]:
    """A tornado output transform that, on responses under ``prefix``, points the head's MathJax at
    ``stub_url`` and sets :func:`policy_for` as the page's Content-Security-Policy."""

    class FormgraderPolicy(OutputTransform):
        def __init__(self, request: Any) -> None:
            self._applies = request.path.startswith(prefix)

        def transform_first_chunk(
            self, status_code: int, headers: Any, chunk: bytes, finishing: bool
        ) -> tuple[int, Any, bytes]:
            if self._applies:
                if "html" in headers.get("Content-Type", ""):
                    chunk = local_mathjax(chunk, stub_url)
                    if finishing and "Content-Length" in headers:
                        headers["Content-Length"] = str(len(chunk))
                headers["Content-Security-Policy"] = policy_for(chunk)
            return status_code, headers, chunk

    return FormgraderPolicy


class MathJaxStubHandler(RequestHandler):
    """Serves :data:`MATHJAX_STUB`."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "max-age=3600")
        self.finish(MATHJAX_STUB)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "tools.grading.formgrader_csp"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    base = serverapp.base_url if serverapp.base_url.endswith("/") else serverapp.base_url + "/"
    serverapp.web_app.add_handlers(".*$", [(base + STUB_PATH, MathJaxStubHandler)])
    # First, so that it sees the page before gzip (tornado applies the transforms in order).
    serverapp.web_app.transforms.insert(0, make_transform(base + "formgrader", base + STUB_PATH))
    serverapp.log.info("Formgrader pages get a Content-Security-Policy (tools.grading.formgrader_csp)")
