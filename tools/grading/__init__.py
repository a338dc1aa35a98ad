"""Instructor tooling of the nbgrader course: nbgrader plugins, the grades report, the benchmark."""
