"""What changed between two documents, in plain words: one test per kind of change."""

import copy

import pytest
from django.utils import translation

from roadmap.diff import document_diff, word_diff
from roadmap.synthetic import synthetic_document


@pytest.fixture
def old():
    return synthetic_document(steps=20, institutions=6, stages=3)


def steps_of(document):
    return {step["slug"]: step for stage in document["stages"] for step in stage["steps"]}


def diff(old, change, lang="en"):
    new = copy.deepcopy(old)
    change(new, steps_of(new))
    return document_diff(old, new, lang)


def test_identical_documents_have_no_changes(old):
    assert document_diff(old, copy.deepcopy(old), "bg") == []


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("call the police now", "call the social worker now") == [
        ("equal", "call the "),
        ("delete", "police"),
        ("insert", "social worker"),
        ("equal", " now"),
    ]


def test_step_added_and_removed(old):
    def change(d, s):
        removed = d["stages"][0]["steps"].pop(2)
        s["step-1"]["next"] = removed["next"]
        d["stages"][1]["steps"].append(
            {"slug": "new-step", "kind": "outcome", "title": {"bg": "Нова", "en": "Brand new"}}
        )

    changes = diff(old, change)
    messages = [c.message for c in changes]
    assert "New step “Brand new” in stage “Stage 1”." in messages
    assert "Step “Step 2: action for the child” removed from stage “Stage 0”." in messages
    assert {c.code for c in changes} >= {"step_added", "step_removed", "next_changed"}


def test_retitled_and_reworded_with_a_word_diff(old):
    def change(d, s):
        s["step-4"]["title"]["en"] = "Step 4: call the social worker"
        s["step-4"]["body"]["en"] = "What to do quickly at step 4."

    [change_] = [c for c in diff(old, change) if c.slug == "step-4"]
    assert change_.code == "step_reworded"
    assert (
        change_.message
        == "Step “Step 4: action for the child” renamed to “Step 4: call the social worker” and reworded."
    )
    body = next(t for t in change_.texts if t.label == "What to do")
    assert ("insert", "quickly ") in body.parts or ("insert", " quickly") in body.parts


def test_reworded_only_in_another_language_says_which(old):
    changes = diff(old, lambda d, s: s["step-4"]["summary"].update(bg="Съвсем нов текст."), lang="en")
    [change] = changes
    assert change.message == "Step “Step 4: action for the child” reworded."
    assert change.texts[0].label.startswith("Summary (")


def test_moved_to_another_stage_and_kind_changed(old):
    def change(d, s):
        step = d["stages"][0]["steps"].pop(-1)
        d["stages"][1]["steps"].insert(0, step)
        s["step-5"]["kind"] = "outcome"
        s["step-5"].pop("next")

    messages = [c.message for c in diff(old, change)]
    assert any(
        m.startswith("Step “Step 6: action for the child” moved from stage “Stage 0” to stage “Stage 1”")
        for m in messages
    )
    assert "Step “Step 5: action for the child” is now an outcome instead of an action." in messages


def test_options_added_removed_and_retargeted(old):
    def change(d, s):
        s["step-3"]["options"][1]["target"] = "step-6"
        s["step-3"]["options"].append(
            {"key": "maybe", "label": {"bg": "Може би", "en": "Maybe"}, "target": "step-7"}
        )
        s["step-10"]["options"].pop(0)

    codes = {(c.code, c.slug) for c in diff(old, change)}
    assert {
        ("option_retargeted", "step-3"),
        ("option_added", "step-3"),
        ("option_removed", "step-10"),
    } <= codes
    messages = [c.message for c in diff(old, change)]
    assert (
        "Decision “Step 3: action for the child”: the answer “No” now leads to "
        "“Step 6: action for the child” instead of “Step 5: action for the child”."
    ) in messages


def test_leading_institution_moved_and_other_responsibility_changes(old):
    def change(d, s):
        resps = s["step-2"]["responsibilities"]
        resps[0]["institution"], resps[0]["role"] = "inst-1", "leads"  # was inst-2 leads
        resps[1]["role"] = "informed"  # inst-3 supports → informed
        resps[2]["duty"]["en"] = "A new duty."
        del resps[3]
        s["step-2"]["responsibilities"].append({"institution": "inst-2", "role": "supports"})

    changes = diff(old, change)
    messages = [c.message for c in changes]
    assert "Leading “Step 2: action for the child” moved from I2 to I1." in messages
    assert "“Step 2: action for the child”: I2 now supports (before: leads)." in messages
    assert not any("I1 now" in m for m in messages)
    assert "“Step 2: action for the child”: I3 now is informed (before: supports)." in messages
    assert "“Step 2: action for the child”: the duty of I4 reworded." in messages
    assert "“Step 2: action for the child”: I5 no longer is informed." in messages


def test_responsibility_added(old):
    def change(d, s):
        s["step-2"]["responsibilities"] = s["step-2"]["responsibilities"][:2]

    back = document_diff(steps_doc := diff_doc(old, change), old, "en")
    assert any(c.code == "responsibility_added" for c in back) and steps_doc


def diff_doc(old, change):
    new = copy.deepcopy(old)
    change(new, steps_of(new))
    return new


def test_deadline_changes_in_plain_words(old):
    def change(d, s):
        s["step-1"]["deadlines"] = [{"unit": "hours", "amount": 24, "start": "identified"}]
        s["step-2"]["deadlines"] = [{"unit": "working_days", "amount": 3, "start": "applied"}]
        s["step-3"]["deadlines"][0]["regime"] = "new-rules"
        s["step-4"]["deadlines"][0]["source"] = {
            "status": "verified",
            "kind": "official",
            "checked": "2026-12-04",
            "url": "https://eur-lex.europa.eu/x",
        }

    with translation.override("en"):
        messages = [c.message for c in diff(old, change)]
    assert (
        "Deadline of “Step 1: action for the child”: "
        "Within 2 working days from the application → Within 24 hours." in messages
    )
    old_steps = steps_of(old)
    assert old_steps["step-2"]["deadlines"][0]["amount"] == 3
    assert any(
        m.startswith("Deadline of “Step 2") and m.endswith("→ Within 3 working days.") for m in messages
    )
    assert any(
        m.startswith("Deadline of “Step 3") and "The new rules: Within 4 working days" in m for m in messages
    )
    assert (
        "Deadline of “Step 4: action for the child”: not verified → verified in the official text."
        in messages
    )


def test_institutions_added_removed_renamed(old):
    def change(d, s):
        d["institutions"][1]["name"]["en"] = "Agency One"
        d["institutions"].append({"slug": "new-inst", "kind": "ngo", "name": {"bg": "Ново", "en": "New NGO"}})
        d["institutions"][5]["phone"] = "112"

    codes = {(c.code, c.slug) for c in diff(old, change)}
    assert {
        ("institution_renamed", "inst-1"),
        ("institution_added", "new-inst"),
        ("institution_changed", "inst-5"),
    } <= codes
    removed = document_diff(diff_doc(old, change), old, "en")
    assert ("institution_removed", "new-inst") in {(c.code, c.slug) for c in removed}


def test_references_documents_terms_scenarios_and_step_links(old):
    def change(d, s):
        d["legal_references"][0]["summary"]["en"] = "Changed rule."
        d["legal_references"].pop()
        d["documents"] = [{"slug": "form-1", "title": {"bg": "Формуляр", "en": "Form"}}]
        d["glossary"][0]["definition"]["en"] = "New meaning."
        d["scenarios"] = [
            {"slug": "sc", "name": {"bg": "Сценарий", "en": "Scenario"}, "answers": {"step-3": "yes"}}
        ]
        s["step-1"]["legal_references"] = ["ref-1", "ref-5"]
        s["step-1"]["documents"] = ["form-1"]

    codes = {(c.code, c.slug) for c in diff(old, change)}
    assert {
        ("legal_reference_changed", "ref-0"),
        ("legal_reference_removed", "ref-29"),
        ("document_added", "form-1"),
        ("term_changed", "term-0"),
        ("scenario_added", "sc"),
        ("step_legal_references_added", "step-1"),
        ("step_legal_references_removed", "step-1"),
        ("step_documents_added", "step-1"),
    } <= codes


def test_messages_are_in_the_requested_language(old):
    changes = diff(
        old, lambda d, s: s["step-4"]["title"].update(bg="Ново заглавие", en="New title"), lang="bg"
    )
    # the titles come from the Bulgarian text (the UI words from the Bulgarian catalogue once compiled)
    assert "Стъпка 4: действие за ДЕТЕ" in changes[0].message and "Ново заглавие" in changes[0].message
    assert "New title" not in changes[0].message
