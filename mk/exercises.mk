# The nbgrader assignment (solutions/ -> exercises/) and the instructor's grading workflow.
# See docs/instructors.md. Every grading target works on the course root: submitted/,
# autograded/, feedback/, gradebook.db, grades.csv and grades_report.md (all git-ignored).

ASSIGNMENT ?= mutual_information
# Seconds a single cell may run while autograding (an infinite loop is cut there).
NBGRADER_CELL_TIMEOUT ?= 60
export NBGRADER_CELL_TIMEOUT
GRADING := PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m tools.grading.run --assignment $(ASSIGNMENT)
# nbgrader's SQLAlchemy plumbing warns; pytest's global filterwarnings=error must not turn that into failures.
EXERCISE_PYTEST := PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q \
	-W "ignore::DeprecationWarning" -W "ignore::PendingDeprecationWarning" -W "ignore:.*SAWarning.*" \
	-p no:cacheprovider

.PHONY: release autograde feedback grades test-exercises test-exercises-class test-exercises-units \
	bench-grading

TEST_SUITES += test-exercises
BENCH_SUITES += bench-grading

release: setup  ## generate exercises/ from solutions/ (nbgrader --force) and validate both
	$(GRADING) release

autograde: setup  ## autograde submitted/ in sandboxed workers (FORCE=1 regrade all, JOBS=n, UNSANDBOXED=1)
	$(GRADING) autograde $(if $(FORCE),--force,) $(if $(JOBS),--jobs $(JOBS),) $(if $(filter 1,$(UNSANDBOXED)),--unsandboxed,)

feedback: setup  ## feedback HTML for every autograded student in JOBS workers (sanitised; says which answers await a hand grade)
	$(GRADING) feedback $(if $(JOBS),--jobs $(JOBS),)

grades: setup  ## grades.csv plus grades_report.md: every submission needing attention, and why
	$(GRADING) grades

# make export: the gradebook (every assignment, or EXPORT_ONLY="a b") as grades_canvas.csv and
# grades_moodle.csv for the LMS, from LMS_ROSTER (nbgrader id -> LMS ids); lms_export_report.md lists
# every blank cell and every student missing from either side. MOODLE_ID: email, idnumber or username.
LMS_ROSTER ?= roster.csv
MOODLE_ID ?= email
.PHONY: export
export: setup  ## grades_canvas.csv + grades_moodle.csv for the LMS from LMS_ROSTER (blank = awaiting a hand grade)
	$(GRADING) export --roster $(LMS_ROSTER) --moodle-id $(MOODLE_ID) $(if $(EXPORT_ONLY),--only $(EXPORT_ONLY),)

test-exercises: test-exercises-class test-exercises-practice test-exercises-units  ## sandbox probes, a synthetic and a hostile class through the pipeline, nbval

# Three parts that `make test` runs side by side: the graded class of the first assignment
# (tests/exercises/test_pipeline.py, one session-wide run of the whole pipeline over every
# scenario), the second assignment's class and redraws (a course of both assignments), and
# everything else.
EXERCISE_CLASS := tests/exercises/test_pipeline.py
EXERCISE_PRACTICE := tests/exercises/test_pipeline_practice.py tests/exercises/test_redraw_practice.py

test-exercises-class: setup
	$(EXERCISE_PYTEST) $(EXERCISE_CLASS)

.PHONY: test-exercises-practice
test-exercises-practice: setup
	$(EXERCISE_PYTEST) $(EXERCISE_PRACTICE)

test-exercises-units: setup
	$(EXERCISE_PYTEST) --doctest-modules mi_exercises
	$(EXERCISE_PYTEST) tests/exercises --ignore=$(EXERCISE_CLASS) $(addprefix --ignore=,$(EXERCISE_PRACTICE))
	$(EXERCISE_PYTEST) --nbval --nbval-current-env solutions  # every assignment's reference solution

bench-grading: setup  ## 40 synthetic students: parallel sandboxed vs serial unsandboxed; writes benchmarks/GRADING.md
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.grading

.PHONY: student-bundle
student-bundle: setup  ## dist/mi-course-student.zip: the release without solutions or grader code
	$(BIN)/python -m tools.grading.bundle --out dist/mi-course-student.zip

# make quick: the grader's checks and hidden cases, without starting a kernel
.PHONY: quick-exercises
QUICK_SUITES += quick-exercises
quick-exercises: setup
	$(EXERCISE_PYTEST) tests/exercises/test_checks.py tests/exercises/test_hidden.py
