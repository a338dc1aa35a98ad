# The course on a real JupyterHub on this machine (docs/deployment.md, tests/hub).
#
#   make test-hub   # a class end to end: hub + proxy + PAM accounts + Formgrader service, in Chromium
#   make hub        # the same hub with throw-away accounts, left running until Ctrl+C
#
# Both need root (they create Unix accounts, and PAM logins need it), Debian's Chromium (test-hub),
# Debian's PostgreSQL (the gradebook; installed by `make postgresql` when missing)
# and node >= 20 with npm: the proxy, configurable-http-proxy, comes from npm exactly as
# tools/hub/package-lock.json pins it (npm ci into tools/hub/node_modules, git-ignored). The
# course environment the accounts use is built from requirements.lock with /usr/bin/python3 under
# HUB_ENV_ROOT (default /opt/mi-course-hub), readable by every account, and reused while the lock,
# pyproject.toml and mi_helpers are unchanged; beside it, ngshare's own environment and its nbgrader
# client, each from its lock in deploy/ngshare/ (the hub runs ngshare as a service; the test runs a
# second term through it).

.PHONY: test-hub hub hub-proxy postgresql

TEST_SUITES += test-hub
TEST_PREREQS += hub-proxy postgresql

HUB_PROXY := tools/hub/node_modules/.bin/configurable-http-proxy

hub-proxy: $(HUB_PROXY)  ## the JupyterHub proxy from npm, pinned by tools/hub/package-lock.json

$(HUB_PROXY): tools/hub/package-lock.json tools/hub/package.json
	@command -v npm >/dev/null || { echo "error: npm is missing (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
	cd tools/hub && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The gradebook of the hub test is PostgreSQL (Debian's): installed here when missing, without the
# default cluster Debian would otherwise create and start (the test runs a cluster of its own).
# An installed PostgreSQL is a file target with nothing to do, which costs `make -j` no job slot.
POSTGRES_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb))
postgresql: $(or $(POSTGRES_INITDB),postgresql-install)  ## Debian's PostgreSQL for the hub test's gradebook, if missing (needs root)

.PHONY: postgresql-install
postgresql-install:
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's postgresql (apt-get) for the hub test's gradebook"; \
	  mkdir -p /etc/postgresql-common && \
	  { [ -e /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; } && \
	  $(APT_INSTALL) postgresql; \
	else \
	  echo "error: PostgreSQL is missing; the hub test needs it: sudo apt-get install -y postgresql" >&2; exit 1; \
	fi

test-hub: setup chromium hub-proxy postgresql  ## a class on a real JupyterHub, end to end in Chromium (root)
	E2E_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest -q -p no:cacheprovider --timeout=900 tests/hub

hub: setup hub-proxy postgresql  ## try the course on JupyterHub here: throw-away accounts, until Ctrl+C (root)
	$(BIN)/python tests/hub/try_hub.py
