"""The GitHub Pages workflow (.github/workflows/pages.yml) builds the site with `make site` and
publishes exactly the folder that build writes, with the permissions Pages needs."""

from __future__ import annotations

import re

import pytest
import yaml
from site_support import HTML, REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]


def test_it_runs_on_pushes_to_main_and_by_hand(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_it_has_the_permissions_pages_needs_and_no_more(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_build_job_runs_make_site_and_uploads_what_it_writes(workflow):
    build = workflow["jobs"]["build"]
    assert uses(build, "actions/checkout")
    runs = [s for s in steps(build) if "run" in s]
    assert [s["run"].strip() for s in runs] == ["make site"], "the site is built only by `make site`"
    upload = uses(build, "actions/upload-pages-artifact")
    assert len(upload) == 1
    assert upload[0]["with"]["path"] == HTML.relative_to(REPO).as_posix()
    names = [str(s.get("uses", s.get("run"))) for s in steps(build)]
    assert names.index("make site") < names.index(upload[0]["uses"])


def test_the_toolchain_matches_the_course(workflow):
    build = workflow["jobs"]["build"]
    python = str(uses(build, "actions/setup-python")[0]["with"]["python-version"])
    assert re.fullmatch(r"3\.1[123]", python), f"the lock covers Python 3.11-3.13, not {python}"
    assert str(uses(build, "actions/setup-node")[0]["with"]["node-version"]) == "20"


def test_run_links_come_from_the_config_values_conf_py_reads(workflow):
    env = next(s for s in steps(workflow["jobs"]["build"]) if s.get("run") == "make site")["env"]
    conf = (REPO / "site" / "conf.py").read_text(encoding="utf-8")
    for name in env:
        assert f'os.environ.get("{name}"' in conf, f"conf.py does not read {name}"
    assert "github.repository" in env["COURSE_REPO_URL"]
    assert "vars.COURSE_HUB_URL" in env["COURSE_HUB_URL"]


def test_the_deploy_job_publishes_the_uploaded_artifact(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert len(uses(deploy, "actions/deploy-pages")) == 1


def test_every_action_is_pinned_to_a_release(workflow):
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{name}: {step['uses']}"
