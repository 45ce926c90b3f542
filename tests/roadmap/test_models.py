import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roadmap.models import DeadlineRule, Institution, LegalReference, LegalRegime, Responsibility, Step
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
    rule = DeadlineRule.objects.filter(step__slug="step-1").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineRule.objects.filter(pk=rule.pk).update(unit="immediately", amount=4)
    rule = DeadlineRule(step=rule.step, position=9, unit="hours", start="identified")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "amount" in error.value.message_dict


def test_a_verified_claim_needs_an_official_text_and_a_date(content):
    reference = LegalReference.objects.first()
    reference.verification, reference.source_kind, reference.source_url = "verified", "secondary", ""
    with pytest.raises(ValidationError) as error:
        reference.full_clean()
    assert {"source_kind", "source_url", "checked_on"} <= set(error.value.message_dict)
    reference.source_kind, reference.source_url = "official", "https://www.parliament.bg/bg/laws/ID/157505"
    reference.checked_on = datetime.date(2026, 12, 4)
    reference.full_clean()


def test_regimes_of_one_topic_may_not_overlap(content):
    LegalRegime.objects.create(slug="a", topic="dublin", title_bg="А", valid_until=datetime.date(2026, 6, 30))
    overlapping = LegalRegime(slug="b", topic="dublin", title_bg="Б", valid_from=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "valid_from" in error.value.message_dict
    overlapping.valid_from = datetime.date(2026, 7, 1)
    overlapping.full_clean()
    LegalRegime(slug="c", topic="procedure", title_bg="В", valid_from=datetime.date(2026, 6, 1)).full_clean()


def test_contacts_need_the_page_they_were_published_on(content):
    institution = Institution.objects.first()
    institution.phone = "02 123 4567"
    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert "contacts_source_url" in error.value.message_dict
    institution.contacts_source_url = "https://example.org/contacts"
    institution.full_clean()


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
