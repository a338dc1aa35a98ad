# The course's commands. A newcomer needs two: `make lab` and `make test`; both set up the
# environment from requirements.lock on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
COURSE_PACKAGES := mi_helpers mi_course mi_exercises
# Jupyter refuses to run as root unless told it is on purpose.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Deterministic runs: hash seed fixed, no user-level Jupyter or matplotlib config leaking in.
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# apt-get for the system packages some targets need (bubblewrap, Chromium, PostgreSQL), one at a
# time: `make -j` may ask for two at once, and dpkg allows a single writer.
APT_INSTALL = flock /tmp/mi-course-apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@" >/dev/null' apt-install

.PHONY: help setup lab lab-instructor test test-prereqs test-suites quick lint unit doctest bench bench-helpers lock clean

# Each later part of the course adds its own targets (and its suites to TEST_SUITES, its fast
# checks to QUICK_SUITES) in a fragment of its own: mk/notebooks.mk, mk/exercises.mk, mk/e2e.mk, ...
TEST_SUITES :=
TEST_PREREQS :=
QUICK_SUITES :=
BENCH_SUITES :=
# Independent suites of `make test` run side by side, TEST_JOBS at a time (default: three more than
# the cores); each suite's output is printed whole when it ends. TEST_JOBS=1 runs them one after
# another. The suites start in the order of SLOW_SUITES: first the three that spend much of their
# time waiting (on kernels, browsers, the hub) and the two CPU-bound notebook suites that fill
# those waits, then the shorter ones, so that none is left running alone at the end. On two
# cores, five jobs in this order keep both cores at least 98% busy from the end of the setup to
# the last suite (/proc/stat sampled every 2 s), so the time is the suites' CPU divided by the
# cores; more jobs only add overhead, and running the numerics suites at a lower priority made
# the whole 13% slower.
TEST_JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 3 )))
SLOW_SUITES := test-exercises-class test-e2e test-hub pytest-notebooks-estimation \
	pytest-notebooks-main test-exercises-units test-exercises-practice test-site test-packaging \
	unit nbval-notebooks
-include mk/*.mk

help:  ## list the commands
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: $(STAMP)  ## build .venv from the exact pins in requirements.lock

# uv (pinned, hash-checked, in the lock) makes the environment exactly the lock (a package the lock
# no longer holds is removed, and the lock's pip is installed). The venv starts without pip: uv
# itself is installed by the pip wheel the interpreter bundles, run from the wheel
# (tools/bootstrap_uv.py), which spares the 8 s of installing and compiling a pip to replace.
# Bytecode is compiled once here: the grading sandbox (and any account sharing the environment)
# reads the environment without being able to write it, and a shell with PYTHONDONTWRITEBYTECODE
# set would otherwise compile nbgrader, Jupyter and numpy from source in every process.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	@awk '/^uv==/{p=1; print; next} p && /^ +--hash/{print; next} {p=0}' requirements.lock > $(VENV)/uv.req
	$(BIN)/python tools/bootstrap_uv.py $(BIN)/python $(VENV)/uv.req
	$(BIN)/uv pip sync -q --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q -j0 $(COURSE_PACKAGES) tools > /dev/null
	$(BIN)/python -m pip check
	@touch $@

# `make lab` is the student's view: a root holding only notebooks/ and exercises/ (links into the
# repository, in $(LAB_VIEW)), the start page open, nbgrader's instructor pages (Formgrader,
# Create Assignment) off through deploy/user_servers/ as on the hub, and deploy/lab's settings
# overrides (no "Jupyter news" prompt) for this run only. `make lab ROLE=instructor` (or
# `make lab-instructor`) opens the whole repository with the instructor pages. LAB_ARGS: more
# `jupyter lab` options (the browser test passes a port and a token). The instructor's Formgrader
# pages carry a strict Content-Security-Policy (tools/grading/formgrader_csp.py).
ROLE ?= student
LAB_VIEW := $(VENV)/lab-student
LAB_START := notebooks/00_start_here.md
LAB = $(BIN)/jupyter lab $(ROOT_FLAG) --LabApp.app_settings_dir="$(CURDIR)/deploy/lab" $(LAB_ARGS)
lab: setup  ## open the course in JupyterLab as a student (ROLE=instructor: everything, with Formgrader)
ifeq ($(ROLE),instructor)
	PYTHONPATH="$(CURDIR)" $(LAB) --ServerApp.root_dir="$(CURDIR)" \
	  --ServerApp.jpserver_extensions='{"tools.grading.formgrader_csp": True}'
else ifeq ($(ROLE),student)
	@mkdir -p $(LAB_VIEW) && ln -sfn ../../notebooks $(LAB_VIEW)/notebooks && ln -sfn ../../exercises $(LAB_VIEW)/exercises
	JUPYTER_CONFIG_PATH="$(CURDIR)/deploy/user_servers$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(LAB) --ServerApp.root_dir="$(CURDIR)/$(LAB_VIEW)" --LabApp.default_url="/lab/tree/$(LAB_START)"
else
	@echo "ROLE must be student or instructor, not '$(ROLE)'" >&2; exit 2
endif

lab-instructor:  ## open the whole course in JupyterLab with nbgrader's Formgrader (make lab ROLE=instructor)
	@$(MAKE) --no-print-directory lab ROLE=instructor

# What the suites need installed (system packages, npm pins) is installed before any suite starts,
# one thing at a time (test-prereqs), beside the environment's setup, which needs none of it: a
# suite whose prerequisite is still installing when `make -j` reaches it would otherwise wait
# until the suites listed after it have started, and finish last. The time printed at the end
# counts the setup too.
test:  ## run every check (what CI runs); TEST_JOBS=1 for one suite at a time
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -j2 --output-sync=target setup test-prereqs && \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --keep-going --output-sync=target test-suites; rc=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s, setup included, exit $$rc"; exit $$rc

.PHONY: test-prereqs
test-prereqs:
	@$(MAKE) -s --no-print-directory $(TEST_PREREQS)

test-suites: $(SLOW_SUITES) lint unit doctest $(TEST_SUITES)

quick: setup  ## the inner loop (about a minute): lint, unit, doctests and the fast notebook/grading checks
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --keep-going --output-sync=target lint unit doctest $(QUICK_SUITES); rc=$$?; \
	echo "make quick: $$(( $$(date +%s) - start )) s, exit $$rc"; exit $$rc

lint: setup  ## ruff on the package, tests, benchmarks and tools
	$(BIN)/ruff check .

unit: setup  ## unit, property and cross-check tests of mi_helpers and the repository
	MPLBACKEND=Agg $(BIN)/python -m pytest -q tests/unit

doctest: setup  ## the examples in mi_helpers' docstrings
	MPLBACKEND=Agg $(BIN)/python -m pytest -q --doctest-modules mi_helpers

bench: setup bench-helpers $(BENCH_SUITES)  ## every benchmark; results in benchmarks/*.md

bench-helpers: setup  ## mi_helpers against its peers: writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/helpers_bench.py

lock:  ## re-resolve requirements.in into requirements.lock and environment.yml
	$(PYTHON) tools/lock.py

clean:  ## remove the environment and generated state
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info
