"""Student-side checking of the course's nbgrader exercises.

A test cell of the assignment is one line, ``grader.check("ex1_entropy", entropy_nats)``:

- in JupyterLab (and nbgrader's Validate button) it runs the *visible* examples of that cell,
  prints a ✓ line for each and raises ``AssertionError`` with a hint when one is wrong;
- while the course autogrades (inside the grading sandbox) it calls the function on the visible
  and the hidden inputs that the grader handed in, and emits the results as plain JSON. It decides
  nothing: the grader compares those results with values it computes itself, outside the sandbox.

:mod:`mi_exercises.spec` lists the checks, :mod:`mi_exercises.encoding` turns inputs and results
into JSON, :mod:`mi_exercises.compare` judges an encoded result (used by both sides).
"""

from mi_exercises import grader

__all__ = ["grader"]
