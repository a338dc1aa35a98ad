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

Which inline code is the Formgrader's own: the inline scripts in a page's ``<head>`` (its templates put
those that hold template values there; a student's notebook, name and id are rendered in the body),
and, anywhere, the inline scripts and event handlers written literally in its template files
(:func:`template_code`, read from the installed nbgrader). Nothing else in the body gets a hash.

Enable it on the server that runs the Formgrader (``make lab``, the hub's course service in
``deploy/jupyterhub_config.py``; see docs/instructors.md) with the course root on ``PYTHONPATH`` and
``--ServerApp.jpserver_extensions='{"tools.grading.formgrader_csp": True}'``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
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

#: The event handlers of nbgrader 0.9's Formgrader templates, should the template files not be found.
TEMPLATE_HANDLERS = (
    "toggle_name(true);", "toggle_name(false);", "toggleAllNames()", "createAssignmentModal();",
    "createStudentModal();",
)
_HANDLER_ATTR = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)
#: Where a page's own head ends and content that may hold student data begins.
BODY_START = re.compile(rb"<body[\s>]", re.I)
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def template_code() -> tuple[frozenset[bytes], frozenset[bytes]]:
    """(inline scripts, event handlers) written literally (no template values) in the templates of
    the installed nbgrader Formgrader: a page may run exactly these, wherever they appear."""
    try:
        from nbgrader.server_extensions import formgrader

        folder = Path(formgrader.__file__).parent / "templates"
        texts = [p.read_bytes() for p in folder.rglob("*") if p.suffix in (".tpl", ".j2")]
    except (ImportError, OSError):
        texts = []
    scripts = {code for text in texts for code in _INLINE_SCRIPT.findall(text)}
    handlers = {
        (double or single).encode()
        for text in texts
        for double, single in _HANDLER_ATTR.findall(text.decode("utf-8", "replace"))
    }
    handlers |= {h.encode() for h in TEMPLATE_HANDLERS}
    static = frozenset(c for c in scripts if c.strip() and b"{{" not in c and b"{%" not in c)
    return static, frozenset(h for h in handlers if h and "{" not in h.decode())


_TEMPLATE_SCRIPTS, _TEMPLATE_HANDLERS = template_code()


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
    own = parts[0] if len(parts) == 2 else b""  # no <body> seen: no inline script of the page is trusted
    trusted = [*_INLINE_SCRIPT.findall(own), *_TEMPLATE_SCRIPTS]
    hashes = sorted({_hash(code) for code in trusted if code.strip()})
    handlers = sorted({_hash(code) for code in _TEMPLATE_HANDLERS})
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
