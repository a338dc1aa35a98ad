"""A Jupyter server extension that gives every Formgrader page a strict Content-Security-Policy.

The Formgrader's grading page renders a student's autograded notebook into the instructor's own
origin, where a script could read ``/api/contents/gradebook.db`` or start a kernel as the grader.
``tools.grading.outputs`` keeps markup out of what the notebook holds; this header is the second
wall: on every response under ``<base_url>formgrader`` it allows scripts only from the server itself
and the inline ``<script>`` blocks and event handlers of the Formgrader's own templates, by their
SHA-256 hashes, so an injected handler (``onerror=``) or ``<script>`` in a student's output does not
run; nothing is loaded from another origin (the CDN MathJax of nbconvert's template included:
formulas in the grading page show as TeX source).

Which inline code is the Formgrader's own: the inline scripts in a page's ``<head>`` (where all of its
templates put theirs; a student's notebook, name and id are rendered in the body) and the event
handlers its templates use (:data:`TEMPLATE_HANDLERS`). Nothing in the body gets a hash.

Enable it on the server that runs the Formgrader (``make lab``, the hub's course service; see
docs/deployment.md) with ``--ServerApp.jpserver_extensions='{"tools.grading.formgrader_csp": True}'``
and the course root on ``PYTHONPATH``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from tornado.web import OutputTransform

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


def make_transform(prefix: str) -> type[OutputTransform]:
    """A tornado output transform that sets :func:`policy_for` on responses under ``prefix``."""

    class FormgraderPolicy(OutputTransform):
        def __init__(self, request: Any) -> None:
            self._applies = request.path.startswith(prefix)

        def transform_first_chunk(
            self, status_code: int, headers: Any, chunk: bytes, finishing: bool
        ) -> tuple[int, Any, bytes]:
            if self._applies:
                headers["Content-Security-Policy"] = policy_for(chunk)
            return status_code, headers, chunk

    return FormgraderPolicy


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "tools.grading.formgrader_csp"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    base = serverapp.base_url if serverapp.base_url.endswith("/") else serverapp.base_url + "/"
    # First, so that it sees the page before gzip (tornado applies the transforms in order).
    serverapp.web_app.transforms.insert(0, make_transform(base + "formgrader"))
    serverapp.log.info("Formgrader pages get a Content-Security-Policy (tools.grading.formgrader_csp)")
