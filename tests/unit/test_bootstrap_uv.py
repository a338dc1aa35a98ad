"""tools/bootstrap_uv.py: the venv starts without pip, and uv comes from the interpreter's own pip
wheel, the newest one where ensurepip looks."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from tools import bootstrap_uv


def test_pip_wheels_are_ordered_by_version_not_by_name():
    names = ["pip-9.0.3-py2.py3-none-any.whl", "pip-24.10-py3-none-any.whl", "pip-24.2-py3-none-any.whl"]
    ordered = sorted((Path(n) for n in names), key=bootstrap_uv.pip_version)
    assert [p.name for p in ordered] == [names[0], names[2], names[1]]
    assert bootstrap_uv.pip_version(Path("not-a-pip.whl")) == ()


def test_the_newest_wheel_in_the_distributions_folder_is_taken(tmp_path, monkeypatch):
    for version in ("23.0.1", "24.2"):
        (tmp_path / f"pip-{version}-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "setuptools-66.1.1-py3-none-any.whl").write_bytes(b"")
    monkeypatch.setattr(bootstrap_uv.sysconfig, "get_config_var",
                        lambda name: str(tmp_path) if name == "WHEEL_PKG_DIR" else None)
    assert bootstrap_uv.bundled_pip_wheel() == tmp_path / "pip-24.2-py3-none-any.whl"


def test_this_interpreter_bundles_a_pip_wheel_that_holds_pip():
    wheel = bootstrap_uv.bundled_pip_wheel()
    if wheel is None:
        pytest.skip(f"{sys.executable} bundles no pip wheel (bootstrap_uv falls back to ensurepip)")
    with zipfile.ZipFile(wheel) as whl:
        assert "pip/__main__.py" in whl.namelist()


def test_without_a_wheel_or_ensurepip_setup_stops_with_what_to_install(tmp_path, monkeypatch, capsys):
    python = tmp_path / "python"  # an interpreter whose ensurepip fails, as a Debian one without python3-venv
    python.write_text("#!/bin/sh\nexit 1\n")
    python.chmod(0o755)
    monkeypatch.setattr(bootstrap_uv, "bundled_pip_wheel", lambda: None)
    assert bootstrap_uv.main(str(python), str(tmp_path / "uv.req")) == 1
    assert "apt-get install python3-venv" in capsys.readouterr().err
