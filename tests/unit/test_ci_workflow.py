"""The pull-request workflow (.github/workflows/ci.yml) runs `.ci/run` on every pull request, on
an Ubuntu runner, in the Debian the course is verified on, with the system packages the suites
need installed by apt before the checks start, and the interpreters `make test-pythons` needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
# What the suites install with apt when they run as root (mk/e2e.mk, mk/hub.mk, mk/sandbox.mk),
# and what setup itself needs on a bare Debian image.
APT_PACKAGES = {"chromium", "bubblewrap", "postgresql", "python3", "python3-venv", "make", "git"}


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def job(workflow) -> dict:
    assert list(workflow["jobs"]) == ["test"]
    return workflow["jobs"]["test"]


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def step_index(job: dict, predicate) -> int:
    matches = [i for i, step in enumerate(job["steps"]) if predicate(step)]
    assert len(matches) == 1, matches
    return matches[0]


def test_it_runs_on_every_pull_request_and_on_main(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert (triggers["pull_request"] or {}).get("branches") is None, "every pull request, any base"
    assert triggers["push"]["branches"] == ["main"]


def test_it_reads_the_repository_and_nothing_more(workflow):
    assert workflow["permissions"] == {"contents": "read"}


def test_an_ubuntu_runner_with_debian_12_as_root_and_privileged_for_the_sandbox(job):
    assert re.fullmatch(r"ubuntu-(\d\d\.04|latest)", job["runs-on"])
    assert job["container"]["image"] == "debian:12"
    assert "--privileged" in job["container"]["options"]
    assert job.get("timeout-minutes", 0) >= 60, "make test plus the Python matrix take most of an hour"
    assert job["defaults"]["run"]["shell"] == "bash", ".ci/run and the steps' scripts are bash"


def test_git_trusts_the_checkout_before_any_check(job):
    """The container is root, the checkout the runner's user: git refuses such a clone unless told."""
    trust = step_index(job, lambda s: "safe.directory" in s.get("run", ""))
    checkout = step_index(job, lambda s: str(s.get("uses", "")).startswith("actions/checkout@"))
    ci = step_index(job, lambda s: s.get("run", "").strip() == ".ci/run")
    assert checkout < trust < ci
    assert '"$GITHUB_WORKSPACE"' in job["steps"][trust]["run"]


def test_apt_installs_the_system_packages_before_the_checkout_and_the_checks(job):
    apt = step_index(job, lambda s: "apt-get install" in s.get("run", ""))
    script = job["steps"][apt]["run"]
    words = set(re.findall(r"[a-z0-9][a-z0-9.+-]*", script.split("apt-get install", 1)[1]))
    assert APT_PACKAGES <= words, f"not installed by apt: {APT_PACKAGES - words}"
    assert "apt-get update" in script.split("apt-get install")[0]
    checkout = step_index(job, lambda s: str(s.get("uses", "")).startswith("actions/checkout@"))
    ci = step_index(job, lambda s: s.get("run", "").strip() == ".ci/run")
    assert apt < checkout < ci, "git must be installed for a real clone (the suites call git ls-files)"


def test_the_only_check_is_ci_run_the_readme_command_and_the_python_matrix(job):
    assert runs(job)[-1] == ".ci/run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)
    assert re.search(r"^make test-pythons$", ci, flags=re.MULTILINE)
    for script in runs(job):
        assert not re.search(r"(^|[;&|]\s*)\s*make\s|pytest", script, flags=re.MULTILINE) \
            or script == ".ci/run", f"a check outside .ci/run: {script}"


def test_the_matrix_gets_the_pythons_mk_pythons_promises_from_the_locks_uv(job):
    script = next(s for s in runs(job) if "uv python install" in s)
    pinned = re.search(r"^uv==(\S+) ", (ROOT / "requirements.lock").read_text(), flags=re.MULTILINE)[1]
    assert f'"uv=={pinned}"' in script, "uv is the lock's version"
    promised = re.findall(r"versions/(\d+\.\d+\.\d+)/bin", (ROOT / "mk" / "pythons.mk").read_text())
    assert promised == ["3.12.1", "3.13.0"]
    installed = re.search(r"uv python install ([\d. ]+)", script)[1].split()
    assert installed == promised
    assert "PYTHONS=/usr/bin/python3 " in script and "GITHUB_ENV" in script
    assert "PYTHONS ?=" in (ROOT / "mk" / "pythons.mk").read_text(), "the environment can override PYTHONS"


def test_node_matches_the_site_and_hub_tests(job):
    node = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-node@"))
    assert str(node["with"]["node-version"]) == "20"


def test_every_action_is_pinned_to_a_release(job):
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
