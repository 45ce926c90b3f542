"""The pathway check: each error and warning kind on a crafted document, nothing blocking on the demo."""

import copy

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap.checks import pathway_check
from roadmap.services import pathway_problems
from roadmap.synthetic import synthetic_document


@pytest.fixture
def document():
    return synthetic_document(steps=30, institutions=6, stages=3)


def steps_of(document):
    return {step["slug"]: step for stage in document["stages"] for step in stage["steps"]}


def errors(document):
    return {(f.code, f.slug) for f in pathway_check(document).errors}


def test_the_synthetic_document_has_no_errors(document):
    report = pathway_check(document)
    assert report.errors == [] and report.publishable


@pytest.mark.parametrize(
    "break_it, expected",
    [
        (lambda d, s: s["step-0"].update(next="step-2"), ("unreachable", "step-1")),
        (lambda d, s: s["step-3"].update(options=s["step-3"]["options"][:1]), ("decision_options", "step-3")),
        (lambda d, s: s["step-3"]["options"][1].pop("target"), ("option_target", "step-3")),
        (lambda d, s: s["step-6"].pop("next"), ("dead_end", "step-6")),
        (lambda d, s: s["step-8"].update(next="step-7"), ("cycle", "step-7")),
        (
            lambda d, s: s["step-5"].update(
                responsibilities=[r for r in s["step-5"]["responsibilities"] if r["role"] != "leads"]
            ),
            ("no_lead", "step-5"),
        ),
        (lambda d, s: s["step-5"]["title"].update(bg=""), ("missing_bg", "step-5")),
        (lambda d, s: s["step-3"].update(question={"en": "Only English?"}), ("missing_bg", "step-3")),
        (lambda d, s: s["step-3"]["options"][0]["label"].update(bg=""), ("missing_bg", "step-3")),
        (lambda d, s: s["step-5"]["responsibilities"][1]["duty"].update(bg=""), ("missing_bg", "step-5")),
        (lambda d, s: d["institutions"][2]["name"].update(bg=" "), ("missing_bg", "inst-2")),
        (lambda d, s: d["stages"][1]["title"].update(bg=""), ("missing_bg", "stage-1")),
        (lambda d, s: d["stages"][1]["steps"].append({"slug": "step-1"}), ("structure", "step-1")),
    ],
)
def test_each_error_kind_is_found_and_located(document, break_it, expected):
    broken = copy.deepcopy(document)
    break_it(broken, steps_of(broken))
    assert expected in errors(broken)
    assert not pathway_check(broken).publishable
    assert pathway_problems(broken)  # the publishing gate sees it too


def test_a_closed_cycle_names_every_step_of_it_but_not_the_steps_leading_out(document):
    broken = copy.deepcopy(document)
    steps_of(broken)["step-9"]["next"] = "step-7"  # 7 → 8 → 9 → 7
    found = errors(broken)
    assert {("cycle", "step-7"), ("cycle", "step-8"), ("cycle", "step-9")} <= found
    assert ("cycle", "step-10") not in found and ("cycle", "step-29") not in found


def test_a_scenario_that_no_longer_reaches_an_outcome_is_an_error(demo_document):
    broken = demo_document
    scenario = broken["scenarios"][0]
    del scenario["answers"][next(reversed(scenario["answers"]))]
    report = pathway_check(broken)
    assert [(f.code, f.kind, f.slug) for f in report.errors] == [("scenario", "scenario", scenario["slug"])]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d, s: s["step-4"]["summary"].update(en=""), ("missing_en", "step-4")),
        (lambda d, s: s["step-3"]["options"][0]["label"].pop("en"), ("missing_en", "step-3")),
        (lambda d, s: d["institutions"][1]["name"].pop("en"), ("missing_en", "inst-1")),
        (lambda d, s: s["step-4"].pop("legal_references"), ("no_legal_basis", "step-4")),
        (lambda d, s: s["step-4"].pop("deadlines"), ("no_deadline", "step-4")),
        (lambda d, s: s["step-4"].update(safety_critical=True), ("unverified_critical", "step-4")),
        (lambda d, s: s["step-4"].update(review_by="2025-01-31"), ("review_overdue", "step-4")),
    ],
)
def test_each_warning_kind_is_found_and_does_not_block(document, change, expected):
    changed = copy.deepcopy(document)
    change(changed, steps_of(changed))
    report = pathway_check(changed)
    assert expected in {(f.code, f.slug) for f in report.warnings}
    assert report.errors == []


def test_institutions_without_contacts_are_a_warning(document):
    report = pathway_check(document)
    assert ("no_contacts", "inst-0") in {(f.code, f.slug) for f in report.warnings}
    with_contacts = copy.deepcopy(document)
    with_contacts["institutions"][0]["phone"] = "112"
    assert ("no_contacts", "inst-0") not in {(f.code, f.slug) for f in pathway_check(with_contacts).warnings}


def test_outcomes_need_no_deadline_and_no_legal_basis(document):
    changed = copy.deepcopy(document)
    outcome = steps_of(changed)["step-29"]
    assert outcome["kind"] == "outcome"
    outcome.pop("deadlines"), outcome.pop("legal_references")
    assert not [f for f in pathway_check(changed).warnings if f.slug == "step-29"]


def test_messages_are_in_the_active_language(document):
    broken = copy.deepcopy(document)
    steps_of(broken)["step-6"].pop("next")
    with translation.override("en"):
        assert any("leads nowhere" in f.message for f in pathway_check(broken).errors)
    with translation.override("bg"):
        assert not any("leads nowhere" in f.message for f in pathway_check(broken).errors)


def test_findings_link_to_the_edit_page_when_it_exists(document):
    broken = copy.deepcopy(document)
    steps_of(broken)["step-6"].pop("next")
    finding = next(f for f in pathway_check(broken).errors if f.code == "dead_end")
    assert finding.kind == "step" and finding.label.startswith("Стъпка 6")
    try:
        expected = reverse("manage:step_edit", kwargs={"slug": "step-6"})
    except Exception:
        expected = ""
    assert finding.edit_url == expected


def test_the_demo_content_has_no_errors_only_warnings(demo_document):
    report = pathway_check(demo_document)
    assert report.errors == []
    assert {f.code for f in report.warnings} <= {
        "missing_en",
        "no_legal_basis",
        "no_deadline",
        "no_contacts",
        "unverified_critical",
        "no_act_link",
    }


def test_check_content_prints_errors_and_warnings(tmp_path):
    import io

    import yaml
    from django.core.management import CommandError, call_command

    broken = synthetic_document(steps=12, institutions=3, stages=2)
    steps_of(broken)["step-6"].pop("next")
    (tmp_path / "roadmap.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("check_content", str(tmp_path), stdout=out)
    assert "step-6" in str(error.value) and "leads nowhere" in str(error.value)
    assert "no contacts" in out.getvalue()
    steps_of(broken)["step-6"]["next"] = "step-7"
    (tmp_path / "roadmap.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    call_command("check_content", str(tmp_path), stdout=out)
    assert "publishable" in out.getvalue() and "warning" in out.getvalue()


def test_missing_english_names_the_fields_as_the_forms_do(document):
    changed = copy.deepcopy(document)
    steps_of(changed)["step-3"]["options"][0]["label"].pop("en")
    with translation.override("bg"):
        finding = next(
            f for f in pathway_check(changed).warnings if f.code == "missing_en" and f.slug == "step-3"
        )
    assert "отговори → отговор" in finding.message  # "options.label", named for people
    assert "label" not in finding.message
