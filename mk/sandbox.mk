# The grading sandbox (tools/grading/sandbox.py) runs every autograded kernel under bubblewrap.
# The targets that grade (and `make test`, before its suites) install Debian's bubblewrap when it
# is missing and we are root; otherwise they say how, and `make autograde` refuses to grade until
# it is there (or UNSANDBOXED=1). Studying needs no sandbox: `make setup` and `make lab` never
# install it.

.PHONY: bubblewrap

BWRAP ?= /usr/bin/bwrap

TEST_PREREQS += bubblewrap
autograde test-exercises-class test-exercises-units test-e2e test-hub: bubblewrap

# Found on PATH or at $(BWRAP): nothing to do, and no job slot taken from `make -j`.
BWRAP_FOUND := $(or $(shell command -v bwrap 2>/dev/null),$(wildcard $(BWRAP)))
bubblewrap: $(if $(BWRAP_FOUND),,bubblewrap-install)  ## install bubblewrap (bwrap) for the grading sandbox if it is missing (needs root)

.PHONY: bubblewrap-install
bubblewrap-install:
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's bubblewrap (apt-get) for the grading sandbox"; \
	  $(APT_INSTALL) bubblewrap; \
	else \
	  echo "note: bubblewrap is missing; autograding needs it: sudo apt-get install -y bubblewrap" >&2; \
	fi
