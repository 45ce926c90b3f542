import copy

import pytest
from django.utils import translation

from roadmap.document import DocumentError, Problem, read_folder
from roadmap.services import pathway_problems
from roadmap.synthetic import synthetic_document
from roadmap.validation import validate_document


@pytest.fixture(autouse=True)
def english_messages():
    # The assertions read the (English) source messages; Bulgarian is checked in test_translations.
    with translation.override("en"):
        yield


@pytest.fixture
def document():
    return synthetic_document(steps=12, institutions=4, stages=3, responsibilities_per_step=2)


def wheres(problems: list[Problem]) -> set[str]:
    return {problem.where for problem in problems}


def first_decision(document):
    return next(step for stage in document["stages"] for step in stage["steps"] if step["kind"] == "decision")


def test_synthetic_document_is_valid_and_publishable(document):
    assert validate_document(document) == []
    assert pathway_problems(document) == []


def test_validate_document_locates_an_option_that_leads_nowhere(document):
    decision = first_decision(document)
    del decision["options"][1]["target"]
    problems = validate_document(document)
    assert len(problems) == 1
    assert problems[0].where.endswith("options[1].target")
    assert "leads nowhere" in problems[0].message


def test_validate_document_refuses_a_decision_with_one_option(document):
    decision = first_decision(document)
    decision["options"] = decision["options"][:1]
    assert any(
        p.where.endswith(".options") and "two options" in p.message for p in validate_document(document)
    )


def test_validate_document_refuses_unknown_references(document):
    step = document["stages"][0]["steps"][0]
    step["legal_references"] = ["no-such-ref"]
    step["responsibilities"][0]["institution"] = "no-such-institution"
    step["next"] = "no-such-step"
    found = wheres(validate_document(document))
    assert "stages[0].steps[0].legal_references[0]" in found
    assert "stages[0].steps[0].responsibilities[0].institution" in found
    assert "stages[0].steps[0].next" in found


def test_validate_document_requires_bulgarian_text_and_string_values(document):
    step = document["stages"][0]["steps"][0]
    step["title"] = {"en": "Only English"}
    step["summary"] = {"bg": True}  # what YAML makes of an unquoted `Yes`
    found = {str(p) for p in validate_document(document)}
    assert any("title.bg" in p and "Bulgarian" in p for p in found)
    assert any("summary.bg" in p and "quote" in p for p in found)


def test_validate_document_refuses_duplicate_slugs_and_bad_slugs(document):
    document["institutions"][1]["slug"] = document["institutions"][0]["slug"]
    document["glossary"][0]["slug"] = "Not A Slug"
    found = {str(p) for p in validate_document(document)}
    assert any("institutions[1].slug" in p and "twice" in p for p in found)
    assert any("glossary[0].slug" in p for p in found)


def test_validate_document_refuses_two_start_steps_and_bad_deadlines(document):
    document["stages"][1]["steps"][0]["start"] = True
    document["stages"][0]["steps"][0]["deadlines"] = [{"unit": "immediately", "amount": 3}]
    document["stages"][0]["steps"][1]["deadlines"] = [{"unit": "fortnights", "amount": 1, "start": "someday"}]
    found = {str(p) for p in validate_document(document)}
    assert any("Exactly one step" in p for p in found)
    assert any("steps[0].deadlines[0].amount" in p for p in found)
    assert any("steps[1].deadlines[0].unit" in p for p in found)
    assert any("steps[1].deadlines[0].start" in p for p in found)


def test_validate_document_detects_institution_parent_cycles(document):
    document["institutions"][0]["parent"] = "inst-1"
    document["institutions"][1]["parent"] = "inst-0"
    assert any("cycle" in p.message for p in validate_document(document))


def test_validate_document_rejects_non_mappings_and_unknown_sections():
    assert validate_document([]) != []
    assert wheres(validate_document({"stagez": []})) == {"stagez"}


def test_pathway_problems_finds_unreachable_steps_dead_ends_and_missing_leads(document):
    broken = copy.deepcopy(document)
    steps = [step for stage in broken["stages"] for step in stage["steps"]]
    # step-1 is only reached from step-0: cut that edge and step-1 becomes unreachable
    steps[0]["next"] = "step-2"
    steps[5]["responsibilities"] = [r for r in steps[5]["responsibilities"] if r["role"] != "leads"]
    del steps[6]["next"]
    messages = {str(p) for p in pathway_problems(broken)}
    assert any("step-1" in m and "reaches" in m for m in messages)
    assert any("step-5" in m and "leads" in m for m in messages)
    assert any("step-6" in m and "nowhere" in m for m in messages)


def test_read_folder_merges_files_and_reports_yaml_errors(tmp_path):
    (tmp_path / "a.yaml").write_text("glossary:\n  - slug: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("glossary:\n  - slug: b\nstages: []\n", encoding="utf-8")
    merged = read_folder(tmp_path)
    assert [t["slug"] for t in merged["glossary"]] == ["a", "b"]
    (tmp_path / "c.yaml").write_text("stages: [\n", encoding="utf-8")
    with pytest.raises(DocumentError) as error:
        read_folder(tmp_path)
    assert error.value.problems[0].where == "c.yaml"
