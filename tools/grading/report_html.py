"""A picture of the class: the grades report as one self-contained HTML page with plots.

``make grades`` writes ``grades_report.html`` beside ``grades_report.md``. For every assignment in
the gradebook it shows the distribution of total scores, the score distribution per exercise (the
cells ``exN_*`` of exercise ``exN``) and per test cell, the hardest cells, and who needs attention
and why (the findings of :func:`tools.grading.report.build_report`, plus low scores), then the
course total when the gradebook holds several assignments, and the folders the intake refused
for their name.

The page is data about hostile submissions, so it is built to be inert: every string is
HTML-escaped (a student id or a file name can be markup), the plots are PNG images embedded as
``data:`` URIs, there is no script, and a Content-Security-Policy ``<meta>`` tag forbids scripts,
remote loads, frames and forms (the one ``<style>`` block is allowed by its hash). Every image has
alt text that states what the plot shows, with its numbers.

Plots use matplotlib's object API on the Agg canvas (no pyplot, no global backend switch).
Scores still awaiting a hand grade are left out of the distributions and counted as pending;
a student with no submission is left out and listed (by the Markdown report's "missing").
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.grading import intake, report

#: A total below this fraction of the maximum puts a student on the attention list.
LOW_SCORE = 0.5
#: How many cells the "hardest cells" plot shows.
HARDEST = 8
EXERCISE = re.compile(r"^(ex\d+)_")
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;"
    "text-align:left;vertical-align:top}td.num{text-align:right}img{max-width:100%;height:auto}"
    "ul{margin:0;padding-left:1.2rem}"
)


def csp() -> str:
    """The page's Content-Security-Policy: images only from ``data:``, the one style by its hash,
    nothing else (no script, no remote load, no frame, no form, no base URL)."""
    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    return (
        "default-src 'none'; script-src 'none'; img-src data:; "
        f"style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def exercise_of(cell: str) -> str:
    """The exercise a grade cell belongs to: ``ex3`` for ``ex3_kl``; a cell without the prefix is its own."""
    match = EXERCISE.match(cell)
    return match.group(1) if match else cell


@dataclass
class AssignmentScores:
    """One assignment's scores as the gradebook holds them.

    ``cells``: cell -> student -> score (None while awaiting a hand grade); ``totals``: student ->
    total less late penalty (None while any cell awaits a hand grade). Students without a
    submission are absent.
    """

    name: str
    max_score: float
    cell_max: dict[str, float]
    cells: dict[str, dict[str, float | None]] = field(default_factory=dict)
    totals: dict[str, float | None] = field(default_factory=dict)

    def exercises(self) -> dict[str, list[str]]:
        """exercise -> its cells, in gradebook order."""
        out: dict[str, list[str]] = {}
        for cell in self.cell_max:
            out.setdefault(exercise_of(cell), []).append(cell)
        return out

    def exercise_scores(self, exercise: str) -> tuple[list[float], int]:
        """Every student's points on ``exercise`` (complete ones only) and how many are pending."""
        cells = self.exercises()[exercise]
        scores, pending = [], 0
        for student in self.totals:
            values = [self.cells[c].get(student) for c in cells]
            if any(v is None for v in values):
                pending += 1
            else:
                scores.append(float(sum(values)))  # type: ignore[arg-type]
        return scores, pending


def read_scores(url: str, assignments: Sequence[str] | None = None) -> list[AssignmentScores]:
    """Every assignment's cell and total scores from nbgrader's gradebook at ``url``.

    Parameters
    ----------
    url : str
        The gradebook's database URL (:func:`tools.grading.report.gradebook_url`).
    assignments : sequence of str, optional
        These assignments only (default: all of them, by due date then name).

    Returns
    -------
    list of AssignmentScores
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        result = []
        with Gradebook(url) as gb:
            chosen = [a for a in gb.assignments if assignments is None or a.name in assignments]
            chosen.sort(key=lambda a: (a.duedate is None, a.duedate or 0, a.name))
            for assignment in chosen:
                cell_max = {
                    cell.name: float(cell.max_score) for nb in assignment.notebooks for cell in nb.grade_cells
                }
                data = AssignmentScores(assignment.name, float(assignment.max_score), cell_max)
                data.cells = {cell: {} for cell in cell_max}
                for sub in gb.assignment_submissions(assignment.name):
                    student = sub.student.id
                    waiting = False
                    for nb in sub.notebooks:
                        for grade in nb.grades:
                            value = None if grade.needs_manual_grade else float(grade.score)
                            waiting = waiting or value is None
                            data.cells.setdefault(grade.name, {})[student] = value
                    penalty = float(sub.late_submission_penalty or 0.0)
                    data.totals[student] = None if waiting else max(0.0, float(sub.score) - penalty)
                result.append(data)
    return result


def _png(fig) -> str:
    """The figure as a ``data:`` URI (PNG, no metadata that changes between runs)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float = 7.0, height: float = 3.2):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _label(text: str) -> str:
    """Text for a matplotlib label: a ``$`` would start mathtext."""
    return text.replace("$", r"\$")


@dataclass
class Plot:
    """One embedded image and the sentence that describes it (its alt text)."""

    title: str
    alt: str
    uri: str


def plot_totals(data: AssignmentScores) -> Plot:
    """Histogram of total scores (complete submissions only)."""
    values = [v for v in data.totals.values() if v is not None]
    pending = len(data.totals) - len(values)
    fig, ax = _figure()
    bins = max(5, min(20, int(data.max_score) or 5))
    ax.hist(values, bins=bins, range=(0, data.max_score or 1), color="#4c72b0", edgecolor="white")
    ax.set_xlabel(f"total score (of {data.max_score:g})")
    ax.set_ylabel("students")
    mean = f"mean {statistics.fmean(values):.2f}" if values else "no complete submission"
    alt = (
        f"Histogram of total scores on {data.name}: {len(values)} complete submissions, {mean} "
        f"of {data.max_score:g} points; {pending} awaiting a hand grade."
    )
    return Plot(f"Total scores: {data.name}", alt, _png(fig))


def plot_exercises(data: AssignmentScores) -> Plot:
    """Box plot per exercise of the fraction of its points each student earned."""
    exercises = data.exercises()
    fractions, means = [], []
    for exercise, cells in exercises.items():
        top = sum(data.cell_max[c] for c in cells) or 1.0
        scores, _ = data.exercise_scores(exercise)
        fractions.append([s / top for s in scores])
        means.append(f"{exercise} {statistics.fmean(scores) / top:.0%}" if scores else f"{exercise} n/a")
    fig, ax = _figure(height=3.6)
    ax.boxplot(fractions, showmeans=True)
    ax.set_xticks(range(1, len(exercises) + 1), [_label(e) for e in exercises], rotation=45, ha="right")
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("fraction of the exercise's points")
    alt = (
        f"Box plots of the score per exercise on {data.name}, mean fraction of points: "
        + ", ".join(means)
        + "."
    )
    return Plot(f"Score per exercise: {data.name}", alt, _png(fig))


def cell_means(data: AssignmentScores) -> dict[str, tuple[float | None, int, int]]:
    """cell -> (mean fraction of its points over graded students, graded count, pending count)."""
    out = {}
    for cell, top in data.cell_max.items():
        values = [v for v in data.cells.get(cell, {}).values() if v is not None]
        pending = sum(v is None for v in data.cells.get(cell, {}).values())
        mean = statistics.fmean(values) / top if values and top else None
        out[cell] = (mean, len(values), pending)
    return out


def plot_cells(data: AssignmentScores) -> Plot:
    """Bar per test cell: the mean fraction of its points (cells are all-or-nothing, so: who passed)."""
    means = cell_means(data)
    names = list(means)
    heights = [m if m is not None else 0.0 for m, _, _ in means.values()]
    fig, ax = _figure(width=max(7.0, 0.3 * len(names)), height=3.6)
    ax.bar(range(len(names)), heights, color="#55a868")
    ax.set_xticks(range(len(names)), [_label(n) for n in names], rotation=90)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean fraction of points")
    described = ", ".join(f"{n} {m:.0%}" if m is not None else f"{n} n/a" for n, (m, _, _) in means.items())
    alt = (
        f"Bar chart of the mean score per test cell on {data.name}, as a fraction of its points: {described}."
    )
    return Plot(f"Score per test cell: {data.name}", alt, _png(fig))


def hardest_cells(data: AssignmentScores, count: int = HARDEST) -> list[tuple[str, float]]:
    """The ``count`` cells with the lowest mean fraction of points (graded cells only)."""
    ranked = [(cell, m) for cell, (m, _, _) in cell_means(data).items() if m is not None]
    return sorted(ranked, key=lambda item: (item[1], item[0]))[:count]


def plot_hardest(data: AssignmentScores) -> Plot:
    """Horizontal bars of the hardest cells, hardest on top."""
    cells = hardest_cells(data)
    fig, ax = _figure(height=max(2.0, 0.35 * len(cells) + 1))
    ax.barh(range(len(cells)), [m for _, m in cells], color="#c44e52")
    ax.set_yticks(range(len(cells)), [_label(c) for c, _ in cells])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("mean fraction of points")
    listed = ", ".join(f"{c} {m:.0%}" for c, m in cells) or "none graded yet"
    alt = f"Bar chart of the {len(cells)} hardest test cells on {data.name}, lowest mean first: {listed}."
    return Plot(f"Hardest cells: {data.name}", alt, _png(fig))


def attention(
    data: AssignmentScores, rows: Sequence[report.Submission], low: float = LOW_SCORE
) -> list[tuple[str, list[str]]]:
    """Who needs attention on this assignment and why: the report's findings, pending hand grades,
    and totals below ``low`` of the maximum."""
    reasons: dict[str, list[str]] = {}
    for sub in rows:
        if sub.issues:
            reasons.setdefault(sub.student, []).extend(sub.issues)
    for student in sorted(data.totals):
        pending = [c for c, per in data.cells.items() if student in per and per[student] is None]
        if pending:
            reasons.setdefault(student, []).append(f"manual grading pending: {', '.join(pending)}")
        total = data.totals[student]
        if total is not None and data.max_score and total < low * data.max_score:
            reasons.setdefault(student, []).append(
                f"low score: {total:g} of {data.max_score:g} (below {low:.0%})"
            )
    return sorted(reasons.items())


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _img(plot: Plot) -> str:
    caption = f"<figcaption>{_e(plot.title)}</figcaption>"
    return f'<figure><img src="{plot.uri}" alt="{_e(plot.alt)}">{caption}</figure>'


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:.2f}"


def render_assignment(data: AssignmentScores, rows: Sequence[report.Submission]) -> str:
    """The page's section for one assignment: plots, the exercise and cell tables, attention."""
    complete = [v for v in data.totals.values() if v is not None]
    parts = [
        f'<section id="{_e("a-" + data.name)}"><h2>{_e(data.name)}</h2>',
        f"<p>{len(data.totals)} submissions in the gradebook, {len(complete)} complete; mean total "
        f'<span class="total-mean">{_fmt(statistics.fmean(complete) if complete else None)}</span> of '
        f"{data.max_score:g}.</p>",
    ]
    plots = [plot_totals(data), plot_exercises(data), plot_cells(data), plot_hardest(data)]
    parts.append(_img(plots[0]))
    parts.append(_img(plots[1]))
    parts.append(
        '<table class="exercises"><caption>Per exercise (complete submissions)</caption><thead><tr>'
        "<th>exercise</th><th>points</th><th>mean</th><th>mean fraction</th><th>students</th><th>pending</th>"
        "</tr></thead><tbody>"
    )
    for exercise, cells in data.exercises().items():
        top = sum(data.cell_max[c] for c in cells)
        scores, pending = data.exercise_scores(exercise)
        mean = statistics.fmean(scores) if scores else None
        parts.append(
            f'<tr data-exercise="{_e(exercise)}"><th scope="row">{_e(exercise)}</th>'
            f'<td class="num">{top:g}</td>'
            f'<td class="num mean">{_fmt(mean)}</td>'
            f'<td class="num">{_fmt(mean / top if mean is not None and top else None, True)}</td>'
            f'<td class="num">{len(scores)}</td><td class="num">{pending}</td></tr>'
        )
    parts.append("</tbody></table>")
    parts.append(_img(plots[2]))
    parts.append(_img(plots[3]))
    parts.append(
        '<table class="cells"><caption>Per test cell</caption><thead><tr><th>cell</th><th>points</th>'
        "<th>mean fraction</th><th>graded</th><th>pending</th></tr></thead><tbody>"
    )
    for cell, (mean, graded, pending) in cell_means(data).items():
        parts.append(
            f'<tr data-cell="{_e(cell)}"><th scope="row">{_e(cell)}</th>'
            f'<td class="num">{data.cell_max[cell]:g}</td>'
            f'<td class="num mean">{_fmt(mean, True)}</td><td class="num">{graded}</td>'
            f'<td class="num">{pending}</td></tr>'
        )
    parts.append("</tbody></table>")
    needing = attention(data, rows)
    parts.append(f"<h3>Needs attention ({len(needing)})</h3>")
    if not needing:
        parts.append("<p>Nobody: every submission was graded without incident.</p>")
    else:
        parts.append(
            '<table class="attention"><thead><tr><th>student</th><th>total</th><th>why</th></tr></thead>'
            "<tbody>"
        )
        for student, why in needing:
            total = data.totals.get(student)
            shown = "—" if total is None else f"{total:g} / {data.max_score:g}"
            items = "".join(f"<li>{_e(reason)}</li>" for reason in why)
            parts.append(
                f'<tr><th scope="row" class="student">{_e(student)}</th><td class="num">{_e(shown)}</td>'
                f"<td><ul>{items}</ul></td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "\n".join(parts)


def render_course(assignments: Sequence[AssignmentScores]) -> str:
    """The course total per student over every assignment ("—" while any is incomplete)."""
    students = sorted({s for a in assignments for s in a.totals})
    top = sum(a.max_score for a in assignments)
    head = "".join(f"<th>{_e(a.name)}</th>" for a in assignments)
    parts = [
        '<section id="course"><h2>Course total</h2>',
        f'<table class="course"><thead><tr><th>student</th>{head}<th>total (of {top:g})</th></tr></thead>'
        "<tbody>",
    ]
    for student in students:
        values = [a.totals.get(student) for a in assignments]
        total = None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]
        cells = "".join(f'<td class="num">{_fmt(v)}</td>' for v in values)
        parts.append(
            f'<tr><th scope="row" class="student">{_e(student)}</th>{cells}'
            f'<td class="num total">{_fmt(total)}</td></tr>'
        )
    parts.append("</tbody></table><p>A dash: no submission, or a hand grade still pending.</p></section>")
    return "\n".join(parts)


def render_page(
    assignments: Sequence[AssignmentScores],
    rows: dict[str, Sequence[report.Submission]],
    invalid: Sequence[str] = (),
) -> str:
    """The whole page: one section per assignment, the course total if there are several, and the
    folders the intake refused for their name (``invalid``: lines of
    :func:`tools.grading.intake.report_issues`, shown as text)."""
    title = "Grades report: " + ", ".join(a.name for a in assignments)
    body = [render_assignment(a, rows.get(a.name, [])) for a in assignments]
    if len(assignments) > 1:
        body.append(render_course(assignments))
    if invalid:
        items = "".join(f"<li>{_e(line.removeprefix('- '))}</li>" for line in invalid)
        body.append(
            '<section id="intake"><h2>Refused at intake: folders whose name is no valid student id</h2>'
            f"<ul>{items}</ul><p>Nobody was graded for these.</p></section>"
        )
    if not assignments:
        body.append("<p>The gradebook holds no assignment yet.</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp())}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style></head>\n<body>\n<h1>{_e(title)}</h1>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_html_report(course: Path, out: Path, assignments: Sequence[str] | None = None) -> Path:
    """Read the gradebook and the course folder, write the page to ``out``; returns ``out``.

    Every assignment in the gradebook is shown (or those named); the attention list of each comes
    from :func:`tools.grading.report.build_report`.
    """
    url = report.gradebook_url(course)
    if url == report.default_gradebook_url(course) and not (course / "gradebook.db").exists():
        scores = []  # nothing graded here yet (and opening it would create an empty gradebook)
    else:
        scores = read_scores(url, assignments)
    rows = {data.name: report.build_report(course, data.name)[1] for data in scores}
    _refused, invalid = intake.report_issues(course)
    out.write_text(render_page(scores, rows, invalid), encoding="utf-8")
    return out
