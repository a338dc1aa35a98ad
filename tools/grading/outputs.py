"""The fixed shape of what a graded notebook may hold once its kernel has run.

Everything a student's kernel sends back (outputs, their metadata, execution counts, widget state)
is hostile data. nbconvert's templates print some of it into HTML without quotes (an image's
``width`` and ``height``, the prompt's execution count), ``SanitizeHTML`` cleans only ``text/html``
and ``text/markdown`` *data*, and the autograded notebook is what the Formgrader and the feedback
pages render. :func:`shape_notebook` therefore rebuilds every output from an allow-list of typed
fields before the notebook is saved, and returns what it dropped, so that the grades report can
name it (:data:`MARKER`).

What is kept (the course's solutions and checks need nothing else):

- output types ``stream`` (``stdout``/``stderr``, text), ``display_data``, ``execute_result`` and
  ``error`` (name, message and traceback lines as strings);
- MIME types ``text/plain`` (a string), ``image/png`` (base64 text) and, in test cells only, the
  checks' results (:data:`~mi_exercises.grader.RESULTS_MIME`, read by ``DecideVerdicts``);
- output metadata ``width``/``height`` (positive integers up to :data:`MAX_PIXELS`, at the top
  level or under ``image/png``) and ``needs_background`` (``"light"`` or ``"dark"``);
- execution counts that are integers (else none);
- notebook metadata ``kernelspec``, ``language_info``, ``mi_course``, and cell metadata
  ``nbgrader``, ``tags``, a few JupyterLab view flags and nbclient's timing record (timestamps):
  no widget state anywhere;
- at most :data:`MAX_OUTPUT_BYTES` of outputs in the whole notebook (the sandbox's output budget
  bounds what arrives; this bounds what is saved, whatever arrived).
"""

from __future__ import annotations

import json
import re
from typing import Any

from mi_exercises.grader import RESULTS_MIME

#: Notebook metadata key under which :func:`shape_notebook` records what it dropped
#: (``{"dropped": [str, ...]}``); ``tools/grading/report.py`` reads it.
MARKER = "mi_grading"
#: Outputs (their JSON) that a saved notebook may hold in all; more is dropped, largest cell first.
MAX_OUTPUT_BYTES = 4 * 1024**2
#: Largest single kernel message (content and buffers) that the executor accepts; a figure of the
#: course is 20-100 kB.
MAX_MESSAGE_BYTES = 1024**2
#: Key of the executor's resources under which it counts the messages it refused.
REFUSED_KEY = "mi_refused_messages"
#: Largest width or height kept in an image's metadata.
MAX_PIXELS = 10_000
#: How many drop notes are kept per notebook (the rest are counted).
MAX_NOTES = 20

OUTPUT_TYPES = frozenset({"stream", "display_data", "execute_result", "error"})
MIME_TYPES = frozenset({"text/plain", "image/png"})
STREAM_NAMES = frozenset({"stdout", "stderr"})
NOTEBOOK_METADATA = frozenset({"kernelspec", "language_info", "mi_course", MARKER})
CELL_METADATA = frozenset({"nbgrader", "tags", "editable", "deletable", "collapsed", "scrolled", "jupyter"})
#: nbclient's timing record in a cell's metadata (``execution``): these keys, as short strings.
EXECUTION_KEYS = frozenset(
    {"iopub.status.busy", "iopub.execute_input", "shell.execute_reply", "iopub.status.idle"}
)
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")


class Drops:
    """What was dropped from one notebook, as short notes (``cell 3: image metadata 'height'``)."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.count = 0

    def add(self, where: str, what: str) -> None:
        """Record one dropped item (``where``: ``"notebook"`` or ``"cell N"``)."""
        self.count += 1
        note = f"{where}: {what}"
        if len(self.notes) < MAX_NOTES and note not in self.notes:
            self.notes.append(note)

    def summary(self) -> list[str]:
        """The notes, plus a count of any beyond :data:`MAX_NOTES`."""
        extra = self.count - len(self.notes)
        return self.notes + ([f"... and {extra} more"] if extra > 0 else [])


def message_size(msg: dict[str, Any]) -> int:
    """Bytes one kernel message brings: its headers, metadata and content as JSON, plus its binary
    buffers (so that a flood of small messages, e.g. ``clear_output``, costs what it costs)."""
    size = sum(_size(msg.get(part, {})) for part in ("header", "parent_header", "metadata", "content"))
    for buffer in msg.get("buffers") or []:
        try:
            size += memoryview(buffer).nbytes
        except TypeError:
            size += len(str(buffer))
    return size


def _pixels(value: Any) -> int | None:
    if type(value) is int and 0 < value <= MAX_PIXELS:
        return value
    return None


def _count(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value < 2**31 else None


def _text(value: Any) -> str | None:
    """A string, or a list of strings joined (nbformat's multiline form); anything else is None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return None


def _shape_metadata(metadata: Any, where: str, drops: Drops) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        if metadata not in (None, {}):
            drops.add(where, "output metadata that is not a mapping")
        return {}
    kept: dict[str, Any] = {}
    for key, value in metadata.items():
        if key in ("width", "height") and _pixels(value) is not None:
            kept[key] = value
        elif key == "needs_background" and value in ("light", "dark"):
            kept[key] = value
        elif key == "image/png" and isinstance(value, dict):
            inner = {}
            for name, size in value.items():
                if name in ("width", "height") and _pixels(size) is not None:
                    inner[name] = size
                else:
                    drops.add(where, f"image metadata {str(name)[:40]!r}")
            if inner:
                kept[key] = inner
        else:
            drops.add(where, f"output metadata {str(key)[:40]!r}")
    return kept


def _shape_data(data: Any, results_allowed: bool, where: str, drops: Drops) -> dict[str, Any]:
    if not isinstance(data, dict):
        drops.add(where, "output data that is not a mapping")
        return {}
    kept: dict[str, Any] = {}
    for mime, value in data.items():
        if mime == RESULTS_MIME and results_allowed:
            kept[mime] = value  # DecideVerdicts checks its shape and replaces the output
        elif mime == "text/plain" and _text(value) is not None:
            kept[mime] = _text(value)
        elif mime == "image/png" and _text(value) is not None and _BASE64.fullmatch(_text(value)):
            kept[mime] = _text(value)
        else:
            drops.add(where, f"output of type {str(mime)[:60]!r}")
    return kept


def shape_output(output: Any, results_allowed: bool, where: str, drops: Drops) -> dict[str, Any] | None:
    """``output`` rebuilt from its allowed, typed fields, or None when nothing of it may be kept.

    Parameters
    ----------
    output
        One output of a code cell, as the kernel's messages made it (any JSON).
    results_allowed
        Whether the checks' results MIME type may stay (test cells only).
    where
        Where the output is, for the drop notes (``"cell 12"``).
    drops
        Collects what was dropped.

    Returns
    -------
    dict or None
        A new output dict (nbformat v4) holding only allowed fields.
    """
    kind = output.get("output_type") if isinstance(output, dict) else None
    if kind not in OUTPUT_TYPES:
        drops.add(where, f"an output of kind {str(kind)[:40]!r}")
        return None
    if kind == "stream":
        text = _text(output.get("text"))
        name = output.get("name")
        if text is None or name not in STREAM_NAMES:
            drops.add(where, "a malformed stream output")
            return None
        return {"output_type": "stream", "name": name, "text": text}
    if kind == "error":
        trace = output.get("traceback")
        lines = [line for line in trace if isinstance(line, str)] if isinstance(trace, list) else []
        ename, evalue = output.get("ename"), output.get("evalue")
        return {
            "output_type": "error",
            "ename": ename if isinstance(ename, str) else "Error",
            "evalue": evalue if isinstance(evalue, str) else "",
            "traceback": lines,
        }
    data = _shape_data(output.get("data"), results_allowed, where, drops)
    if not data:
        return None
    shaped: dict[str, Any] = {
        "output_type": kind,
        "data": data,
        "metadata": _shape_metadata(output.get("metadata"), where, drops),
    }
    if kind == "execute_result":
        shaped["execution_count"] = _count(output.get("execution_count"))
    return shaped


def _is_test_cell(cell: dict[str, Any]) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(meta, dict) and bool(meta.get("grade")) and not meta.get("solution")


def _size(value: Any) -> int:
    return len(json.dumps(value, default=str))


def shape_notebook(nb: Any, extra_notes: list[str] = ()) -> list[str]:
    """Put ``nb`` (an nbformat v4 notebook, changed in place) into the fixed shape of this module.

    Parameters
    ----------
    nb
        The executed notebook (a dict or ``NotebookNode``).
    extra_notes
        Drops already recorded elsewhere (e.g. kernel messages the executor refused), reported
        with the others.

    Returns
    -------
    list of str
        What was dropped (also written to ``nb.metadata[MARKER]["dropped"]``; empty if nothing).
    """
    from nbformat import from_dict

    drops = Drops()
    for note in extra_notes:
        drops.add("kernel", note)
    metadata = nb.setdefault("metadata", {})
    for key in [k for k in metadata if k not in NOTEBOOK_METADATA]:
        drops.add("notebook", f"metadata {str(key)[:40]!r}")
        del metadata[key]
    metadata.pop(MARKER, None)
    sizes: list[tuple[int, int]] = []
    for index, cell in enumerate(nb.get("cells", [])):
        where = f"cell {index}"
        cell_meta = cell.setdefault("metadata", {})
        timing = cell_meta.pop("execution", None)
        for key in [k for k in cell_meta if k not in CELL_METADATA]:
            drops.add(where, f"cell metadata {str(key)[:40]!r}")
            del cell_meta[key]
        if isinstance(timing, dict):
            kept = {
                k: v for k, v in timing.items() if k in EXECUTION_KEYS and isinstance(v, str) and len(v) < 40
            }
            if kept:
                cell_meta["execution"] = kept
        if cell.get("cell_type") != "code":
            continue
        if "execution_count" in cell:
            count = _count(cell.get("execution_count"))
            if count is None and cell.get("execution_count") is not None:
                drops.add(where, "an execution count that is not an integer")
            cell["execution_count"] = count
        results_allowed = _is_test_cell(cell)
        raw = cell.get("outputs")
        outputs = raw if isinstance(raw, list) else []
        shaped = [shape_output(o, results_allowed, where, drops) for o in outputs]
        shaped = [s for s in shaped if s is not None]
        cell["outputs"] = [from_dict(s) for s in shaped]
        sizes.append((_size(shaped), index))
    total = sum(size for size, _ in sizes)
    for size, index in sorted(sizes, reverse=True):
        if total <= MAX_OUTPUT_BYTES:
            break
        cell = nb["cells"][index]
        note = f"outputs beyond the notebook's {MAX_OUTPUT_BYTES} bytes are dropped"
        cell["outputs"] = [
            from_dict({"output_type": "error", "ename": "OutputLimit", "evalue": note,
                       "traceback": [f"OutputLimit: {note}"]})
        ]
        total -= size
        drops.add(f"cell {index}", f"{size} bytes of outputs (notebook over {MAX_OUTPUT_BYTES} bytes)")
    notes = drops.summary()
    if notes:
        metadata[MARKER] = {"dropped": notes}
    return notes


def dropped_notes(nb: Any) -> list[str]:
    """What :func:`shape_notebook` recorded as dropped in a saved notebook (a dict), or []."""
    marker = nb.get("metadata", {}).get(MARKER) if isinstance(nb, dict) else None
    notes = marker.get("dropped") if isinstance(marker, dict) else None
    return [n for n in notes if isinstance(n, str)] if isinstance(notes, list) else []
