# The course as a website: site/ (Sphinx + myst-nb over the committed, executed notebooks, the
# released exercise statements and the guides), built into site/_build/html (git-ignored).
#   make site        # build it; fails if a notebook is stale (run `make notebooks` first)
#   make site-serve  # serve the built site on http://127.0.0.1:8000 (Ctrl-C stops it)
# MathJax is vendored from npm (pinned in site/package-lock.json) into site/node_modules on the
# first build; the pages never load anything from the internet. Of the npm package (24 MB: every
# component, both outputs, the speech engine) the site ships what its pages load: the one
# combined component conf.py names (tex-chtml.js: TeX input, CommonHTML output, the menu and
# the assistive MathML) and its web fonts, 1.6 MB, copied into SITE_MATHJAX_DIR, which conf.py's
# course_mathjax_dir points at. A TeX extension the component would fetch on demand is not
# shipped: a page that needs one fails the site's browser tests (a failed request).

.PHONY: site site-serve site-clean test-site test-site-js

TEST_SUITES += test-site
# The notes box's node tests take half a second: part of the inner loop where there is one.
QUICK_SUITES += test-site-js

SITE_MATHJAX_NPM := site/node_modules/mathjax/es5
SITE_MATHJAX_DIR := site/node_modules/course-mathjax
SITE_MATHJAX_FONTS := output/chtml/fonts/woff-v2
SITE_MATHJAX := $(SITE_MATHJAX_DIR)/tex-chtml.js
TEST_PREREQS += $(SITE_MATHJAX)

$(SITE_MATHJAX): site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(SITE_MATHJAX_DIR) && mkdir -p $(SITE_MATHJAX_DIR)/$(dir $(SITE_MATHJAX_FONTS))
	cp -r $(SITE_MATHJAX_NPM)/$(SITE_MATHJAX_FONTS) $(SITE_MATHJAX_DIR)/$(dir $(SITE_MATHJAX_FONTS))
	cp $(SITE_MATHJAX_NPM)/tex-chtml.js $@

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
