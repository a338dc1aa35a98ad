"""The claims ledger (notebooks/claims/*.toml) covers every quantitative or comparative statement
of the theory notebooks and the exercise statements, and every entry still matches its source.

What counts as a statement, and where it is looked for, is documented in
``tests/notebooks/claims.py`` (the trigger words are ``claims.TRIGGER_WORDS``). When a test here
fails after an edit: ``python -m tests.notebooks.claims`` prints the uncovered statements as
``[[claim]]`` stubs; complete them with the computation that backs each one.
"""

from __future__ import annotations

import tomllib

import pytest

from . import claims

SOURCES = claims.all_sources()
LEDGER = claims.load_ledger()


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_every_statement_is_in_the_ledger(stem):
    sentences = [claims.normalise(e.get("sentence", "")) for e in LEDGER.get(stem, [])]
    uncovered = [
        f"{s.section}, {s.kind}: {s.text}" for s in SOURCES[stem] if not claims.covered(s.text, sentences)
    ]
    assert not uncovered, f"{len(uncovered)} statements of {stem} have no ledger entry:\n" + "\n".join(
        uncovered
    )


@pytest.mark.parametrize("stem", sorted(LEDGER))
def test_every_ledger_sentence_still_stands_in_its_source(stem):
    texts = claims.source_texts(stem)
    assert texts, f"notebooks/claims/{stem}.toml names no notebook source or assignment"
    stale = [e.get("id", "?") for e in LEDGER[stem] if not claims.occurs(e.get("sentence", ""), texts)]
    assert not stale, f"ledger entries of {stem} whose sentence is no longer in the source: {stale}"


def test_every_entry_fills_every_field_and_ids_are_unique():
    seen: dict[str, str] = {}
    for stem, entries in LEDGER.items():
        for entry in entries:
            empty = [f for f in claims.FIELDS if not str(entry.get(f, "")).strip()]
            assert not empty, (
                f"{stem}: entry {entry.get('id', entry.get('sentence', '?')[:60])} leaves {empty} empty"
            )
            assert entry["id"] not in seen, f"id {entry['id']} is in both {seen[entry['id']]} and {stem}"
            seen[entry["id"]] = stem


def test_every_test_named_as_evidence_exists():
    missing = {
        e["id"]: claims.missing_tests(e.get("evidence", "")) for entries in LEDGER.values() for e in entries
    }
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"evidence names tests that do not exist: {missing}"


def test_every_quoted_check_stands_in_its_notebook():
    """«A quote» in evidence must be a ✓ line, print or case that exists (source or output)."""
    bad = {
        e["id"]: q
        for stem, entries in LEDGER.items()
        for e in entries
        for q in claims.quoted_checks(e.get("evidence", ""))
        if not claims.quote_occurs(q, claims.quotable_texts(stem))
    }
    assert not bad, f"evidence quotes ✓ lines that are not in the notebook: {bad}"


#: The drafted entries not yet audited may only become fewer: lower this when you audit some.
UNAUDITED_CEILING = 0


def test_generic_evidence_is_listed_as_unaudited_and_the_list_only_shrinks():
    """Evidence that a template wrote, or that more than claims.MAX_SHARED_EVIDENCE sentences
    share verbatim, shows no sentence in particular: such an entry must be listed in
    notebooks/claims/UNAUDITED (and leave it once its evidence names what shows it)."""
    generic = claims.generic_entries(LEDGER)
    listed = claims.read_unaudited()
    ids = {e["id"] for entries in LEDGER.values() for e in entries}
    assert len(listed) == len(set(listed)), "an id is listed twice in UNAUDITED"
    assert not set(listed) - ids, f"UNAUDITED lists ids no entry has: {sorted(set(listed) - ids)}"
    unlisted = sorted(generic - set(listed))
    assert not unlisted, (
        f"entries with generic evidence (name the ✓ line or test that shows each): {unlisted}"
    )
    audited = sorted(set(listed) - generic)
    assert not audited, f"entries now with specific evidence: remove them from UNAUDITED: {audited}"
    assert len(listed) <= UNAUDITED_CEILING, (
        f"{len(listed)} unaudited entries, more than the ceiling {UNAUDITED_CEILING}: audit, do not draft"
    )


def test_the_ledger_reads_every_toml_file_present():
    on_disk = {p.stem for p in claims.LEDGER_DIR.glob("*.toml")}
    assert on_disk == set(LEDGER)
    for stem in on_disk:  # and each parses as an array of [[claim]] tables
        data = tomllib.loads((claims.LEDGER_DIR / f"{stem}.toml").read_text())
        assert isinstance(data.get("claim"), list) and data["claim"], stem


# ---- the extractor and the checks above can fail: each is tried on a case it must catch


@pytest.mark.parametrize(
    "text",
    [
        "The bound is 0.4988 nats.",
        "InfoNCE never exceeds $\\log K$.",
        "the cap binds once $I > \\log K$",
        "Grid search on noise: optimistic",
        "KSG reports less than half of the true MI",
        "the variance grows roughly like $e^{I}$",
        "NWJ is Unbiased here",
        "it needs n times more data",
    ],
)
def test_a_number_or_a_trigger_word_makes_a_statement(text):
    assert claims.is_statement(text)


@pytest.mark.parametrize(
    "text",
    [
        "See Section 14 and Notebook 3 (Sections 15–17).",
        "Cover and Thomas, §2.3, 2006.",
        "The critic $T_\\theta$ with $\\theta_1 xy$.",
        "Previous: [Notebook 5](05_applications_in_ml.ipynb).",
        "InfoNCE is a lower bound on the information.",
    ],
)
def test_cross_references_years_subscripts_and_names_are_not_statements(text):
    assert not claims.is_statement(text)


def test_sentences_split_at_full_stops_not_inside_display_math_or_after_abbreviations():
    text = "First claim, e.g. this one. Second: $$ a = 1. B $$ still second. Third 3."
    assert claims.split_sentences(text) == [
        "First claim, e.g. this one.",
        "Second: $$ a = 1. B $$ still second.",
        "Third 3.",
    ]


def test_titles_labels_prints_and_checks_are_read_from_code():
    code = (
        'ax.set_title("Grid search on noise: optimistic")\n'
        'ax.plot(x, y, label=f"mean of {n} runs, always above")\n'
        'print(f"value {v:.3f}")\n'
        'check(ok, "KSG beats the histogram at every n")\n'
        'ax.set_xlabel("sample size $n$")\n'
    )
    found = claims.code_statements(code)
    assert ("title", "Grid search on noise: optimistic") in found
    assert ("label", "mean of {n} runs, always above") in found
    assert ("check", "KSG beats the histogram at every n") in found
    assert all(text != "value {v:.3f}" for _, text in found)  # a print of a computed number only
    assert all(text != "sample size $n$" for _, text in found)


def test_a_new_claim_is_reported_and_a_stale_entry_is_caught():
    statement = "The new estimator is always twice as fast."
    assert not claims.covered(statement, ["An older sentence."])
    assert claims.covered(statement, [statement])
    assert claims.covered("Half of it.", ["Half of it. And the rest."])
    assert not claims.covered("Half of it. And the rest.", ["Half of it."])
    assert not claims.occurs("A sentence edited away.", ["The sentence as it stands now."])
    assert claims.occurs("as it  stands\nnow", ["The sentence as it stands now."])


def test_evidence_naming_a_missing_test_is_caught():
    assert (
        claims.missing_tests(
            "tests/notebooks/test_claims_ledger.py::test_the_ledger_reads_every_toml_file_present"
        )
        == []
    )
    assert claims.missing_tests("tests/notebooks/test_claims_ledger.py::test_that_was_never_written") != []
    assert claims.missing_tests("tests/notebooks/no_such_file.py::test_x") != []


def test_generic_evidence_is_caught():
    def entry(i, evidence):
        return {"id": f"x{i}", "evidence": evidence}

    shared = "the ✓ lines of this section"
    ledger = {"a": [entry(i, shared) for i in range(claims.MAX_SHARED_EVIDENCE + 1)]}
    ledger["b"] = [
        entry(10, "the ✓ checks of §3: «one»; «two»"),
        entry(11, "a statement of scope or method; the sections it introduces carry the computations"),
        entry(12, "§3 ✓ «one»; tests/x.py::test_y"),
        entry(13, "Exercise 7's statement and reference: its visible cases (spec.py)"),
        entry(14, "a rule of the assignment as a whole; every exercise's cases are held by ..."),
    ]
    assert claims.generic_entries(ledger) == {f"x{i}" for i in range(claims.MAX_SHARED_EVIDENCE + 1)} | {
        "x10",
        "x11",
        "x13",
        "x14",
    }
    ledger["a"].pop()  # at the limit the string is no longer generic
    assert claims.generic_entries({"a": ledger["a"]}) == set()


def test_a_quote_must_stand_in_the_notebook_ellipses_stand_for_values():
    texts = ["✓ NWJ's sd grows with I (0.15 at 0.5 nats, 3.02 at 6), yet at I = 6 it is 6% of 50.4"]
    assert claims.quote_occurs("NWJ's sd grows with I (…), yet at I = 6 it is …% of", texts)
    assert not claims.quote_occurs("NWJ's sd shrinks with I", texts)
    assert not claims.quote_occurs("yet at I = 6 … NWJ's sd grows", texts)  # pieces in order
    assert not claims.quote_occurs("…", texts)


@pytest.mark.parametrize(
    "text",
    ["KSG dominates here", "the bias increases with n", "MI drops", "a 3-fold gain", "disagree most"],
)
def test_verbs_of_change_and_folds_make_a_statement(text):
    assert claims.is_statement(text, numbers=False)


def test_a_ledger_file_for_a_new_notebook_is_read(tmp_path):
    (tmp_path / "07_new.toml").write_text('[[claim]]\nid = "nb7-x"\nwhere = "§29, prose"\nsentence = "s"\n')
    assert set(claims.load_ledger(tmp_path)) == {"07_new"}
