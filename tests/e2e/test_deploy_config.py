"""The deployment fragments in deploy/ load, and agree with each other and with the course.

No hub runs here (JupyterHub is not part of the course environment), so each file is executed
the way its program would execute it, with a traitlets Config as ``c``, and then checked: names
that nbgrader relies on (service = course id, formgrade-/nbgrader- groups), nbgrader traits that
nbgrader itself accepts, YAML that a safe parser reads, and docs/deployment.md describing every file.
"""

from __future__ import annotations

import io
import os
import pwd
import re
from pathlib import Path
from unittest import mock

import pytest
from e2e_support import REPO
from exchange_cycle import course_id
from traitlets.config import Config

DEPLOY = REPO / "deploy"
COURSE_ID = course_id(REPO)


# The Unix accounts the hub config is loaded against (tests/hub runs it with real ones).
ACCOUNTS = {"ada", "bo", "cy", "prof", "tara", f"grader-{COURSE_ID}"}


def fake_getpwnam(name: str):
    if name not in ACCOUNTS:
        raise KeyError(f"getpwnam(): name not found: {name!r}")
    return pwd.struct_passwd((name, "x", 1000, 1000, "", f"/home/{name}", "/bin/sh"))


def load_py_config(path: Path, env: dict[str, str] | None = None) -> Config:
    cfg = Config()
    ns = {"get_config": lambda: cfg, "__file__": str(path), "__name__": "__config__"}
    with mock.patch.dict(os.environ, env or {}), mock.patch("pwd.getpwnam", fake_getpwnam):
        exec(compile(path.read_text(), str(path), "exec"), ns)
    return cfg


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hub") / "students.txt"
    path.write_text("# enrolled\nada\nbo  # late\n\ncy\nghost  # no account\n")
    return path


@pytest.fixture(scope="module")
def hub(roster) -> Config:
    env = {"COURSE_ROSTER": str(roster), "COURSE_INSTRUCTORS": "prof, nobody-here", "COURSE_TAS": "tara"}
    with mock.patch("sys.stderr", new_callable=io.StringIO) as err:
        cfg = load_py_config(DEPLOY / "jupyterhub_config.py", env)
    cfg.stderr = err.getvalue()  # what the hub log would say about names left out
    return cfg


def test_deploy_files_exist_and_the_guide_describes_each():
    files = sorted(p for p in DEPLOY.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert files, "deploy/ is empty"
    guide = (REPO / "docs" / "deployment.md").read_text()
    for p in files:
        rel = p.relative_to(REPO).as_posix()
        assert rel in guide, f"docs/deployment.md does not mention {rel}"


def test_hub_groups_follow_nbgrader_naming(hub):
    groups = hub.JupyterHub.load_groups
    assert set(groups[f"nbgrader-{COURSE_ID}"]["users"]) >= {"ada", "bo", "cy"}, "the roster was not enrolled"
    graders = set(groups[f"formgrade-{COURSE_ID}"]["users"])
    assert f"grader-{COURSE_ID}" in graders
    assert set(hub.Authenticator.admin_users) <= graders, "an instructor cannot open the Formgrader"
    allowed = set(hub.Authenticator.allowed_users)
    for members in groups.values():
        assert set(members["users"]) <= allowed, "a group member is not allowed to log in"


def test_hub_leaves_out_names_without_an_account_and_says_so(hub):
    groups = hub.JupyterHub.load_groups
    assert set(groups[f"nbgrader-{COURSE_ID}"]["users"]) == {"ada", "bo", "cy", "prof"}
    assert set(groups[f"formgrade-{COURSE_ID}"]["users"]) == {"prof", "tara", f"grader-{COURSE_ID}"}
    assert set(hub.Authenticator.admin_users) == {"prof"}
    assert not {"ghost", "nobody-here"} & set(hub.Authenticator.allowed_users)
    assert "'ghost' has no Unix account" in hub.stderr and "'nobody-here' has no Unix account" in hub.stderr


def test_hub_gives_the_exchange_to_the_service_and_every_server(hub):
    """The course's nbgrader_config.py, read by the service from its working folder, takes the
    exchange from NBGRADER_EXCHANGE: without it the Formgrader looks at the wrong exchange."""
    (service,) = hub.JupyterHub.services
    assert service["environment"]["NBGRADER_EXCHANGE"] == "/srv/nbgrader/exchange"
    assert hub.Spawner.environment["NBGRADER_EXCHANGE"] == "/srv/nbgrader/exchange"
    moved = load_py_config(DEPLOY / "jupyterhub_config.py", {"NBGRADER_EXCHANGE": "/data/exchange"})
    assert moved.JupyterHub.services[0]["environment"]["NBGRADER_EXCHANGE"] == "/data/exchange"
    site = load_py_config(DEPLOY / "nbgrader_config.py", {"NBGRADER_EXCHANGE": "/data/exchange"})
    assert site.Exchange.root == "/data/exchange"


def test_user_servers_hide_the_grading_extensions(hub):
    """The users' servers read deploy/user_servers/ (JUPYTER_CONFIG_PATH), which disables Formgrader
    (server and lab extension) and Create Assignment; the service does not read it."""
    import json

    assert hub.Spawner.environment["JUPYTER_CONFIG_PATH"] == "/etc/jupyterhub/user_servers"
    assert "JUPYTER_CONFIG_PATH" not in hub.JupyterHub.services[0]["environment"]
    folder = DEPLOY / "user_servers"
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    hidden = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"}
    assert {k for k, v in page["disabledExtensions"].items() if v} == hidden
    server = json.loads((folder / "jupyter_server_config.d" / "nbgrader-user-servers.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {"nbgrader.server_extensions.formgrader": False}
    news = json.loads((DEPLOY / "lab" / "overrides.json").read_text())
    assert news["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_hub_service_is_the_course_formgrader(hub):
    (service,) = hub.JupyterHub.services
    assert service["name"] == COURSE_ID, "nbgrader finds the Formgrader by the service named as the course"
    assert re.fullmatch(r"http://127\.0\.0\.1:\d{2,5}", service["url"])
    assert service["command"][0] == "jupyterhub-singleuser"
    assert service["user"] == f"grader-{COURSE_ID}"
    grader = load_py_config(DEPLOY / "grader_nbgrader_config.py")
    # The service runs in the course directory (so the course's nbgrader_config.py is read) and the
    # grader's config points nbgrader at the same directory.
    assert service["cwd"] == grader.CourseDirectory.root
    assert f"--ServerApp.root_dir={service['cwd']}" in service["command"]


def test_hub_roles_refer_to_existing_groups_services_and_scopes(hub):
    groups, services = set(hub.JupyterHub.load_groups), {s["name"] for s in hub.JupyterHub.services}
    known = re.compile(
        r"(inherit|self|list:services|read:services|access:services|admin:users|admin:servers|"
        r"read:users|read:groups|groups|admin:groups)(!(service|group)=[\w-]+)?"
    )
    for role in hub.JupyterHub.load_roles:
        assert set(role.get("groups", [])) <= groups, role
        assert set(role.get("services", [])) <= services, role
        for scope in role["scopes"]:
            assert known.fullmatch(scope), f"unexpected scope {scope!r} in role {role['name']}"
            target = re.search(r"!(service|group)=([\w-]+)", scope)
            if target:
                assert target.group(2) in (services if target.group(1) == "service" else groups), scope


def test_site_nbgrader_config_is_accepted_by_nbgrader(tmp_path):
    from nbgrader.auth import Authenticator, JupyterHubAuthPlugin
    from nbgrader.exchange.default.exchange import Exchange

    cfg = load_py_config(DEPLOY / "nbgrader_config.py")
    ex = Exchange(config=cfg)
    assert ex.root == "/srv/nbgrader/exchange" and ex.path_includes_course is True
    with mock.patch.dict(os.environ, {"JUPYTERHUB_API_TOKEN": "x", "JUPYTERHUB_USER": "ada"}):
        auth = Authenticator(config=cfg)
    assert isinstance(auth.plugin, JupyterHubAuthPlugin)
    assert COURSE_ID in cfg.NbGrader.course_titles


def test_grader_config_takes_the_gradebook_from_the_environment():
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.engine import make_url

    plain = CourseDirectory(config=load_py_config(DEPLOY / "grader_nbgrader_config.py"))
    assert plain.course_id == COURSE_ID
    assert plain.db_url.startswith("sqlite:///"), "without NBGRADER_DB_URL, sqlite is the default"

    url = "postgresql+psycopg2://nbgrader:secret@db.example.org:5432/mutual_information"
    cfg = load_py_config(DEPLOY / "grader_nbgrader_config.py", {"NBGRADER_DB_URL": url})
    shared = CourseDirectory(config=cfg)
    parsed = make_url(shared.db_url)
    assert parsed.drivername == "postgresql+psycopg2" and parsed.database == "mutual_information"
    assert "secret" not in (DEPLOY / "grader_nbgrader_config.py").read_text()


def yaml_files():
    return sorted((DEPLOY / "ngshare").glob("*.yaml"))


def test_ngshare_yaml_parses_and_shares_one_token():
    yaml = pytest.importorskip("yaml", reason="PyYAML (a dependency of jupyter-events) parses the YAML")
    docs = {p.name: yaml.safe_load(p.read_text()) for p in yaml_files()}
    values, z2jh = docs["ngshare-values.yaml"], docs["z2jh-config.yaml"]
    token = values["ngshare"]["hub_api_token"]
    assert token.startswith("CHANGE-ME"), "a real token must never be committed"
    assert z2jh["hub"]["services"]["ngshare"]["apiToken"] == token
    assert values["ngshare"]["admins"]


def test_z2jh_snippets_run(tmp_path):
    yaml = pytest.importorskip("yaml", reason="PyYAML (a dependency of jupyter-events) parses the YAML")
    z2jh = yaml.safe_load((DEPLOY / "ngshare" / "z2jh-config.yaml").read_text())
    # hub.extraConfig runs inside the hub's config: c is defined there.
    for name, code in z2jh["hub"]["extraConfig"].items():
        c = Config()
        exec(compile(code, name, "exec"), {"c": c})
        assert f"formgrade-{COURSE_ID}" in c.JupyterHub.load_groups
        assert f"nbgrader-{COURSE_ID}" in c.JupyterHub.load_groups
    # The pods' nbgrader_config.py needs ngshare_exchange, which is not part of this environment:
    # it must at least compile and configure the exchange.
    (files,) = [z2jh["singleuser"]["extraFiles"]["nbgrader-config"]]
    assert files["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    compile(files["stringData"], "nbgrader_config.py", "exec")
    assert "configureExchange(c" in files["stringData"]
