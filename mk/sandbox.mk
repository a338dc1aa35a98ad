# The grading sandbox (tools/grading/sandbox.py) runs every autograded kernel under bubblewrap.
# `make setup` (and so `make test`) installs Debian's bubblewrap when it is missing and we are root;
# otherwise it says how, and `make autograde` refuses to grade until it is there (or UNSANDBOXED=1).

.PHONY: bubblewrap

BWRAP ?= /usr/bin/bwrap

setup: bubblewrap

bubblewrap:  ## install bubblewrap (bwrap) for the grading sandbox if it is missing (needs root)
	@if command -v bwrap >/dev/null 2>&1 || [ -x "$(BWRAP)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's bubblewrap (apt-get) for the grading sandbox"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	else \
	  echo "note: bubblewrap is missing; autograding needs it: sudo apt-get install -y bubblewrap" >&2; \
	fi
