"""Sphinx configuration of the course's reading site (``make site``; see site/build.py).

The source root is a staging folder that site/build.py fills at build time with the committed,
executed notebooks, the released exercise statements and the guides; this folder holds only the
configuration, the home page, the course's own JavaScript/CSS and the pinned MathJax.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "Mutual information for machine learning"
author = "the course's authors; code MIT, text and figures CC BY 4.0 (LICENSE, LICENSE-CONTENT)"

extensions = ["myst_nb", "course_pages"]

# The notebooks are read as committed (executed by `make notebooks`, checked for staleness before
# the build); nothing is re-executed here.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
# `$$…$$` inside a paragraph or list item is display math, as JupyterLab renders it.
myst_dmath_double_inline = True
# `## 16. Variational ...` gets the id `16-variational-...`, as in the seed's numbering.
myst_heading_anchors = 3
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]

# Math: MathJax 3 from npm (site/package.json), copied into the site's _static/mathjax/ after the
# build, never from a CDN (Sphinx resolves this path under _static/; nothing here injects every .js
# found there, and the tests check that a page loads exactly one MathJax script).
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]},
    "options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},
}

html_theme = "sphinx_book_theme"
html_title = "Mutual information for ML"
html_static_path = ["_static"]
# The theme templates the course overrides (accessibility fixes; each file says why).
templates_path = ["_templates"]
html_favicon = "_static/favicon.svg"
# The theme's light/dark switch starts by following the reader's system setting.
html_context = {"default_mode": "auto"}
html_css_files = ["course-notes.css"]
html_js_files = ["course-notes.js", "course-a11y.js"]
html_copy_source = False
html_show_copyright = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    # The sidebar has the search field: no header bar that holds only a second one.
    "navbar_persistent": [],
}

# Run links: the course's JupyterHub and the repository nbgitpuller pulls from (one value). With
# an empty hub the pages say how to run a notebook locally instead (`make lab`). The Pages workflow
# sets both through the environment.
course_run = {
    "hub_url": os.environ.get("COURSE_HUB_URL", ""),
    "repo_url": os.environ.get("COURSE_REPO_URL", ""),
    "branch": os.environ.get("COURSE_REPO_BRANCH", "main"),
}

# Launch buttons: the theme's own (a rocket menu in the page header, repeated in the run bar):
# Colab and Binder from the repository and branch above, the course's JupyterHub through
# nbgitpuller from the hub URL; none without a repository. The Binder environment is binder/.
# Colab opens notebooks from GitHub only, and the theme builds these links for GitHub repositories.
if course_run["repo_url"]:
    html_theme_options |= {
        "repository_url": course_run["repo_url"].removesuffix(".git").rstrip("/"),
        "repository_branch": course_run["branch"],
        "path_to_docs": "",
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "colab_url": "https://colab.research.google.com",
            "binderhub_url": os.environ.get("COURSE_BINDER_URL", "https://mybinder.org"),
            "jupyterhub_url": course_run["hub_url"],
        },
    }
# The MathJax the site ships: the component above and its fonts, taken from the npm package by
# mk/site.mk (SITE_MATHJAX_DIR), copied to _static/mathjax/ after the build.
course_mathjax_dir = str(HERE / "node_modules" / "course-mathjax")
# The repository: a notebook page's .ipynb link serves the file as committed there.
course_repo_root = str(HERE.parent)

# Accessibility: the alt text of every figure, by notebook and figure index (see the file).
course_figure_alt = str(HERE / "figure_alt.toml")
