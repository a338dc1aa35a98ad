"""The notebook sources open in JupyterLab as notebooks, paired with the committed .ipynb.

JupyterLab reads a notebook through jupytext's contents manager (the jupyterlab-jupytext
extension is part of the course environment). `make notebooks` always writes the .ipynb after its
.py source, so the pair must open although the .ipynb is the newer file, and opening either file
must give the cells of the source with the outputs of the .ipynb.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time

import pytest

from .conftest import SOURCES, build

jupytext_cm = pytest.importorskip("jupytext.async_contentsmanager")
largefile = pytest.importorskip("jupyter_server.services.contents.largefilemanager")


def _open(root, name):
    manager_class = jupytext_cm.build_async_jupytext_contents_manager_class(largefile.AsyncLargeFileManager)
    manager = manager_class(root_dir=str(root))
    manager.log.setLevel("ERROR")  # "notebook is not trusted" is expected for a copy
    return asyncio.run(manager.get(name))["content"]


@pytest.mark.parametrize("source", SOURCES[:1], ids=[SOURCES[0].stem])
def test_the_pair_opens_although_the_notebook_is_newer(tmp_path, source):
    notebook = build.notebook_path(source)
    shutil.copy2(build.PAIRING, tmp_path / build.PAIRING.name)
    shutil.copy2(source, tmp_path / source.name)
    shutil.copy2(notebook, tmp_path / notebook.name)
    old = time.time() - 3600
    os.utime(tmp_path / source.name, (old, old))  # the source an hour older than its notebook
    expected = [(kind, text) for kind, text in build.parse_cells(source.read_text())]
    for name in (notebook.name, source.name):
        content = _open(tmp_path, name)
        assert [(c["cell_type"], c["source"]) for c in content["cells"]] == expected, name
        assert any(c.get("outputs") for c in content["cells"] if c["cell_type"] == "code"), name
