"""Scores of the synthetic class after the real nbgrader pipeline (see conftest.py)."""

from __future__ import annotations

import filecmp
import html
import re
import sys
import warnings
from pathlib import Path

import pytest

from tests.exercises import hostile, synthetic
from tests.exercises.conftest import CLASS, REPO, SEED
from tests.exercises.synthetic import read_scores

SCENARIOS = {s.name: s for s in CLASS}
GRADED = [s.name for s in CLASS if s.graded]


def expected_scores(scenario: synthetic.Scenario, cells: dict[str, dict]) -> dict[str, float | str]:
    """grade cell -> expected points, or "manual" for a written answer awaiting its grade."""
    out: dict[str, float | str] = {}
    for name, cell in cells.items():
        if scenario.lose_all or name in scenario.lose:
            out[name] = 0.0
        elif name in synthetic.MANUAL_CELLS:
            out[name] = "manual"
        else:
            out[name] = cell["max"]
    return out


def actual_scores(cells: dict[str, dict]) -> dict[str, float | str]:
    return {name: "manual" if cell["manual"] else float(cell["score"]) for name, cell in cells.items()}


@pytest.mark.slow
@pytest.mark.parametrize("student", GRADED)
def test_scenario_scores(graded_class, student):
    """Every grade cell of every graded scenario scores what the scenario says, and nothing else."""
    cells = graded_class.scores[student]
    assert len(cells) == 27
    want = expected_scores(SCENARIOS[student], cells)
    got = actual_scores(cells)
    wrong = {name: (want[name], got[name]) for name in cells if want[name] != got[name]}
    assert not wrong, f"{student}: cell -> (expected, actual): {wrong}"


@pytest.mark.slow
def test_every_student_is_in_the_gradebook_and_the_csv(graded_class):
    """Corrupt and renamed submissions are reported, not lost, and do not stop the others."""
    assert set(graded_class.scores) >= set(GRADED)
    assert set(graded_class.csv_rows) == set(SCENARIOS)
    for name in SCENARIOS:
        auto = graded_class.course / "autograded" / name / synthetic.ASSIGNMENT / "mutual_information.ipynb"
        assert auto.exists() == SCENARIOS[name].graded, name


@pytest.mark.slow
def test_solution_full_marks_after_manual_grading(graded_class):
    """The reference solutions earn 44/44 automatically and 48/48 once the written answers are graded."""
    cells = graded_class.scores["solution"]
    assert sum(c["score"] for n, c in cells.items() if n not in synthetic.MANUAL_CELLS) == 44
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{graded_class.course / 'gradebook.db'}") as gb:
            for name in synthetic.MANUAL_CELLS:
                grade = gb.find_grade(name, "mutual_information", synthetic.ASSIGNMENT, "solution")
                grade.manual_score = grade.max_score
                grade.needs_manual_grade = False
            gb.db.commit()
            total = gb.find_submission(synthetic.ASSIGNMENT, "solution").score
    assert total == 48
    assert float(graded_class.csv_rows["release"]["score"]) == 0.0
    assert float(graded_class.csv_rows["release"]["max_score"]) == 48.0


@pytest.mark.slow
def test_progress_is_shown_per_student(graded_class):
    out = graded_class.autograde_output
    for name in SCENARIOS:
        assert re.search(rf"\[\s*\d+/{len(SCENARIOS)}\] graded {name}\b", out), name


@pytest.mark.slow
def test_autograde_names_every_student_it_could_not_grade(graded_class):
    """make autograde exits 1 (conftest), names each failure with its reason, and claims nothing more."""
    out = graded_class.autograde_output
    listed = re.findall(r"^  - (\S+): (.+)$", out, re.M)
    assert {name for name, _reason in listed} == {s.name for s in CLASS if not s.graded}
    assert all(reason.strip() for _name, reason in listed)
    assert f"2 of {len(SCENARIOS)} submission(s) could not be graded" in out
    assert "the rest of the class is graded" not in out.lower()


@pytest.mark.slow
def test_grades_report_names_every_problem(graded_class):
    """Each scenario's problem is named in the report; clean submissions only wait for manual grading."""
    report = (graded_class.course / "grades_report.md").read_text(encoding="utf-8")
    attention, rest = report.split("## Manual grading pending")
    pending = rest.split("## Scores")[0]
    for scenario in synthetic.SCENARIOS:
        block = re.search(rf"- \*\*{scenario.name}\*\*.*?(?=\n- \*\*|\n## |\Z)", attention, re.S)
        for word in scenario.attention:
            assert block and word in block.group(0), f"{scenario.name}: '{word}' missing from the report"
        if not scenario.attention:
            assert block is None, f"{scenario.name} should not need attention: {block.group(0)}"
        waits = f"**{scenario.name}**:" in pending
        assert waits == (scenario.graded and not scenario.lose_all), scenario.name
    assert "fault_corrupt" in graded_class.grades_output and "renamed" in graded_class.grades_output


def _html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _hidden_numbers() -> set[str]:
    """The run's hidden expected values, as a feedback page would print them (10+ digits)."""
    from tools.grading.hidden import hidden_cases

    numbers: set[str] = set()

    def walk(value: object) -> None:
        # computed values (10+ significant digits); short numbers such as 0.2 occur in any page
        if isinstance(value, float) and value == value and len(repr(value)) >= 12:
            numbers.update({f"{value:.10g}", repr(value)})
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for cases in hidden_cases(int(SEED)).values():
        for case in cases:
            walk(case.expected)
    return numbers


@pytest.mark.slow
def test_feedback_holds_no_hidden_expected_value(graded_class):
    """Hidden expected values never enter a kernel, so no output or traceback can show one."""
    secret = _hidden_numbers()
    assert len(secret) > 100
    pages = sorted((graded_class.course / "feedback").glob("*/*/*.html"))
    assert len(pages) == len(GRADED)
    for page in pages:
        text = _html_text(page)
        leaks = [n for n in secret if n in text]
        assert not leaks, f"{page.parent.parent.name}: hidden values in feedback: {leaks[:5]}"


@pytest.mark.slow
def test_feedback_runs_no_student_markup(graded_class):
    """A <script> or an onerror handler in a written answer is removed from the feedback page."""
    page = graded_class.course / "feedback" / "hostile_xss" / synthetic.ASSIGNMENT / "mutual_information.html"
    raw = page.read_text(encoding="utf-8")
    assert re.search(r"<script>\s*document\.title", raw) is None
    assert re.search(r"<[a-z]+[^<>]*\bonerror\s*=", raw) is None
    assert "Answer." in _html_text(page)


@pytest.mark.slow
def test_feedback_says_which_earlier_function_to_fix(graded_class):
    """A cell that fails because a function it builds on is wrong says so."""
    page = (
        graded_class.course
        / "feedback"
        / "wrong_ex10_bits"
        / synthetic.ASSIGNMENT
        / "mutual_information.html"
    )
    assert "info_nce_loss fails its own test" in _html_text(page)


@pytest.mark.slow
def test_no_kernel_changed_anything_outside_its_sandbox(graded_class):
    """The course's config and tools, the grader's HOME and venv hold nothing a kernel planted."""
    course = graded_class.course
    for relative, before in graded_class.protected.items():
        assert (course / relative).read_bytes() == before, relative
    for path in hostile.planted_paths():
        assert not Path(path).exists(), path
    site = Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    assert not (site / "planted.pth").exists()
    for package in ("mi_exercises", "mi_helpers"):
        for source in (REPO / package).glob("*.py"):
            assert "def judge(*a, **k):\n    return None" not in source.read_text(encoding="utf-8"), source


@pytest.mark.slow
def test_nothing_a_kernel_started_outlives_grading(graded_class):
    """The double-forked child of hostile_detached died with its sandbox."""
    lingering = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if hostile.LINGER_MARK in cmdline:
                lingering.append((proc.name, cmdline))
    assert not lingering


@pytest.mark.slow
def test_regrading_one_student_loses_nothing(graded_class):
    """Autograding one student again leaves every other grade in the gradebook as it was."""
    before = read_scores(graded_class.course)
    proc = synthetic.nbgrader(
        graded_class.course,
        "autograde",
        synthetic.ASSIGNMENT,
        "--student",
        "wrong_ex2_cov",
        "--force",
        env={"NBGRADER_CELL_TIMEOUT": "6"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = read_scores(graded_class.course)
    assert set(after) == set(before)
    for student in before:
        if student != "solution":  # its manual grades may have been set by another test
            assert {k: v["score"] for k, v in after[student].items()} == {
                k: v["score"] for k, v in before[student].items()
            }, student


@pytest.mark.slow
def test_committed_release_equals_a_fresh_generate_assignment(graded_class):
    """exercises/ is exactly what `nbgrader generate_assignment --force` makes from solutions/."""
    fresh = graded_class.course / "exercises" / synthetic.ASSIGNMENT
    committed = graded_class.committed_release / synthetic.ASSIGNMENT

    def files(folder):
        return sorted(p.name for p in folder.iterdir() if p.name != "__pycache__")

    assert files(fresh) == files(committed)
    for path in fresh.iterdir():
        if path.name == "__pycache__":
            continue
        if path.suffix == ".ipynb":
            assert synthetic.read_nb(path) == synthetic.read_nb(committed / path.name), (
                f"{path.name} is stale: run `make release`"
            )
        else:
            assert filecmp.cmp(path, committed / path.name, shallow=False), f"{path.name} is stale"


# --- BEGIN intake attacks (issue 19: links, FIFOs, hard links, invalid ids; see hostile.py) -------
INTAKE_WORDS = {
    "hostile_link_solutions": "symbolic link",
    "hostile_link_shadow": "symbolic link",
    "hostile_hardlink": "hard link",
    "hostile_fifo": "FIFO",
}


@pytest.mark.slow
def test_intake_attacks_are_refused_and_named(graded_class):
    """Each link, hard link and FIFO submission is named in the report (it scores 0: test_scenario_scores),
    and each invalid id is refused whole: named, escaped, in no gradebook and no CSV."""
    from tools.grading.intake import shown

    report = (graded_class.course / "grades_report.md").read_text(encoding="utf-8")
    attention = report.split("## Manual grading pending")[0]
    assert set(INTAKE_WORDS) == set(hostile.INTAKE_ATTACKS)
    for name, word in INTAKE_WORDS.items():
        block = re.search(rf"- \*\*{name}\*\*.*?(?=\n- \*\*|\n## |\Z)", attention, re.S)
        assert block and "refused at autograde intake" in block.group(0) and word in block.group(0), name
        assert "graded as the unanswered release notebook" in block.group(0), name
    for bad in hostile.REFUSED_IDS:
        assert shown(bad) in attention.split("## Refused at intake", 1)[1], bad
        assert shown(bad) in graded_class.autograde_output, bad
        assert bad not in graded_class.scores and bad not in graded_class.csv_rows
    assert "release\nsolution" not in report


@pytest.mark.slow
def test_intake_attacks_read_nothing(graded_class):
    """Nothing the grader wrote holds a link, a FIFO, a second name, /etc/shadow or the victim's work."""
    import stat

    course = graded_class.course
    shadow = Path("/etc/shadow").read_text(encoding="utf-8").splitlines()[0]
    victim = (course / hostile.VICTIM_HOME / "mutual_information.ipynb").read_text(encoding="utf-8")
    for top in ("submitted", "autograded", "feedback"):
        for path in (course / top).rglob("*"):
            st = path.lstat()
            assert stat.S_ISDIR(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_nlink == 1), path
            if stat.S_ISREG(st.st_mode) and path.parts[-3] in hostile.INTAKE_ATTACKS:
                text = path.read_text(encoding="utf-8", errors="replace")
                assert shadow not in text and text != victim, path
    for name in hostile.INTAKE_ATTACKS:
        assert not (course / "autograded" / name / synthetic.ASSIGNMENT / "etc").exists()
# --- END intake attacks ---------------------------------------------------------------------------


# --- issue 19, item 1: kernel output is data of a fixed shape (tests/exercises/test_outputs.py) -----
@pytest.mark.slow
@pytest.mark.parametrize("student", hostile.OUTPUT_SCENARIOS)
def test_hostile_outputs_are_bounded_dropped_and_reported(graded_class, student):
    """Image-metadata injection, display-update, clear_output and widget floods: 0 points, an
    autograded notebook and a feedback page of bounded size with no live handler or remote source,
    and the drop named in grades_report.md."""
    from tests.exercises.test_outputs import _live

    folder = synthetic.ASSIGNMENT
    auto = graded_class.course / "autograded" / student / folder / "mutual_information.ipynb"
    page = graded_class.course / "feedback" / student / folder / "mutual_information.html"
    assert auto.stat().st_size < 1024**2 and page.stat().st_size < 1024**2, (auto.stat(), page.stat())
    assert sum(cell["score"] for cell in graded_class.scores[student].values()) == 0
    text = page.read_text(encoding="utf-8")
    assert not _live(text) and "Content-Security-Policy" in text
    report = (graded_class.course / "grades_report.md").read_text(encoding="utf-8")
    block = re.search(rf"- \*\*{student}\*\*.*?(?=\n- \*\*|\n## |\Z)", report, re.S)
    assert block and "outputs dropped" in block.group(0), student
# --- end of issue 19, item 1 ------------------------------------------------------------------------
