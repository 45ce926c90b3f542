import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roadmap.models import Institution, Responsibility, Stage, Step
from roadmap.services import content_import
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    content_import(document=synthetic_document(steps=10, institutions=3, stages=2))


def test_one_role_per_institution_per_step_is_enforced_by_the_database(content):
    existing = Responsibility.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(step=existing.step, institution=existing.institution, role="informed")


def test_slugs_are_unique(content):
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(slug="inst-0", name_bg="Дубликат", kind="state")


def test_only_one_step_can_start_the_pathway(content):
    step = Step.objects.exclude(is_start=True).first()
    step.is_start = True
    with pytest.raises(IntegrityError), transaction.atomic():
        step.save()


def test_deadline_amount_must_match_its_unit(content):
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(slug="step-1").update(deadline_unit="immediately", deadline_amount=4)
    step = Step(stage=Stage.objects.first(), slug="x", position=99, title_bg="Х", deadline_unit="hours")
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "deadline_amount" in error.value.message_dict


def test_decision_needs_a_question():
    step = Step(kind=Step.Kind.DECISION, title_bg="Решение", slug="d", position=1)
    with pytest.raises(ValidationError) as error:
        step.clean()
    assert "question" in error.value.message_dict


def test_institution_cannot_be_its_own_ancestor(content):
    parent, child = Institution.objects.get(slug="inst-0"), Institution.objects.get(slug="inst-1")
    child.parent = parent
    child.save()
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.clean()


def test_translated_fields_fall_back_to_bulgarian(content):
    from django.utils import translation

    institution = Institution.objects.get(slug="inst-1")
    institution.description_en = ""
    with translation.override("en"):
        assert institution.description == institution.description_bg
        assert institution.name == "Institution 1"
