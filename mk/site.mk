# The course as a website: site/ (Sphinx + myst-nb over the committed, executed notebooks, the
# released exercise statements and the guides), built into site/_build/html (git-ignored).
#   make site        # build it; fails if a notebook is stale (run `make notebooks` first)
#   make site-serve  # serve the built site on http://127.0.0.1:8000 (Ctrl-C stops it)
# MathJax is vendored from npm (pinned in site/package-lock.json) into site/node_modules on the
# first build; the pages never load anything from the internet.

.PHONY: site site-serve site-clean test-site test-site-js

TEST_SUITES += test-site
# The notes box's node tests take half a second: part of the inner loop where there is one.
QUICK_SUITES += test-site-js

SITE_MATHJAX := site/node_modules/mathjax/es5/tex-chtml.js
TEST_PREREQS += $(SITE_MATHJAX)

$(SITE_MATHJAX): site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# axe-core for the accessibility checks of the site's browser tests (pinned, npm ci; never a CDN).
SITE_AXE := tests/site/a11y/node_modules/axe-core/axe.min.js
TEST_PREREQS += $(SITE_AXE)

$(SITE_AXE): tests/site/a11y/package.json tests/site/a11y/package-lock.json
	cd tests/site/a11y && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

site: setup $(SITE_MATHJAX)  ## build the reading site into site/_build/html (no notebook is re-executed)
	$(BIN)/python tools/notebooks/build.py --check
	$(BIN)/python site/build.py

site-serve: site  ## serve the built site on 127.0.0.1:8000
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site/_build/html 8000

site-clean:  ## remove the built site and the npm-installed MathJax
	rm -rf site/_build site/node_modules

test-site-js:  ## the notes box's own tests (node --test)
	node --test tests/site/js/

test-site: setup chromium site test-site-js $(SITE_AXE)  ## the site in Chromium: figures, math, offline, search, notes, mobile, axe
	E2E_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest -q -p no:cacheprovider --timeout=300 tests/site
