"""Put the lock's uv into a virtual environment that was created without pip.

``make setup`` creates ``.venv`` with ``python -m venv --without-pip``: the pip that ``venv``
would install (and byte-compile) is replaced by the lock's own pip a few seconds later anyway,
and creating it took about 8 s of the 12 s before ``uv pip sync`` could start. uv is installed
here by running pip straight from the wheel the interpreter bundles for ``ensurepip`` (a wheel
on ``sys.path`` runs as it is; pip documents this), hash-checked against the lock. The wheel is
looked up where ``ensurepip`` itself looks: the distribution's ``WHEEL_PKG_DIR`` (Debian:
/usr/share/python-wheels) or ``ensurepip/_bundled``. An interpreter with neither gets the slow
way: ``ensurepip`` into the environment, then its pip.

Usage: ``python tools/bootstrap_uv.py VENV_PYTHON UV_REQUIREMENTS``
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
from pathlib import Path


def pip_version(wheel: Path) -> tuple[int, ...]:
    """The version in a pip wheel's name, as a tuple of numbers (pip-24.2-py3-none-any.whl)."""
    match = re.match(r"pip-(\d+(?:\.\d+)*)-", wheel.name)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def bundled_pip_wheel() -> Path | None:
    """The newest pip wheel ensurepip of *this* interpreter would install, or None."""
    wheel_dir = sysconfig.get_config_var("WHEEL_PKG_DIR")
    folders = [Path(wheel_dir)] if wheel_dir else []
    try:
        import ensurepip
    except ImportError:  # a distribution that strips ensurepip
        ensurepip = None
    if ensurepip is not None:
        folders.append(Path(ensurepip.__file__).parent / "_bundled")
    for folder in folders:
        wheels = sorted(folder.glob("pip-*.whl"), key=pip_version)
        if wheels:
            return wheels[-1]
    return None


def main(venv_python: str, requirements: str) -> int:
    install = ["install", "-q", "--no-deps", "--no-compile", "--require-hashes", "-r", requirements]
    wheel = bundled_pip_wheel()
    if wheel is not None:
        done = subprocess.run([venv_python, str(wheel / "pip"), *install])
        if done.returncode == 0:
            return 0
        print(f"bootstrap_uv: pip from {wheel} failed; installing pip with ensurepip", file=sys.stderr)
    ensurepip = subprocess.run([venv_python, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    if ensurepip.returncode:
        print(
            f"error: {venv_python} has no pip wheel to run and no working ensurepip, so uv cannot be "
            "installed (Debian and Ubuntu: apt-get install python3-venv)",
            file=sys.stderr,
        )
        return 1
    return subprocess.run([venv_python, "-m", "pip", *install]).returncode


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
    sys.exit(main(sys.argv[1], sys.argv[2]))
