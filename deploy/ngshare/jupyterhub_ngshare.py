"""ngshare, the authenticated nbgrader exchange, as a service of a JupyterHub on one server.

Load it after deploy/jupyterhub_config.py: append to /etc/jupyterhub/jupyterhub_config.py

    load_subconfig("/etc/jupyterhub/jupyterhub_ngshare.py")  # noqa: F821

(docs/deployment.md, "ngshare on one server"). The hub starts ngshare with itself and stops it with
itself; ngshare knows who calls it from the caller's own JupyterHub token (it asks the hub), so no
student can submit, fetch or read feedback under another student's name, whatever the student's
environment says. Its database and files live in NGSHARE_STATE, owned by the NGSHARE_USER account
(a system account of its own: `useradd --system --home-dir /srv/ngshare ngshare`).

ngshare itself listens on every interface; deploy/ngshare/run_ngshare.py (copied beside this file)
starts it on the address of its service URL only, the loopback one here.
"""

import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

# --- EDIT ---------------------------------------------------------------------------------------
NGSHARE_USER = os.environ.get("NGSHARE_USER", "ngshare")  # the Unix account ngshare runs as
NGSHARE_STATE = os.environ.get("NGSHARE_STATE", "/srv/ngshare")  # its database and files (mode 700)
NGSHARE_PORT = int(os.environ.get("NGSHARE_PORT", "10101"))  # any free loopback port
NGSHARE_LAUNCHER = os.environ.get("NGSHARE_LAUNCHER", "/etc/jupyterhub/run_ngshare.py")
# ngshare's own environment (SQLAlchemy 1.4), from deploy/ngshare/requirements-service.lock:
#   python3 -m venv /opt/ngshare && /opt/ngshare/bin/pip install --require-hashes --no-deps \
#     -r deploy/ngshare/requirements-service.lock
NGSHARE_PYTHON = os.environ.get("NGSHARE_PYTHON", "/opt/ngshare/bin/python")
# Who may create courses in ngshare: the course's Formgrader service (deploy/jupyterhub_config.py;
# its token is the one the grader's nbgrader commands use), by its name, the course id.
NGSHARE_ADMINS = os.environ.get("NGSHARE_ADMINS", "mutual-information")
# --------------------------------------------------------------------------------------------------

c.JupyterHub.services.append(
    {
        "name": "ngshare",
        "url": f"http://127.0.0.1:{NGSHARE_PORT}",
        # Not the hub's environment: ngshare 0.6.0 needs SQLAlchemy 1.x (requirements-service.in).
        "command": [
            NGSHARE_PYTHON,
            NGSHARE_LAUNCHER,
            "--admins",
            NGSHARE_ADMINS,
            "--database",
            f"sqlite:///{NGSHARE_STATE}/ngshare.db",
            "--storage",
            f"{NGSHARE_STATE}/files/",
        ],
        "user": NGSHARE_USER,
        "cwd": NGSHARE_STATE,
    }
)
