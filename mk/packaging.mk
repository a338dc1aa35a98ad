# The course's packages outside the clone (issue 21): one wheel that installs anywhere.
#   make wheel            # dist/mi_helpers-<version>-py3-none-any.whl, built from the tracked files
#   make test-packaging   # the wheel in a bare venv: only its runtime dependencies, every theory
#                         # notebook run from a folder outside the clone, the first cell's install
#                         # path as Colab takes it (tests/packaging)
# WHEEL_PYTHON picks the interpreter of the bare environments (default: the .venv's own).

.PHONY: wheel test-packaging

TEST_SUITES += test-packaging

# Built from a copy of what git tracks, as a fresh clone holds it: setuptools' build/ and
# *.egg-info never land in the work tree, and an untracked file never lands in the wheel.
wheel: setup  ## build the course's wheel into dist/ (mi_helpers, mi_course, mi_exercises)
	@src=$$(mktemp -d); trap 'rm -rf "$$src"' EXIT; \
	git ls-files -z --cached --others --exclude-standard \
	  | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$$src"; \
	$(BIN)/uv build -q --wheel --no-build-isolation --python $(BIN)/python --out-dir "$(CURDIR)/dist" "$$src"
	@ls dist/*.whl

test-packaging: setup  ## the wheel in a bare venv runs every theory notebook outside the clone
	@rm -f artifacts/packaging/summary.txt
	$(BIN)/python -m pytest -q -p no:cacheprovider --timeout=900 tests/packaging
	@cat artifacts/packaging/summary.txt 2>/dev/null || true
