"""What an instructor needs to adopt the course: the licences' full texts and the same claims
about them everywhere, a contributors' guide, a changelog, a citation file in valid CFF 1.2,
and one version named alike by pyproject.toml, the changelog and the citation."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
RELEASE_HEADING = re.compile(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$", flags=re.MULTILINE)
# CC BY 4.0's legal code (the plain-text legalcode.txt of Creative Commons), pinned so that no
# edit of the licence text goes unnoticed.
CC_BY_40_SHA256 = "9e5f1b3c610b9c2da5c313bf81d577a7d1acec686bdb0384edefa6df0f90cd94"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def releases() -> list[tuple[str, str]]:
    """(version, date) of every release heading of CHANGELOG.md, in file order."""
    return RELEASE_HEADING.findall((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- licences

def test_license_is_the_full_mit_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 ")
    for sentence in (
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        "The above copyright notice and this permission notice shall be included in all\n"
        "copies or substantial portions of the Software.",
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
        "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.",
    ):
        assert sentence in text, sentence


def test_license_content_is_the_full_cc_by_40_legal_code():
    raw = (ROOT / "LICENSE-CONTENT").read_bytes()
    text = raw.decode("utf-8")
    for n, title in enumerate(["Definitions", "Scope", "License Conditions", "Sui Generis Database Rights",
                               "Disclaimer of Warranties and Limitation of Liability", "Term and Termination",
                               "Other Terms and Conditions", "Interpretation"], start=1):
        assert f"\nSection {n} -- {title}.\n" in text, f"Section {n} missing"
    assert "Creative Commons Attribution 4.0 International Public License" in text
    assert hashlib.sha256(raw).hexdigest() == CC_BY_40_SHA256, "the legal code was edited"


def test_every_place_that_names_the_licences_names_both_and_the_same_files():
    assert pyproject()["license"] == "MIT", "the packages are code: MIT"
    assert pyproject()["license-files"] == ["LICENSE"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licence", 1)[1].split("\n## ", 1)[0]
    for needle in ("MIT", "LICENSE", "CC BY 4.0", "LICENSE-CONTENT"):
        assert needle in section, f"README's Licence section does not name {needle}"
    conf = (ROOT / "site" / "conf.py").read_text(encoding="utf-8")
    assert "MIT" in conf and "CC BY 4.0" in conf, "the site footer names both licences"
    assert set(citation()["license"]) == {"MIT", "CC-BY-4.0"}


# ---------------------------------------------------------------- one version

def test_pyproject_changelog_and_citation_name_the_same_version_and_date():
    version = pyproject()["version"]
    assert SEMVER.fullmatch(version), version
    newest_version, newest_date = releases()[0]
    assert newest_version == version, f"CHANGELOG's newest is {newest_version}, pyproject says {version}"
    cff = citation()
    assert str(cff["version"]) == version
    assert str(cff["date-released"]) == newest_date


def test_the_changelog_lists_releases_newest_first_with_real_dates():
    found = releases()
    assert found, "CHANGELOG.md has no '## [x.y.z] - YYYY-MM-DD' heading"
    versions = [tuple(map(int, SEMVER.fullmatch(v).groups())) for v, _ in found]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    dates = [dt.date.fromisoformat(d) for _, d in found]
    assert dates == sorted(dates, reverse=True)


# ---------------------------------------------------------------- CITATION.cff shape (CFF 1.2.0)

def is_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_url(value) -> bool:
    return is_str(value) and re.fullmatch(r"https?://[^\s/$.?#].[^\s]*", value) is not None


def is_date(value) -> bool:
    if isinstance(value, dt.date):
        return True
    return is_str(value) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def is_person_or_entity(value) -> bool:
    return isinstance(value, dict) and (is_str(value.get("family-names")) or is_str(value.get("name")))


def is_licence(value) -> bool:
    ids = value if isinstance(value, list) else [value]
    return bool(ids) and all(is_str(i) and re.fullmatch(r"[A-Za-z0-9.+-]+", i) for i in ids)


#: A subset of the CFF 1.2.0 schema: every key the course's file may use, with its type check.
CFF_KEYS = {
    "cff-version": lambda v: v == "1.2.0",
    "message": is_str,
    "title": is_str,
    "authors": lambda v: isinstance(v, list) and v != [] and all(map(is_person_or_entity, v)),
    "type": lambda v: v in {"software", "dataset"},
    "abstract": is_str,
    "version": lambda v: is_str(str(v)),
    "date-released": is_date,
    "license": is_licence,
    "repository-code": is_url,
    "url": is_url,
    "keywords": lambda v: isinstance(v, list) and all(map(is_str, v)),
    "doi": lambda v: is_str(v) and v.startswith("10."),
}
CFF_REQUIRED = ("cff-version", "message", "title", "authors")


def cff_problems(data) -> list[str]:
    """What keeps ``data`` from being a valid CFF 1.2.0 file (as far as CFF_KEYS describes it)."""
    if not isinstance(data, dict):
        return ["not a mapping"]
    problems = [f"missing {key}" for key in CFF_REQUIRED if key not in data]
    for key, value in data.items():
        check = CFF_KEYS.get(key)
        if check is None:
            problems.append(f"unknown key {key}")
        elif not check(value):
            problems.append(f"bad {key}: {value!r}")
    return problems


def test_citation_cff_is_valid_cff_1_2():
    assert cff_problems(citation()) == []
    assert citation()["repository-code"] == pyproject()["urls"]["Repository"]


@pytest.mark.parametrize("broken", [
    {"cff-version": "1.1.0"},
    {"authors": []},
    {"authors": [{"given-names": "Ada"}]},
    {"date-released": "7 December 2026"},
    {"license": "MIT licence"},
    {"repository-code": "github.com/x"},
    {"licence": "MIT"},
    {"message": ""},
])
def test_the_cff_check_refuses_a_broken_file(broken):
    data = {**citation(), **broken}
    assert cff_problems(data), f"accepted {broken}"
    reduced = citation()
    reduced.pop("title")
    assert cff_problems(reduced) == ["missing title"]


# ---------------------------------------------------------------- contributing

def test_contributing_covers_notebooks_checks_exercises_and_the_claims_ledger():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("make lab", "make test", "make notebooks", "make release", "notebooks/claims/",
                   "## Changing a theory notebook", "## Changing a check", "## Changing an exercise",
                   "requirements.in", "make lock"):
        assert needle in text, needle
