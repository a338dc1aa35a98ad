"""Checks behind the test cells of the mutual-information exercises.

Every test cell loads a *fresh* module from this file (``importlib``, so the compiled bytecode is
reused) and keeps it in a local variable, so nothing a student's code does to names in the notebook
(``np.isclose``, ``math.isclose``, ``open``, helper names, a rebound ``mi_helpers``) changes how
answers are judged.
Numbers are compared with plain float arithmetic on the value actually stored in a float;
objects that only *claim* to be equal (``__eq__`` always true, float subclasses with their own
``__float__``) do not pass.

``call`` runs a student's function with warnings recorded (a warning goes to stderr, and
nbgrader gives 0 to a test cell that writes to stderr, so we say so instead) and with a
profiler that notices calls into the ``mi_helpers`` functions an exercise asks you to write
yourself, however they were imported.

Messages of the visible checks give the expected value and its unit; messages of hidden
checks (``hidden=True``) describe the input in words and never show the expected value.
"""

import math
import sys
import warnings

_FLOAT = (0.0).__class__
_INT = (0).__class__
_BOOL = True.__class__
_TUPLE = ().__class__
_LIST = [].__class__
_LOG2 = math.log(2.0)

# Where each mi_helpers function lives: a call is recognised by its code object's file and
# name, so `from mi_helpers import x`, `import mi_helpers as mi` and wrappers are all seen.
_HELPER_FILES = {
    "entropy": "discrete.py",
    "mutual_information": "discrete.py",
    "conditional_entropy": "discrete.py",
    "conditional_mutual_information": "discrete.py",
    "kl_divergence": "discrete.py",
    "total_correlation": "discrete.py",
    "pointwise_mutual_information": "discrete.py",
    "binary_entropy": "discrete.py",
    "histogram_mutual_information": "estimators.py",
    "ksg_mutual_information": "estimators.py",
    "bsc_mutual_information": "channels.py",
    "channel_mutual_information": "channels.py",
    "channel_capacity": "channels.py",
    "infonce_lower_bound": "variational.py",
    "dv_lower_bound": "variational.py",
    "nwj_lower_bound": "variational.py",
    "bald_score": "active_learning.py",
}

# The helpers each exercise asks you to re-implement rather than call.
FORBIDDEN = {
    "ex1": ("entropy", "mutual_information", "conditional_entropy", "conditional_mutual_information",
            "kl_divergence", "total_correlation", "pointwise_mutual_information"),
    "ex2": ("histogram_mutual_information", "ksg_mutual_information"),
    "ex3": ("kl_divergence", "mutual_information", "entropy", "conditional_entropy", "total_correlation"),
    "ex4": ("conditional_mutual_information", "mutual_information", "entropy", "conditional_entropy",
            "total_correlation"),
    "ex5": ("bsc_mutual_information", "channel_mutual_information", "channel_capacity", "mutual_information"),
    "ex6": ("histogram_mutual_information", "ksg_mutual_information"),
    "ex7": ("infonce_lower_bound", "dv_lower_bound", "nwj_lower_bound"),
    "ex8": ("bald_score",),
    "ex9": ("channel_mutual_information", "channel_capacity", "bsc_mutual_information", "mutual_information"),
    "ex10": ("infonce_lower_bound",),
}


def fail(message):
    """Raise the AssertionError that nbgrader records as a failed test, without chained context."""
    raise AssertionError(message)


def _name(fn):
    name = getattr(fn, "__name__", None)
    return name if type(name) is str else "your function"


def call(fn, *args, exercise=None, on="the example", **kwargs):
    """Run ``fn(*args, **kwargs)`` and return its result, or fail with a readable message.

    Fails if ``fn`` still raises NotImplementedError, raises anything else, issues a warning,
    or calls an mi_helpers function that ``exercise`` asks you to write yourself.
    """
    name = _name(fn)
    if not callable(fn):
        fail(f"{name} is not a function: define it in the solution cell of the exercise and run that cell")
    banned = {}
    for helper in FORBIDDEN.get(exercise, ()):
        banned[(_HELPER_FILES[helper], helper)] = helper
    hits = []

    def profiler(frame, event, arg):
        if event == "call":
            code = frame.f_code
            path = code.co_filename.replace("\\", "/")
            if "/mi_helpers/" in path:
                helper = banned.get((path.rsplit("/", 1)[-1], code.co_name))
                if helper is not None and helper not in hits:
                    hits.append(helper)

    previous = sys.getprofile()
    problem = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sys.setprofile(profiler)
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            problem = f"{name} is not implemented yet: it still raises NotImplementedError"
        except Exception as exc:  # the student's bug, reported as a failed test
            problem = f"{name} raised {type(exc).__name__} on {on}: {exc}"
        finally:
            sys.setprofile(previous)
    if problem is not None:
        fail(problem)
    if hits:
        listed = ", ".join(f"mi_helpers.{h}" for h in hits)
        fail(
            f"{name} called {listed} on {on}. This exercise asks you to compute it yourself; "
            "use mi_helpers only to compare your answer with in the 'try it' cells."
        )
    if caught:
        w = caught[0]
        fail(
            f"{name} issued a warning on {on}: {w.category.__name__}: {w.message}. A warning is written to "
            "stderr and nbgrader gives 0 points to a test cell that writes to stderr. Handle the case "
            "explicitly (for 0 log 0 use a mask, np.where or scipy.special.xlogy; for large scores use "
            "logsumexp)."
        )
    return result


def number(value, what):
    """The float stored in ``value`` (a float or numpy.float64), or fail; subclasses are refused."""
    cls = type(value)
    if cls is _FLOAT:
        return value
    if cls is _INT:
        return _FLOAT(value)
    if cls.__name__ in ("float64", "float32") and cls.__module__ == "numpy":
        return _FLOAT(value.item())
    fail(f"{what}: expected a number (a float), got an object of type {cls.__name__}. Return float(...).")


def close(what, value, expected, tol, unit="nats", hidden=False):
    """Fail unless ``value`` is a float within ``tol`` of ``expected`` (an exact comparison for inf)."""
    v = number(value, what)
    if v != v:
        fail(f"{what}: got nan. Look for 0/0 or 0 * log 0 in your code.")
    if expected in (math.inf, -math.inf):
        ok = v == expected
    else:
        diff = v - expected
        ok = diff <= tol and -diff <= tol
    if ok:
        if not hidden:
            print(f"✓ {what}: {v:.10g} {unit}".rstrip())
        return v
    if hidden:
        fail(
            f"{what}: wrong value (hidden test; the expected value is not shown). Check units "
            "(the course uses nats), zero entries, other shapes and the exact definition in the statement."
        )
    hint = ""
    if expected not in (math.inf, -math.inf) and expected != 0.0:
        if abs(v * _LOG2 - expected) <= max(tol, 1e-9 * abs(expected)):
            hint = " Are you in bits? The course uses nats: use np.log, not np.log2."
        elif abs(v + expected) <= tol:
            hint = " The sign is flipped."
    fail(f"{what}: got {v:.12g} {unit}, expected {expected:.12g} {unit} (tolerance {tol:g}).{hint}")


def array(value, what, shape=None):
    """The entries of ``value`` as a flat list of floats, after checking it is an array of ``shape``."""
    cls = type(value)
    if cls.__name__ == "ndarray" and cls.__module__ == "numpy":
        if shape is not None and value.shape != shape:
            fail(f"{what}: expected an array of shape {shape}, got shape {value.shape}")
        return [number(v, what) for v in value.ravel().tolist()]
    if cls in (_LIST, _TUPLE) and shape is not None and len(shape) == 1 and len(value) == shape[0]:
        return [number(v, what) for v in value]
    fail(f"{what}: expected a numpy array of shape {shape}, got {cls.__name__}")


def close_all(what, value, expected, tol, shape=None, unit="nats", hidden=False):
    """Elementwise ``close`` for an array result; ``expected`` is a flat list in C order."""
    values = array(value, what, shape)
    if len(values) != len(expected):
        fail(f"{what}: expected {len(expected)} entries, got {len(values)}")
    for i, (v, e) in enumerate(zip(values, expected, strict=True)):
        if e in (math.inf, -math.inf):
            ok = v == e
        else:
            ok = v - e <= tol and e - v <= tol
        if not ok:
            if hidden:
                fail(f"{what}: entry {i} is wrong (hidden test; the expected value is not shown)")
            fail(f"{what}: entry {i} is {v:.12g} {unit}, expected {e:.12g} {unit} (tolerance {tol:g})")
    if not hidden:
        print(f"✓ {what}: all {len(values)} entries match")
    return values


def true(condition, message):
    """Fail with ``message`` unless ``condition`` is the genuine boolean True."""
    if condition is not True:
        fail(message)


def pair(value, what):
    """Check that ``value`` is a tuple of two items and return it."""
    if type(value) is not _TUPLE or len(value) != 2:
        fail(f"{what}: expected a tuple of two items, got {type(value).__name__}")
    return value


def triple(value, what):
    """Check that ``value`` is a tuple of three items and return it."""
    if type(value) is not _TUPLE or len(value) != 3:
        fail(f"{what}: expected a tuple (a, b, c) of three numbers, got {type(value).__name__}")
    return value


def passed(n, what):
    """Print a one-line summary of hidden checks (never their values)."""
    print(f"✓ {what}: {n} hidden checks passed")
