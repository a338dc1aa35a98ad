# The theory notebooks (notebooks/01-07): build, strict nbval and the notebook tests, benchmark.
# Sources are notebooks/NN_*.py (jupytext percent, paired by notebooks/jupytext.toml); `make notebooks` is the only thing that
# writes notebooks/*.ipynb, and tests/notebooks proves the committed ones came from it.

# Kernels draw figures with the inline backend (an inherited MPLBACKEND=Agg would swallow them),
# hash seeds are fixed and BLAS runs single-threaded, so every run prints the same digits.
NB_ENV := env -u MPLBACKEND PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# nbval's own plumbing (jupyter_client, zmq) may warn; the repository turns warnings into errors,
# so the nbval run alone relaxes that. Anything a notebook cell writes to stderr still fails
# (nbval compares it, and tests/notebooks refuses it in the committed outputs).
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-sanitize-with tests/notebooks/sanitize.cfg \
	--nbval-cell-timeout=300 -p no:cacheprovider -W ignore::DeprecationWarning

.PHONY: notebooks test-notebooks nbval-notebooks pytest-notebooks pytest-notebooks-main \
	pytest-notebooks-estimation bench-notebooks

notebooks: setup  ## re-execute the seven theory notebooks in order and write them with outputs
	$(NB_ENV) $(BIN)/python tools/notebooks/build.py

test-notebooks: nbval-notebooks pytest-notebooks  ## theory notebooks: strict nbval + staleness, LaTeX, figures, 50 seeds

nbval-notebooks: setup
	$(NB_ENV) $(BIN)/python -m pytest -q $(NBVAL_FLAGS) notebooks/

# tests/notebooks in two halves that `make test` runs side by side: Notebook 4's 50-seed claims
# (the estimators, the heaviest) and everything else.
NB_PYTEST := $(NB_ENV) MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider
NB_ESTIMATION_CLAIMS := tests/notebooks/test_randomized_estimation.py

pytest-notebooks: pytest-notebooks-main pytest-notebooks-estimation

pytest-notebooks-main: setup
	$(NB_PYTEST) tests/notebooks --ignore=$(NB_ESTIMATION_CLAIMS)

pytest-notebooks-estimation: setup
	$(NB_PYTEST) $(NB_ESTIMATION_CLAIMS)

bench-notebooks: setup  ## time each theory notebook against an empty one: writes benchmarks/NOTEBOOKS.md
	$(NB_ENV) $(BIN)/python benchmarks/notebooks_bench.py

TEST_SUITES += test-notebooks
BENCH_SUITES += bench-notebooks

# The course package's docstring examples (the Makefile's doctest target covers mi_helpers).
.PHONY: doctest-course
doctest-course: setup  ## the examples in mi_course's docstrings
	MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider --doctest-modules mi_course
TEST_SUITES += doctest-course

# make quick: the committed notebooks are not stale (executes nothing)
.PHONY: check-notebooks
QUICK_SUITES += check-notebooks doctest-course
check-notebooks: setup
	$(BIN)/python tools/notebooks/build.py --check
