"""Tests of the nbgrader assignment: the real pipeline on a synthetic class, and the release."""
