import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from roadmap.document import DocumentError
from roadmap.models import Edition, Institution, Responsibility, Step, Transition
from roadmap.services import content_export, content_import, edition_publish
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    # The assertions read the (English) source messages; Bulgarian is checked in test_translations.
    with translation.override("en"):
        yield


def normalised(document):
    """Documents compare equal regardless of the order of unordered sections."""
    document = json.loads(json.dumps(document))
    document.setdefault("scenarios", [])
    for key in ("regimes", "institutions", "legal_acts", "legal_references", "documents", "glossary"):
        document[key] = sorted(document.get(key) or [], key=lambda item: item["slug"])
    return document


def test_content_import_writes_every_kind_of_content():
    counts = content_import(document=synthetic_document(steps=30, institutions=10))
    assert counts["steps"] == Step.objects.count() == 30
    assert counts["institutions"] == Institution.objects.count() == 10
    assert Responsibility.objects.count() == counts["responsibilities"] == 30 * 5
    assert Transition.objects.filter(source__kind=Step.Kind.DECISION).count() == 2 * counts["decisions"]
    assert Step.objects.get(is_start=True).slug == "step-0"
    assert Institution.objects.get(slug="inst-0").name_bg.startswith("Институция 0")


def test_content_export_round_trips_the_imported_document():
    document = synthetic_document(steps=40, institutions=12)
    content_import(document=document)
    assert normalised(content_export()) == normalised(document)


def test_content_import_refuses_an_invalid_document_and_writes_nothing():
    content_import(document=synthetic_document(steps=10, institutions=3))
    broken = synthetic_document(steps=20, institutions=3)
    broken["stages"][0]["steps"][0]["next"] = "missing-step"
    with pytest.raises(DocumentError) as error:
        content_import(document=broken)
    assert "missing-step" in str(error.value)
    assert Step.objects.count() == 10  # the previous working copy is untouched


def test_content_import_replaces_the_working_copy():
    content_import(document=synthetic_document(steps=30, institutions=10))
    content_import(document=synthetic_document(steps=12, institutions=4))
    assert Step.objects.count() == 12
    assert Institution.objects.count() == 4


def test_edition_publish_numbers_editions_and_freezes_content():
    content_import(document=synthetic_document(steps=10, institutions=3))
    first = edition_publish(note="first")
    Step.objects.filter(slug="step-1").update(title_bg="Променено заглавие")
    second = edition_publish(note="second")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    titles = [s["title"]["bg"] for s in first.content["stages"][0]["steps"]]
    assert "Променено заглавие" not in titles
    assert "Променено заглавие" in [s["title"]["bg"] for s in second.content["stages"][0]["steps"]]


def test_edition_publish_refuses_a_decision_whose_option_leads_nowhere():
    content_import(document=synthetic_document(steps=10, institutions=3))
    decision = Step.objects.filter(kind=Step.Kind.DECISION).first()
    Transition.objects.filter(source=decision, position=2).update(target=None)
    with pytest.raises(DocumentError) as error:
        edition_publish()
    assert "leads nowhere" in str(error.value)
    assert not Edition.objects.exists()


def test_edition_publish_refuses_a_decision_without_options():
    content_import(document=synthetic_document(steps=10, institutions=3))
    decision = Step.objects.filter(kind=Step.Kind.DECISION).first()
    Transition.objects.filter(source=decision).delete()
    with pytest.raises(DocumentError) as error:
        edition_publish()
    assert "two options" in str(error.value)
    assert not Edition.objects.exists()


def test_published_edition_cannot_be_changed_or_deleted():
    content_import(document=synthetic_document(steps=5, institutions=2))
    edition = edition_publish()
    edition.note = "rewritten history"
    with pytest.raises(ValidationError):
        edition.save()
    with pytest.raises(ValidationError):
        edition.delete()
    assert Edition.objects.get().note == ""
