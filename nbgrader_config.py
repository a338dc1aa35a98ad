"""nbgrader configuration of the course.

The assignment source (with solutions) lives in ``solutions/<assignment>/``; the student
release generated from it lives in ``exercises/<assignment>/``.
"""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "mutual-information"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
