"""Sphinx extension of the course's reading site: run links, the private notes box, assets.

Markdown links to folders and files of the repository lead to the page built from that folder, or
to the file on the forge (``RepositoryLinks``). Every page built from a notebook gets a bar under
its title with the ways to run it: *Run notebook* (the theme's nbgitpuller launch link into the
course's JupyterHub; without a hub, how to run it locally with ``make lab``), the theme's Colab and
Binder launch links when a repository is configured (all from ``course_run``, see conf.py), and
the ``.ipynb`` file itself, as committed, published next to the page. Every content page gets a
notes box (``_static/course-notes.js`` fills it from the browser's localStorage). When the build
finishes, the notebooks and the vendored MathJax are copied into the site.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

NOTES_LIMIT = 8000


def nbgitpuller_url(hub_url: str, repo_url: str, branch: str, path: str) -> str:
    """The link that makes a JupyterHub clone (or update) ``repo_url`` and open ``path`` in JupyterLab.

    Parameters
    ----------
    hub_url : str
        The hub's address, e.g. ``https://hub.example.edu`` (a trailing slash is ignored).
    repo_url : str
        The git repository nbgitpuller pulls; its last path component is the folder it clones into.
    branch : str
        The branch to pull.
    path : str
        The notebook's path inside the repository.

    Returns
    -------
    str
        ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/<folder>/<path>``.

    Examples
    --------
    >>> nbgitpuller_url("https://hub.example.edu/", "https://github.com/org/mi-course.git", "main",
    ...                 "notebooks/01_intro.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Fmi-course.git&branch=main&urlpath=lab%2Ftree%2Fmi-course%2Fnotebooks%2F01_intro.ipynb'
    """
    if not hub_url or not repo_url:
        raise ValueError("nbgitpuller_url needs both a hub URL and a repository URL")
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    params = {"repo": repo_url, "branch": branch, "urlpath": f"lab/tree/{folder}/{path}"}
    query = urlencode(params, quote_via=quote)
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


# The theme's launch buttons by the names it gives them, in the order the bar lists them.
LAUNCH_SERVICES = ("JupyterHub", "Colab", "Binder")


def theme_launch_links(context: dict[str, Any]) -> dict[str, str]:
    """The URLs of sphinx-book-theme's launch buttons on this page, keyed by service name.

    The theme puts them in ``context["header_buttons"]`` as a group labelled ``launch-buttons``
    (from ``html_theme_options["launch_buttons"]`` and ``repository_url``); there is none on a page
    that is not a notebook or when no repository is configured.
    """
    for group in context.get("header_buttons") or []:
        if group.get("label") == "launch-buttons":
            return {b["text"]: b["url"] for b in group.get("buttons", []) if b.get("type") == "link"}
    return {}


def run_bar(config: dict[str, str], repo_path: str, launch: dict[str, str] | None = None) -> str:
    """The HTML of the bar under a notebook page's title: where to run it, and the file link.

    Parameters
    ----------
    config : dict
        ``course_run``: ``hub_url``, ``repo_url``, ``branch``.
    repo_path : str
        The notebook's path in the repository.
    launch : dict, optional
        The theme's launch links of the page (:func:`theme_launch_links`). Its ``JupyterHub`` link
        is the bar's main link; without one, the bar says how to run the notebook locally. Its
        ``Colab`` and ``Binder`` links are offered either way.
    """
    launch = dict(launch or {})
    name = repo_path.rsplit("/", 1)[-1]
    href = html.escape(quote(name))
    file_link = (f'<a class="course-run-file" href="{href}" download>'
                 f'Download {html.escape(name)}</a>')
    hub = launch.pop("JupyterHub", "")
    if not hub and config.get("hub_url") and config.get("repo_url"):
        branch = config.get("branch") or "main"
        hub = nbgitpuller_url(config["hub_url"], config["repo_url"], branch, repo_path)
    if hub:
        run = (f'<a class="course-run-hub" href="{html.escape(hub)}">Run notebook</a> '
               f'<span class="course-run-where">on the course\'s JupyterHub</span>')
    else:
        run = (f'<span class="course-run-local"><strong>Run notebook:</strong> in a clone of the course, '
               f'<code>make lab</code> and open <code>{html.escape(repo_path)}</code></span>')
    online = [f'<a class="course-run-{s.lower()}" href="{html.escape(launch[s])}">{s}</a>'
              for s in LAUNCH_SERVICES if launch.get(s)]
    if online:
        run += (f'<span class="course-run-online">{"or online" if hub else "or online, no install"}: '
                f'{" · ".join(online)}</span>')
    return (f'<div class="course-run" role="navigation" aria-label="Run this notebook">{run}'
            f'<span class="course-run-sep" aria-hidden="true"> · </span>{file_link}'
            f' <a class="course-notes-jump" href="#private-notes">Private notes</a></div>')


def notes_box(pagename: str) -> str:
    """The notes box; hidden until course-notes.js (which needs localStorage) takes it over."""
    page = html.escape(pagename)
    return f"""
<aside class="course-notes" id="private-notes" data-page="{page}" data-limit="{NOTES_LIMIT}" hidden>
  <h2 class="course-notes-title">Private notes</h2>
  <p class="course-notes-privacy">Your notes on this page stay in this browser (its localStorage);
  they are never sent anywhere. Export them to keep a copy.</p>
  <textarea class="course-notes-text" maxlength="{NOTES_LIMIT}" rows="6"
    aria-label="Private notes on this page" spellcheck="true"></textarea>
  <div class="course-notes-bar">
    <span class="course-notes-count" aria-live="polite">0/{NOTES_LIMIT}</span>
    <span class="course-notes-status" role="status"></span>
    <button type="button" class="course-notes-export">Export</button>
    <button type="button" class="course-notes-clear">Clear</button>
  </div>
</aside>
"""


def repository_link(refdoc: str, target: str, pages: set[str], repo_root: str,
                    run: dict[str, str]) -> tuple[str, str] | None:
    """Where a relative markdown link that is not a page of the site should lead.

    The notebooks and guides are written to read well on a forge, so they link to folders and to
    files of the repository. On the site, a link to a folder that holds exactly one page leads to
    that page (``("doc", docname)``); a link to another file or folder of the repository leads to
    it on the forge when ``run["repo_url"]`` is set (``("url", ...)``), and is shown as plain text
    otherwise (``("text", "")``). Anything else (a typo) is ``None``: myst reports it.

    Examples
    --------
    >>> pages = {"index", "notebooks/01_a", "exercises/mi/mi"}
    >>> repository_link("notebooks/01_a", "../exercises/mi/", pages, "", {})
    ('doc', 'exercises/mi/mi')
    """
    path, _, fragment = target.partition("#")
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), path))
    if rel.startswith(".."):
        return None
    in_folder = [d for d in pages if posixpath.dirname(d) == rel]
    if path.endswith("/") and len(in_folder) == 1:
        return ("doc", in_folder[0])
    if not repo_root or not (Path(repo_root) / rel).exists():
        return None
    repo_url = (run.get("repo_url") or "").removesuffix(".git").rstrip("/")
    if not repo_url:
        return ("text", "")
    kind = "tree" if (Path(repo_root) / rel).is_dir() else "blob"
    anchor = f"#{fragment}" if fragment else ""
    return ("url", f"{repo_url}/{kind}/{run.get('branch') or 'main'}/{quote(rel)}{anchor}")


class RepositoryLinks(SphinxPostTransform):
    """Rewrites markdown links to folders and files of the repository (see :func:`repository_link`).

    It runs just before myst's resolver (priority 9), so a link to a page is left to myst.
    """

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        config = self.app.config
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") == "doc":
                continue
            where = repository_link(node.get("refdoc", self.env.docname), node.get("reftarget", ""),
                                    self.env.found_docs, config.course_repo_root, config.course_run)
            if where is None:
                continue
            kind, value = where
            if kind == "doc":
                node["refdomain"], node["reftarget"], node["reftargetid"] = "doc", value, None
            elif kind == "url":
                link = nodes.reference("", "", internal=False, refuri=value)
                link += node.children
                node.replace_self(link)
            else:
                node.replace_self(node.children)


FIGURE_IMG = re.compile(r'<img\b[^>]*\bsrc="([^"]*_images/[^"]+\.png)"[^>]*>')


def load_figure_alt(path: str | Path) -> dict[str, list[str]]:
    """The alt text table (site/figure_alt.toml): notebook name -> alt text of each figure in order."""
    table = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    for name, entries in table.items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ValueError(f"{path}: {name} must be a list of strings, one per figure")
    return table


def describe_figures(body: str, alts: list[str], page: str) -> str:
    """Give the page's i-th figure (a PNG output) ``alts[i]`` as its alt text, and wrap it in a link
    to the PNG itself, so that a figure too small to read can be opened full size.

    Raises
    ------
    sphinx.errors.ExtensionError
        If the page has more or fewer figures than ``alts`` has entries, or an entry is blank.

    Examples
    --------
    >>> describe_figures('<p>x</p><img alt="../_images/a.png" src="../_images/a.png" />',
    ...                  ["A line rising."], "p")
    '<p>x</p><a class="course-figure" href="../_images/a.png"><img alt="A line rising." \
src="../_images/a.png" /><span class="course-figure-open">Open the figure full size</span></a>'
    """
    found = list(FIGURE_IMG.finditer(body))
    if len(found) != len(alts):
        raise ExtensionError(f"{page}: {len(found)} figures but {len(alts)} alt texts "
                             "in site/figure_alt.toml")
    out, last = [], 0
    for match, alt in zip(found, alts, strict=True):
        if not alt.strip():
            raise ExtensionError(f"{page}: a blank alt text in site/figure_alt.toml")
        tag = re.sub(r'\s*\balt="[^"]*"', "", match[0])
        tag = tag.replace("<img", f'<img alt="{html.escape(alt.strip())}"', 1)
        out += [body[last:match.start()], f'<a class="course-figure" href="{match[1]}">{tag}'
                f'<span class="course-figure-open">Open the figure full size</span></a>']
        last = match.end()
    return "".join(out) + body[last:]


class dropdown(nodes.General, nodes.Element):
    """A "Try it yourself" box: HTML ``<details>``, closed until the reader opens it."""


class dropdown_title(nodes.TextElement):
    """The dropdown's always-visible title (``<summary>``): inline Markdown, math included."""


def _visit_dropdown(self, node) -> None:
    self.body.append('<details class="course-dropdown">')


def _depart_dropdown(self, node) -> None:
    self.body.append("</details>\n")


def _visit_dropdown_title(self, node) -> None:
    self.body.append('<summary class="course-dropdown-title">')


def _depart_dropdown_title(self, node) -> None:
    self.body.append("</summary>\n")


class CourseDropdown(SphinxDirective):
    """``course-dropdown`` directive: its argument is the title (parsed as inline Markdown, so
    ``$…$`` is math), its content the body. site/build.py writes it in place of the raw
    ``<details>`` HTML of the notebooks' "Try it yourself" boxes."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        title_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        title = dropdown_title(self.arguments[0], "", *title_nodes)
        body = nodes.container(classes=["course-dropdown-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        node = dropdown("", title, body, classes=self.options.get("class", []))
        return [node, *messages]


def _add_page_parts(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    if doctree is None or "body" not in context:
        return  # search, genindex: no content of their own
    body = context["body"]
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".ipynb":
        bar = run_bar(app.config.course_run, f"{pagename}.ipynb", theme_launch_links(context))
        if app.config.course_figure_alt:
            alts = load_figure_alt(app.config.course_figure_alt).get(Path(pagename).name, [])
            body = describe_figures(body, alts, pagename)
        head, sep, tail = body.partition("</h1>")
        body = head + sep + bar + tail if sep else bar + body
    context["body"] = body + notes_box(pagename)


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    repo = Path(app.config.course_repo_root) if app.config.course_repo_root else None
    for docname in app.env.found_docs:
        source = Path(app.env.doc2path(docname))
        if source.suffix == ".ipynb":
            # The file as committed in the repository (the staged copy may be prepared for its page).
            committed = repo / f"{docname}.ipynb" if repo else None
            target = out / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(committed if committed and committed.is_file() else source, target)
    mathjax = Path(app.config.course_mathjax_dir)
    if not (mathjax / "tex-chtml.js").is_file():
        raise FileNotFoundError(f"{mathjax}/tex-chtml.js is missing: `make site` installs it (npm ci)")
    shutil.copytree(mathjax, out / "_static" / "mathjax", dirs_exist_ok=True)


def setup(app) -> dict[str, Any]:
    no_hub = {"hub_url": "", "repo_url": "", "branch": "main"}
    app.add_config_value("course_run", no_hub, "html", types=(dict,))
    app.add_config_value("course_mathjax_dir", "", "html", types=(str,))
    app.add_config_value("course_repo_root", "", "html", types=(str,))
    app.add_config_value("course_figure_alt", "", "html", types=(str,))
    app.add_node(dropdown, html=(_visit_dropdown, _depart_dropdown))
    app.add_node(dropdown_title, html=(_visit_dropdown_title, _depart_dropdown_title))
    app.add_directive("course-dropdown", CourseDropdown)
    app.add_post_transform(RepositoryLinks)
    # After the theme's own handlers (priority 501), whose launch buttons the run bar repeats.
    app.connect("html-page-context", _add_page_parts, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
