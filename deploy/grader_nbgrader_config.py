"""nbgrader configuration of the grader account that runs the course's Formgrader service.

Copy to /home/grader-mutual-information/.jupyter/nbgrader_config.py (docs/deployment.md). The
course's own rules (preprocessors, timeouts, hidden-test scrubbing) stay in the repository's
nbgrader_config.py, which nbgrader reads from the service's working directory; this file only
says where the course lives and where its gradebook is.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "mutual-information"
c.CourseDirectory.root = "/home/grader-mutual-information/mutual-information"

# The gradebook. One grader: the default sqlite file in the course directory is fine. Several
# graders (instructors and TAs grading at the same time, or grading from their own servers):
# use PostgreSQL, whose locking is made for concurrent writers, e.g.
#   NBGRADER_DB_URL=postgresql+psycopg2://nbgrader:<password>@db.example.org:5432/mutual_information
# The password stays in the environment (set by the hub for the service), never in this file.
db_url = os.environ.get("NBGRADER_DB_URL", "")
if db_url:
    c.CourseDirectory.db_url = db_url

# Only the grader account writes this log: autograde, collect and feedback runs, for debugging.
c.NbGrader.logfile = "/home/grader-mutual-information/nbgrader.log"
