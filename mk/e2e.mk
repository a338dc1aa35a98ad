# The course as people meet it: JupyterLab in a real browser and a term through nbgrader's
# exchange (tests/e2e), and the instructor's exchange commands for a real class.
#
# Instructor cycle for a real class (docs/deployment.md has the whole story):
#   make release            # (exercises) regenerate exercises/ and the gradebook from solutions/
#   make exchange-release   # put the release in the exchange: students can fetch it
#   make collect            # copy the latest submissions from the exchange into submitted/
#   make autograde          # (exercises) grade everything in submitted/
#   make feedback           # (exercises) feedback HTML into feedback/
#   make return-feedback    # put the feedback in the exchange: students fetch it
#   make grades             # (exercises) CSV and report of what needs attention
#
# Knobs: ASSIGNMENT (default mutual_information); EXCHANGE (the exchange root; empty = what the
# nbgrader config says, /srv/nbgrader/exchange unless set); COURSE_DIR (the course, default here);
# FORCE=1 to re-release over an earlier release.

.PHONY: test-e2e chromium exchange-release collect return-feedback exchange-status

TEST_SUITES += test-e2e
TEST_PREREQS += chromium

ASSIGNMENT ?= mutual_information
COURSE_DIR ?= $(CURDIR)
EXCHANGE ?=
CHROMIUM ?= /usr/bin/chromium

# nbgrader shells out to `alembic` by name: the environment's bin must be first on PATH.
E2E_NBGRADER = cd "$(COURSE_DIR)" && PATH="$(abspath $(BIN)):$$PATH" "$(abspath $(BIN))/nbgrader"
E2E_EXCHANGE_FLAG = $(if $(EXCHANGE),--Exchange.root="$(EXCHANGE)",)

test-e2e: setup chromium  ## browser tests (JupyterLab + Chromium) and a term through the exchange
	E2E_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest -q -p no:cacheprovider --timeout=600 tests/e2e

# Two targets, so that an installed Chromium costs `make -j` no job slot: a suite that needs it
# then starts in its turn instead of after the suites listed behind it.
chromium: $(CHROMIUM)  ## install Debian's Chromium for the browser tests if it is missing (needs root)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium (apt-get) for the browser tests"; \
	  $(APT_INSTALL) chromium; \
	else \
	  echo "error: $(CHROMIUM) is missing. The browser tests need Debian's Chromium:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2; \
	  echo "(or point CHROMIUM=/path/to/chromium at another build; never 'playwright install')" >&2; \
	  exit 1; \
	fi

exchange-release: setup  ## release exercises/ to the nbgrader exchange (after make release)
	$(E2E_NBGRADER) release_assignment $(ASSIGNMENT) $(E2E_EXCHANGE_FLAG) $(if $(FORCE),--force,)

# Not nbgrader's collect (it follows links and trusts the entry's name): tools/grading/collect.py
# copies nothing but regular files, checks who wrote each entry (COLLECT_OWNERS=auto|require|off)
# and runs the intake; what it refuses is printed and listed in grades_report.md.
collect: setup  ## collect the latest submissions from the exchange into submitted/ (through the intake)
	cd "$(COURSE_DIR)" && PYTHONPATH="$(CURDIR)" "$(abspath $(BIN))/python" -m tools.grading.collect \
	  --course "$(COURSE_DIR)" --assignment $(ASSIGNMENT) $(if $(EXCHANGE),--exchange "$(EXCHANGE)",)

return-feedback: setup  ## return the feedback (after make feedback) through the exchange
	$(E2E_NBGRADER) release_feedback $(ASSIGNMENT) $(E2E_EXCHANGE_FLAG)

exchange-status:  setup  ## what the exchange holds: released assignments and submissions waiting
	$(E2E_NBGRADER) list $(E2E_EXCHANGE_FLAG)
	$(E2E_NBGRADER) list --inbound $(E2E_EXCHANGE_FLAG)
