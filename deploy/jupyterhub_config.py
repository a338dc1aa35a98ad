"""JupyterHub configuration for teaching the course to a class on one server (see docs/deployment.md).

Copy to /etc/jupyterhub/jupyterhub_config.py (or merge into yours). What it sets up:

- accounts: the instructors, the teaching assistants, one grader account that owns the course
  files and the gradebook (``grader-<course>``), and the students (one name a line in ROSTER);
- groups, named as nbgrader requires: ``formgrade-<course>`` may open the course's Formgrader,
  ``nbgrader-<course>`` is enrolled in the course (nbgrader's JupyterHubAuthPlugin reads both);
- a shared Formgrader: a JupyterHub *service* named after the course id that runs a single-user
  Jupyter server as the grader account in the course directory (a clone of this repository), so
  every instructor and TA grades in the same course with the same gradebook.

Edit the block marked EDIT; everything else follows from it.
"""

import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

# --- EDIT ---------------------------------------------------------------------------------------
COURSE_ID = "mutual-information"  # must equal CourseDirectory.course_id in the course's nbgrader_config.py
# Who is who: Unix account names, separated by commas or spaces. Only accounts that exist on this
# server are used (a name without an account could never log in; the hub log names each one left out).
INSTRUCTORS = os.environ.get("COURSE_INSTRUCTORS", "")  # hub admins, may grade
TEACHING_ASSISTANTS = os.environ.get("COURSE_TAS", "")  # may grade
ROSTER = Path(os.environ.get("COURSE_ROSTER", "/etc/jupyterhub/students.txt"))  # one username a line
# The nbgrader exchange (deploy/nbgrader_config.py reads the same variable, with the same default).
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
# Jupyter configuration for the users' own servers only (not the grader's service): it hides
# Formgrader and Create Assignment from them. A copy of deploy/user_servers/.
USER_SERVER_CONFIG = os.environ.get("COURSE_USER_SERVER_CONFIG", "/etc/jupyterhub/user_servers")
FORMGRADER_PORT = 9999  # any free loopback port
# --------------------------------------------------------------------------------------------------

GRADER = f"grader-{COURSE_ID}"
# The course directory: a clone of the course repository owned by the grader account.
COURSE_DIR = f"/home/{GRADER}/{COURSE_ID}"


def existing_accounts(names: list[str], what: str) -> list[str]:
    """The names that are Unix accounts here; the others are left out, and the hub log says so."""
    found = []
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            print(f"jupyterhub_config: {what} {name!r} has no Unix account here; left out", file=sys.stderr)
        else:
            found.append(name)
    return found


def read_names(text: str) -> list[str]:
    """Usernames from ``text``: separated by commas, spaces or lines; # comments ignored."""
    names = (line.split("#", 1)[0] for line in text.splitlines())
    return [n for line in names for n in line.replace(",", " ").split()]


def read_roster(path: Path) -> list[str]:
    """Usernames from the roster file: one a line; blank lines and # comments ignored."""
    return read_names(path.read_text()) if path.exists() else []


INSTRUCTORS = existing_accounts(read_names(INSTRUCTORS), "instructor")
TEACHING_ASSISTANTS = existing_accounts(read_names(TEACHING_ASSISTANTS), "teaching assistant")
STUDENTS = existing_accounts(read_roster(ROSTER), "student")
GRADERS = INSTRUCTORS + TEACHING_ASSISTANTS

c.Authenticator.allowed_users = set(GRADERS + STUDENTS + [GRADER])
c.Authenticator.admin_users = set(INSTRUCTORS)

# Group names are a contract with nbgrader: "formgrade-<course>" for graders, "nbgrader-<course>"
# for the enrolled. Instructors are enrolled too, so that they can test-fetch the assignment.
c.JupyterHub.load_groups = {
    "instructors": {"users": INSTRUCTORS},
    f"formgrade-{COURSE_ID}": {"users": [*GRADERS, GRADER]},
    f"nbgrader-{COURSE_ID}": {"users": [*STUDENTS, *INSTRUCTORS]},
}

c.JupyterHub.load_roles = [
    {
        "name": "instructor",
        "groups": ["instructors"],
        # the admin panel: see and restart the students' servers
        "scopes": ["admin:users", "admin:servers"],
    },
    {
        # A user's own server acts with its owner's permissions; nbgrader's Assignments and
        # Courses panels ask the hub which course services exist.
        "name": "server",
        "scopes": ["inherit"],
    },
    {
        "name": f"formgrade-{COURSE_ID}",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [f"access:services!service={COURSE_ID}"],
    },
    {
        "name": f"nbgrader-{COURSE_ID}",
        "groups": [f"nbgrader-{COURSE_ID}"],
        "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
    },
    {
        # The course service itself: nbgrader's JupyterHubAuthPlugin looks up users' groups and,
        # when a student is added to the gradebook, adds them to nbgrader-<course>.
        "name": f"{COURSE_ID}-service",
        "services": [COURSE_ID],
        "scopes": ["read:users", "read:groups", f"groups!group=nbgrader-{COURSE_ID}"],
    },
]

c.JupyterHub.services = [
    {
        # The service name MUST equal the course id: nbgrader finds the Formgrader by it.
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
        # tools.grading.formgrader_csp gives the Formgrader's pages a strict Content-Security-Policy
        # (a student's output cannot run script in the grader's origin); it is imported from the clone.
        "command": [
            "jupyterhub-singleuser",
            f"--ServerApp.root_dir={COURSE_DIR}",
            '--ServerApp.jpserver_extensions={"tools.grading.formgrader_csp": True}',
        ],
        "user": GRADER,
        # nbgrader reads ./nbgrader_config.py from the working directory: the course's own config
        # (preprocessors, timeouts) comes from the clone; the grader's ~/.jupyter adds root and db_url.
        "cwd": COURSE_DIR,
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "PYTHONPATH": COURSE_DIR,
            # the course's nbgrader_config.py (read from cwd, it wins) takes the exchange from here
            "NBGRADER_EXCHANGE": EXCHANGE,
            # several graders share one gradebook: see deploy/grader_nbgrader_config.py
            "NBGRADER_DB_URL": os.environ.get("NBGRADER_DB_URL", ""),
        },
        "oauth_no_confirm": True,
    },
]

# The users' own servers (students, instructors, TAs): the same exchange, and the configuration
# folder that hides the grading extensions (Formgrader, Create Assignment) from them. Graders grade
# in the service above, whose own environment is set there. Hiding is for a clean interface; what
# protects the gradebook is the hub: only formgrade-<course> may reach the service.
c.Spawner.environment = {
    "NBGRADER_EXCHANGE": EXCHANGE,
    "JUPYTER_CONFIG_PATH": USER_SERVER_CONFIG,
}

# Students never share a server; a generous idle timeout is the culler's job (jupyterhub-idle-culler).
c.Spawner.default_url = "/lab"
