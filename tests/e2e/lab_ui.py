"""What a person does in JupyterLab, as Playwright steps: open a notebook, use the menus, run cells,
type or paste into a cell, read what the page shows."""

from __future__ import annotations

import re
import time

from e2e_support import JupyterLab

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CELLS = f"{NOTEBOOK} .jp-Notebook .jp-Cell"

# One pass over the open notebook: prompts, outputs, images and math, in a single round trip.
_STATE_JS = r"""
() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!nb) return null;
  const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
  const errs = [...nb.querySelectorAll('.jp-OutputArea-output')]
    .filter(e => (e.getAttribute('data-mime-type') || '').includes('stderr'))
    .map(e => e.innerText.slice(0, 2000));
  const imgs = [...nb.querySelectorAll('.jp-OutputArea-output img')];
  return {
    prompts,
    numbered: prompts.filter(p => /^\[\d+\]:$/.test(p)).length,
    running: prompts.filter(p => p === '[*]:').length,
    errors: errs,
    images: imgs.length,
    imagesLoaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    math: nb.querySelectorAll('.jp-RenderedMarkdown mjx-container').length,
    // MathJax 3 marks a TeX error with merror; an undefined macro (noundefined package) comes out
    // as red mtext, visible in the assistive MathML.
    mathErrors: [...nb.querySelectorAll(
        'mjx-merror, .MathJax_Error, [data-mjx-error], mjx-assistive-mml mtext[mathcolor="red"]')]
      .map(e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 20),
  };
}
"""

# TeX that MathJax never saw: backslash commands left in the rendered prose (code excluded).
_RAW_TEX_JS = r"""
() => {
  const out = [];
  for (const md of document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown')) {
    const copy = md.cloneNode(true);
    copy.querySelectorAll('mjx-container, code, pre, script, style').forEach(e => e.remove());
    const hits = copy.textContent.match(/\\[A-Za-z]{2,}/g);
    if (hits) out.push(...hits);
  }
  return out;
}
"""


def load_lab(page, lab: JupyterLab, timeout: float = 90) -> None:
    """Load JupyterLab in the tab, in a clean workspace, and wait until its menus are there."""
    page.goto(f"{lab.url}/lab?reset")
    page.locator("#jp-main-statusbar").wait_for(timeout=timeout * 1000)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^File$")).wait_for(timeout=timeout * 1000)


def open_notebook(page, lab: JupyterLab, relpath: str, timeout: float = 90) -> None:
    """Open ``relpath`` as a student does in a running JupyterLab (File > Open from Path…), loading
    JupyterLab in the tab first if it is not there, and wait until its kernel is connected and idle.

    Opening in the running application, rather than loading the page again for each notebook,
    is what a student does, and it spares the browser a start of JupyterLab (about half the
    browser's work for a notebook)."""
    if not page.locator("#jp-main-statusbar").count():
        load_lab(page, lab, timeout)
    menu(page, "File", "Open from Path…")
    dialog = page.locator(".jp-Dialog", has_text="Open Path")
    dialog.locator("input").fill(relpath)
    dialog.locator(".jp-Dialog-button", has_text=re.compile(r"^Open$")).click()
    page.locator(NOTEBOOK).first.wait_for(timeout=timeout * 1000)
    wait_kernel_idle(page, lab, relpath, timeout)
    dismiss_toasts(page)


def close_all_tabs(page, lab: JupyterLab, timeout: float = 30) -> None:
    """Close every document (File > Close All Tabs), discarding unsaved changes, so that the tab is
    as the next test expects it; reload JupyterLab if a notebook or a panel is still open after."""
    try:
        page.keyboard.press("Escape")  # a dialog a failed test left open
        menu(page, "File", "Close All Tabs")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            discard = page.locator(".jp-Dialog .jp-Dialog-button", has_text=re.compile(r"^Discard$"))
            if discard.count():
                discard.first.click()
            elif not page.locator(".jp-NotebookPanel, .jp-MainAreaWidget iframe").count():
                return  # (closing the last tab opens a Launcher: that one may stay)
            time.sleep(0.1)
    except Exception:  # whatever went wrong, a reload puts the tab right
        pass
    load_lab(page, lab)


def wait_kernel_idle(page, lab: JupyterLab, relpath: str, timeout: float = 90) -> None:
    """The status bar reads "| Idle" *and* the server sees a connected, idle kernel for the notebook
    (the status bar alone can read Idle before the kernel has connected)."""
    page.locator("#jp-main-statusbar", has_text=re.compile(r"\| Idle")).wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in lab.api("GET", "/api/sessions"):
            kernel = session.get("kernel") or {}
            if (session.get("path") == relpath and kernel.get("execution_state") == "idle"
                    and kernel.get("connections", 0) >= 1):
                return
        time.sleep(0.25)
    raise TimeoutError(f"the kernel of {relpath} did not become idle within {timeout} s")


def dismiss_toasts(page) -> None:
    """Close any notification toast (news, updates) that would cover the page."""
    for close in page.locator(".Toastify__toast .jp-toast-button, .Toastify__close-button").all():
        try:
            close.click(timeout=1000)
        except Exception:  # a toast that went away by itself
            pass


def menu(page, top: str, item: str) -> None:
    """Click ``top`` in the menu bar, then ``item`` in the menu it opens."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")).click()
    page.locator(".lm-Menu:not(.lm-mod-hidden) .lm-Menu-itemLabel",
                 has_text=re.compile(rf"^{re.escape(item)}$")).click()


def state(page) -> dict:
    return page.evaluate(_STATE_JS)


def raw_tex(page) -> list[str]:
    return page.evaluate(_RAW_TEX_JS)


def wait_run_all(page, expected_numbered: int, timeout: float = 180) -> dict:
    """Wait until every runnable code cell has an execution count, or an error output appears."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = state(page)
        if last["errors"]:
            return last
        if last["running"] == 0 and last["numbered"] >= expected_numbered:
            return last
        time.sleep(0.5)
    raise TimeoutError(f"run-all did not finish within {timeout} s: {last}")


def wait_math_settled(page, timeout: float = 30) -> dict:
    """MathJax typesets asynchronously: wait until the count of typeset formulas stops changing."""
    deadline = time.monotonic() + timeout
    previous, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = state(page)
        if now["math"] != previous:
            previous, stable_since = now["math"], time.monotonic()
        elif time.monotonic() - stable_since > 1.0 and (now["math"] > 0):
            return now
        time.sleep(0.25)
    return state(page)


def wait_numbered(page, n: int, timeout: float = 120) -> None:
    """Wait until at least ``n`` code cells show an execution count."""
    page.wait_for_function(
        "n => [...document.querySelectorAll("
        "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]"
        ".filter(p => /^\\[\\d+\\]:$/.test(p.textContent.trim())).length >= n",
        arg=n, timeout=timeout * 1000,
    )


def wait_images_loaded(page, n: int, timeout: float = 30) -> None:
    """Wait until at least ``n`` output images have decoded."""
    page.wait_for_function(
        "n => [...document.querySelectorAll("
        "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length >= n",
        arg=n, timeout=timeout * 1000,
    )


def cell(page, index: int):
    return page.locator(CELLS).nth(index)


def select_cell(page, index: int) -> None:
    """Click a cell's prompt (selects it in command mode without entering the editor)."""
    target = cell(page, index)
    target.scroll_into_view_if_needed()
    target.locator(".jp-InputPrompt").click()


def paste_into_cell(page, index: int, text: str) -> None:
    """Replace a cell's source the way a student pastes an answer: clipboard, select all, Ctrl+V."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    editor = cell(page, index).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+v")


def run_cell(page, index: int) -> None:
    """Put the cursor in the cell and press Shift+Enter."""
    editor = cell(page, index).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Shift+Enter")


def wait_cell_done(page, index: int, timeout: float = 120) -> str:
    """Wait for a cell to get an execution count; return its prompt."""
    prompt = cell(page, index).locator(".jp-InputPrompt")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = prompt.inner_text().strip()
        if re.fullmatch(r"\[\d+\]:", text):
            return text
        time.sleep(0.25)
    raise TimeoutError(f"cell {index} did not finish within {timeout} s")


def cell_outputs(page, index: int) -> list[dict]:
    return cell(page, index).locator(".jp-OutputArea-output").evaluate_all(
        "els => els.map(e => ({mime: e.getAttribute('data-mime-type') || '', text: e.innerText}))"
    )


def cell_source(page, index: int) -> str:
    return cell(page, index).locator(".cm-content").inner_text()
