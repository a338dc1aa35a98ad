"""Site-wide nbgrader configuration of a JupyterHub that teaches the course (docs/deployment.md).

Copy to /etc/jupyter/nbgrader_config.py. Every account reads it: students, instructors, TAs and
the grader account that runs the course's Formgrader service. It says where the exchange is and
that course membership comes from the hub's groups. Nothing course-specific lives here; the
course's own rules stay in the repository's nbgrader_config.py.
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# The shared exchange: a directory every account can reach (a local disk on one server, an NFS
# mount on several). Create it once as root with mode 777 (nbgrader checks this):
#   mkdir -p /srv/nbgrader/exchange && chmod 777 /srv/nbgrader/exchange
# The hub passes NBGRADER_EXCHANGE to every server and to the Formgrader service
# (deploy/jupyterhub_config.py); the course's own nbgrader_config.py reads the same variable.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
# One hub, possibly several courses: keep each course's releases and submissions apart.
c.Exchange.path_includes_course = True

# Who is enrolled where: the hub's groups nbgrader-<course> (students) and formgrade-<course>
# (graders), set in deploy/jupyterhub_config.py.
c.Authenticator.plugin_class = JupyterHubAuthPlugin

# What students see in the Assignments and Courses panels.
c.NbGrader.course_titles = {"mutual-information": "Mutual information for machine learning"}
