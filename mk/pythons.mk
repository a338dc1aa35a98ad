# The README's commands on every Python it promises (issue 10, part 3).
#
#   make test-pythons      # for each interpreter in PYTHONS, in parallel: a fresh copy of the
#                          # repository, `make setup PYTHON=<it>`, then lint + unit + doctest and
#                          # strict nbval of one theory notebook inside that copy
#
# Each copy holds the repository's tracked (and new, not ignored) files as they are in the work
# tree, nothing generated: no .venv, no artifacts. Logs and times go to artifacts/pythons/.
# Knobs: PYTHONS (interpreters), PYTHONS_DIR (where the copies are built; removed before each run),
# PYTHONS_JOBS (how many run at once).

.PHONY: test-pythons

PYENV_ROOT ?= $(HOME)/.pyenv
PYTHONS ?= /usr/bin/python3 $(PYENV_ROOT)/versions/3.12.1/bin/python3 $(PYENV_ROOT)/versions/3.13.0/bin/python3
PYTHONS_DIR ?= $(or $(TMPDIR),/tmp)/mi-course-pythons
PYTHONS_JOBS ?= 3
PYTHONS_LOGS := $(CURDIR)/artifacts/pythons
# The theory notebook run under strict nbval in every copy (the others differ only in content).
PYTHONS_NOTEBOOK ?= notebooks/01_intuition_and_definitions.ipynb

# One job per interpreter: matrix-<index> (paths make poor target names).
PYTHONS_INDEXED := $(join $(addsuffix :,$(shell seq 1 $(words $(PYTHONS)))),$(PYTHONS))
PYTHONS_JOBS_LIST := $(addprefix python-matrix-,$(shell seq 1 $(words $(PYTHONS))))

test-pythons:  ## the README's setup + lint, unit, doctest, one notebook on each of PYTHONS (fresh copies)
	@rm -rf "$(PYTHONS_LOGS)" && mkdir -p "$(PYTHONS_LOGS)"
	@start=$$(date +%s); \
	if $(MAKE) --no-print-directory -j$(PYTHONS_JOBS) $(PYTHONS_JOBS_LIST); then ok=1; else ok=0; fi; \
	echo "matrix wall time: $$(( $$(date +%s) - start )) s ($(PYTHONS_JOBS) at a time)" >> "$(PYTHONS_LOGS)/summary.txt"; \
	cat "$(PYTHONS_LOGS)/summary.txt"; \
	test $$ok = 1 || { echo "test-pythons FAILED: see $(PYTHONS_LOGS)/*.log" >&2; exit 1; }

.PHONY: $(PYTHONS_JOBS_LIST)
$(PYTHONS_JOBS_LIST): python-matrix-%:
	@py="$(word 2,$(subst :, ,$(filter $*:%,$(PYTHONS_INDEXED))))"; \
	if [ ! -x "$$py" ]; then echo "FAIL  $$py: no such interpreter" >> "$(PYTHONS_LOGS)/summary.txt"; exit 1; fi; \
	ver=$$("$$py" -c 'import platform; print(platform.python_version())'); \
	dir="$(PYTHONS_DIR)/$$ver"; log="$(PYTHONS_LOGS)/python-$$ver.log"; \
	rm -rf "$$dir" && mkdir -p "$$dir"; \
	git ls-files -z --cached --others --exclude-standard \
	  | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$$dir"; \
	t0=$$(date +%s); \
	if $(MAKE) --no-print-directory -C "$$dir" setup PYTHON="$$py" > "$$log" 2>&1; then \
	  t1=$$(date +%s); \
	  if $(MAKE) --no-print-directory -C "$$dir" lint unit doctest python-matrix-notebook >> "$$log" 2>&1; then \
	    res=ok; else res=FAIL; fi; \
	else t1=$$(date +%s); res=FAIL; fi; \
	t2=$$(date +%s); \
	printf '%-4s  Python %-7s (%s): setup %3d s, lint+unit+doctest+notebook %3d s\n' \
	  "$$res" "$$ver" "$$py" $$((t1 - t0)) $$((t2 - t1)) >> "$(PYTHONS_LOGS)/summary.txt"; \
	if [ $$res = ok ]; then rm -rf "$$dir"; else echo "kept $$dir; log $$log" >&2; exit 1; fi

# Inside a copy: strict nbval of one theory notebook (mk/notebooks.mk's flags).
.PHONY: python-matrix-notebook
python-matrix-notebook: setup
	$(NB_ENV) $(BIN)/python -m pytest -q $(NBVAL_FLAGS) $(PYTHONS_NOTEBOOK)
