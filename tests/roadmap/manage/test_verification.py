"""The verification queue, legal regimes and deadline rules in the coordinators' pages."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from roadmap.models import DeadlineRule, LegalReference, LegalRegime, Step
from roadmap.services import content_export, content_import
from roadmap.synthetic import synthetic_document
from roadmap.verification import verification_queue

from .test_pathway import signed_in, step_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def working_copy(db):
    document = synthetic_document(steps=20, institutions=4, references=6)
    document["stages"][0]["steps"][2]["safety_critical"] = True  # its deadline rule is not verified
    document["stages"][0]["steps"][1]["review_by"] = "2026-01-31"
    content_import(document=document)
    return document


def test_the_queue_lists_every_claim_not_verified_with_its_reason_critical_first(working_copy):
    queue = verification_queue(content_export(), lang="bg", today=datetime.date(2026, 12, 4))
    references = [c for c in queue.claims if c.kind == "legal_reference"]
    assert {c.slug for c in references} == {"ref-0", "ref-3"}  # every third reference is flagged
    assert all(c.reason == "Текстът не е намерен." for c in references)
    assert queue.counts["legal_reference"] == {"verified": 4, "secondary": 0, "unverified": 2}
    critical = [(c.kind, c.slug) for c in queue.claims if c.safety_critical]
    assert sorted(critical) == [("deadline", "step-2"), ("legal_reference", "ref-3")]  # step-2 cites ref-3
    assert [c.safety_critical for c in queue.claims[:2]] == [True, True]
    assert [r.slug for r in queue.overdue] == ["step-1"]
    assert (
        queue.totals["verified"] + queue.totals["unverified"] == 6 + 20 + 2
    )  # refs, rules (one each), regimes


def test_the_queue_page_is_for_coordinators(client, working_copy, officer, coordinator):
    url = reverse("manage:verification")
    assert client.get(url).status_code == HTTPStatus.FOUND  # anonymous: to the login page
    client.force_login(officer)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Текстът не е намерен." in page and reverse("manage:legal_reference_edit", args=["ref-0"]) in page
    assert reverse("manage:step_edit", args=["step-1"]) in page  # review overdue


def test_the_queue_page_issues_the_same_queries_for_any_size(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    content_import(document=synthetic_document(steps=10, institutions=3))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("manage:verification"))
    content_import(document=synthetic_document(steps=200, institutions=30))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("manage:verification")).status_code == 200


def test_the_pathway_check_warns_on_unverified_claims_in_safety_critical_steps(working_copy):
    from roadmap.checks import pathway_check

    report = pathway_check(content_export())
    critical = [f for f in report.warnings if f.code == "unverified_critical"]
    assert [f.slug for f in critical] == ["step-2"]
    assert [f.slug for f in report.warnings if f.code == "review_overdue"] == ["step-1"]
    assert report.publishable


def test_a_regime_is_edited_and_overlapping_dates_are_refused(client, working_copy, coordinator):
    client.force_login(coordinator)
    regime = LegalRegime.objects.get(slug="new-rules")
    data = {
        "slug": "new-rules",
        "topic": "responsibility",
        "title_bg": "Новите правила",
        "title_en": "New",
        "decided_by": "registered",
        "valid_from": "2026-06-15",
        "verification": "verified",
        "source_kind": "official",
        "source_url": "https://eur-lex.europa.eu/x",
        "checked_on": "2026-12-04",
        "revision": regime.revision,
    }
    page = client.post(reverse("manage:regime_edit", args=["new-rules"]), data)
    assert page.status_code == 200 and "old-rules" not in page.content.decode()
    assert "Старите правила" in page.content.decode()  # the regime it overlaps, next to the field
    regime.refresh_from_db()
    assert regime.valid_from == datetime.date(2026, 7, 1)
    data["valid_from"] = "2026-07-02"
    assert client.post(reverse("manage:regime_edit", args=["new-rules"]), data).status_code == 302
    assert (
        reverse("manage:regime_edit", args=["new-rules"])
        in client.get(reverse("manage:legal_act_list")).content.decode()
    )


def test_a_reference_marked_verified_needs_the_official_text_and_the_date(client, working_copy, coordinator):
    client.force_login(coordinator)
    reference = LegalReference.objects.get(slug="ref-0")
    data = {
        "slug": "ref-0",
        "act": reference.act_id,
        "provision_bg": "чл. 0",
        "summary_bg": "Правило.",
        "verification": "verified",
        "source_kind": "secondary",
        "revision": reference.revision,
    }
    page = client.post(reverse("manage:legal_reference_edit", args=["ref-0"]), data).content.decode()
    for field in ("source_kind", "source_url", "checked_on"):
        assert f'id="error_1_id_{field}"' in page
    data.update(
        source_kind="official",
        source_url="https://www.parliament.bg/bg/laws/ID/157505",
        checked_on="2026-12-04",
        regime=LegalRegime.objects.get(slug="new-rules").pk,
    )
    assert client.post(reverse("manage:legal_reference_edit", args=["ref-0"]), data).status_code == 302
    reference.refresh_from_db()
    assert (reference.verification, reference.regime.slug) == ("verified", "new-rules")


def test_flagging_a_claim_needs_the_reason(client, working_copy, coordinator):
    client.force_login(coordinator)
    reference = LegalReference.objects.get(slug="ref-1")
    data = {
        "slug": "ref-1",
        "act": reference.act_id,
        "provision_bg": "чл. 1",
        "summary_bg": "Правило.",
        "verification": "unverified",
        "revision": reference.revision,
    }
    page = client.post(reverse("manage:legal_reference_edit", args=["ref-1"]), data).content.decode()
    assert 'id="error_1_id_verification_note_bg"' in page
    data["verification_note_bg"] = "Новата редакция не е обнародвана."
    assert client.post(reverse("manage:legal_reference_edit", args=["ref-1"]), data).status_code == 302


def test_deadline_rules_are_edited_with_the_step(working_copy, coordinator):
    step = Step.objects.get(slug="step-2")
    regime = LegalRegime.objects.get(slug="new-rules")
    data = step_data(
        step,
        **{
            "deadlines-TOTAL_FORMS": 2,
            "deadlines-0-position": 2,
            "deadlines-1-position": 1,
            "deadlines-1-unit": "weeks",
            "deadlines-1-amount": 2,
            "deadlines-1-start": "request-received",
            "deadlines-1-event_bg": "от получаването на искането",
            "deadlines-1-regime": regime.pk,
            "deadlines-1-when": "step-3:yes",
            "deadlines-1-verification": "secondary",
            "deadlines-1-source_url": "https://example.org/aida",
            "deadlines-1-expiry_en": "No reply = accepted.",
        },
    )
    response = signed_in(coordinator).post(reverse("manage:step_edit", args=["step-2"]), data)
    assert response.status_code == 302
    rules = list(DeadlineRule.objects.filter(step=step).order_by("position"))
    assert [(r.unit, r.amount, r.start, r.when) for r in rules] == [
        ("weeks", 2, "request-received", "step-3:yes"),
        ("working_days", 3, "applied", ""),
    ]
    assert rules[0].regime == regime and rules[0].expiry_en == "No reply = accepted."


def test_a_deadline_rule_after_an_answer_that_does_not_exist_is_refused(working_copy, coordinator):
    step = Step.objects.get(slug="step-2")
    data = step_data(step, **{"deadlines-0-when": "step-3:maybe"})
    page = signed_in(coordinator).post(reverse("manage:step_edit", args=["step-2"]), data).content.decode()
    assert 'id="error_1_id_deadlines-0-when"' in page
    assert DeadlineRule.objects.get(step=step).when == ""
