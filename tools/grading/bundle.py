"""``make student-bundle``: the zip a graded class hands out instead of the (public) repository.

It holds the release (``exercises/``), the theory notebooks, the two packages a student's notebook
imports (``mi_helpers``, ``mi_exercises``) and what installs them; never ``solutions/``, ``tools/``
(hidden inputs, reference implementations) or the tests.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

INCLUDE = ("exercises", "notebooks", "mi_helpers", "mi_exercises")
FILES = ("README.md", "pyproject.toml", "requirements.in", "requirements.lock", "environment.yml")


def build(course: Path, out: Path) -> list[str]:
    """Write the bundle; returns the names it holds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    names = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for folder in INCLUDE:
            for path in sorted((course / folder).rglob("*")):
                if (
                    path.is_file()
                    and "__pycache__" not in path.parts
                    and ".ipynb_checkpoints" not in path.parts
                ):
                    name = str(path.relative_to(course))
                    bundle.write(path, name)
                    names.append(name)
        for name in FILES:
            if (course / name).exists():
                bundle.write(course / name, name)
                names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--out", type=Path, default=Path("dist/mi-course-student.zip"))
    args = parser.parse_args(argv)
    names = build(args.course.resolve(), args.out)
    print(f"wrote {args.out} ({len(names)} files: the release, the theory notebooks and the two packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
