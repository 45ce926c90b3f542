"""The pathway pages under /<lang>/manage/: permissions, forms, the matrix, safety, query counts."""

import pytest
from django.test import Client
from django.urls import reverse

from roadmap import services
from roadmap.models import Responsibility, Stage, Step
from roadmap.services import content_import, edition_publish
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_csrf_less_post_is_refused(small_roadmap, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("manage:stage_move", kwargs={"slug": "stage-1"}), {"direction": "up"})
    assert response.status_code == 403
    assert Stage.objects.get(slug="stage-1").position == 2


def test_stage_reorder_buttons(small_roadmap, coordinator):
    response = signed_in(coordinator).post(
        reverse("manage:stage_move", kwargs={"slug": "stage-1"}), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(Stage.objects.values_list("slug", flat=True)[:2]) == ["stage-1", "stage-0"]


def test_stage_create_and_edit_in_both_languages(small_roadmap, coordinator):
    client = signed_in(coordinator)
    response = client.post(
        reverse("manage:stage_create"),
        {
            "slug": "extra",
            "title_bg": "Допълнителен",
            "title_en": "Extra",
            "summary_bg": "",
            "summary_en": "",
        },
    )
    assert response.status_code == 302
    stage = Stage.objects.get(slug="extra")
    assert (stage.title_en, stage.position) == ("Extra", Stage.objects.count())
    page = client.get(reverse("manage:stage_edit", kwargs={"slug": "extra"})).content.decode()
    assert 'name="title_bg"' in page and 'name="title_en"' in page and 'name="revision"' in page


def step_data(step, **changes):
    """The step edit form as the browser would post it, unchanged unless told."""
    data = {
        "kind": step.kind,
        "stage": step.stage_id,
        "position": step.position,
        "revision": step.revision,
        "legal_references": list(step.legal_references.values_list("pk", flat=True)),
        "documents": list(step.documents.values_list("pk", flat=True)),
        "owner": step.owner_id or "",
        "review_by": step.review_by.isoformat() if step.review_by else "",
    }
    if step.safety_critical:
        data["safety_critical"] = "on"
    for field in ("title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes"):
        for code in ("bg", "en"):
            data[f"{field}_{code}"] = getattr(step, f"{field}_{code}") or ""
    if step.is_start:
        data["is_start"] = "on"
    transitions = list(step.transitions.order_by("position"))
    data.update(
        {
            "options-TOTAL_FORMS": len(transitions),
            "options-INITIAL_FORMS": len(transitions),
            "options-MIN_NUM_FORMS": 0,
            "options-MAX_NUM_FORMS": 1000,
        }
    )
    for i, t in enumerate(transitions):
        data.update(
            {
                f"options-{i}-id": t.pk,
                f"options-{i}-source": step.pk,
                f"options-{i}-position": t.position,
                f"options-{i}-key": t.key,
                f"options-{i}-label_bg": t.label_bg or "",
                f"options-{i}-label_en": t.label_en or "",
                f"options-{i}-help_text_bg": t.help_text_bg or "",
                f"options-{i}-help_text_en": t.help_text_en or "",
                f"options-{i}-target": t.target_id,
            }
        )
    duties = list(step.responsibilities.order_by("position", "pk"))
    data.update(
        {
            "duties-TOTAL_FORMS": len(duties),
            "duties-INITIAL_FORMS": len(duties),
            "duties-MIN_NUM_FORMS": 0,
            "duties-MAX_NUM_FORMS": 1000,
        }
    )
    for i, r in enumerate(duties):
        data.update(
            {
                f"duties-{i}-id": r.pk,
                f"duties-{i}-step": step.pk,
                f"duties-{i}-institution": r.institution_id,
                f"duties-{i}-role": r.role,
                f"duties-{i}-duty_bg": r.duty_bg or "",
                f"duties-{i}-duty_en": r.duty_en or "",
                f"duties-{i}-verification": r.verification,
                f"duties-{i}-source_kind": r.source_kind,
                f"duties-{i}-source_url": r.source_url,
                f"duties-{i}-checked_on": r.checked_on.isoformat() if r.checked_on else "",
                f"duties-{i}-verification_note_bg": r.verification_note_bg or "",
                f"duties-{i}-verification_note_en": r.verification_note_en or "",
            }
        )
    rules = list(step.deadlines.order_by("position"))
    data.update(
        {
            "deadlines-TOTAL_FORMS": len(rules),
            "deadlines-INITIAL_FORMS": len(rules),
            "deadlines-MIN_NUM_FORMS": 0,
            "deadlines-MAX_NUM_FORMS": 1000,
        }
    )
    for i, rule in enumerate(rules):
        row = {
            "id": rule.pk,
            "step": step.pk,
            "position": rule.position,
            "unit": rule.unit,
            "amount": rule.amount or "",
            "start": rule.start,
            "regime": rule.regime_id or "",
            "when": rule.when,
            "verification": rule.verification,
            "source_kind": rule.source_kind,
            "source_url": rule.source_url,
            "checked_on": rule.checked_on.isoformat() if rule.checked_on else "",
        }
        for field in ("event", "note", "expiry", "source_title", "verification_note"):
            for code in ("bg", "en"):
                row[f"{field}_{code}"] = getattr(rule, f"{field}_{code}") or ""
        data.update({f"deadlines-{i}-{key}": value for key, value in row.items()})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_step_edit_saves_options_and_duties(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-3")
    data = step_data(
        step,
        **{
            "title_en": "Renamed",
            "options-0-position": 2,
            "options-1-position": 1,
            "options-1-target": Step.objects.get(slug="step-9").pk,
            "duties-1-DELETE": "on",
        },
    )
    response = signed_in(coordinator).post(
        reverse("manage:step_edit", kwargs={"slug": "step-3"}), data, follow=True
    )
    assert "Saved." in response.content.decode() or "Записано" in response.content.decode()
    step.refresh_from_db()
    assert step.title_en == "Renamed"
    assert list(step.transitions.order_by("position").values_list("key", "target__slug")) == [
        ("no", "step-9"),
        ("yes", "step-4"),
    ]
    assert step.responsibilities.count() == 4
    assert step.revision == 2


def test_step_moves_to_another_stage_from_the_form(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-2")
    target = Stage.objects.get(slug="stage-3")
    data = step_data(step, stage=target.pk, position=1)
    signed_in(coordinator).post(reverse("manage:step_edit", kwargs={"slug": "step-2"}), data)
    step.refresh_from_db()
    assert (step.stage, step.position) == (target, 1)


def test_step_form_errors_next_to_fields_in_bulgarian(small_roadmap, coordinator):
    client = signed_in(coordinator)
    step = Step.objects.get(slug="step-3")
    data = step_data(
        step,
        question_bg="",
        **{
            "deadlines-TOTAL_FORMS": 1,
            "deadlines-0-position": 1,
            "deadlines-0-unit": "immediately",
            "deadlines-0-amount": 3,
            "deadlines-0-start": "identified",
            "deadlines-0-verification": "unverified",
            "deadlines-0-verification_note_bg": "Не е проверено.",
        },
    )
    url = reverse("manage:step_edit", kwargs={"slug": "step-3"})
    assert url.startswith("/bg/")
    page = client.post(url, data).content.decode()
    assert "Решението трябва да има въпрос." in page
    assert "Този вид срок не се задава с число." in page
    assert 'id="error_1_id_question_bg"' in page
    assert 'id="error_1_id_deadlines-0-amount"' in page
    duplicate = client.post(
        reverse("manage:step_create"),
        {"slug": "step-1", "kind": "outcome", "stage": step.stage_id, "title_bg": "Дубликат"},
    ).content.decode()
    assert 'id="error_1_id_slug"' in duplicate and "вече съществува" in duplicate
    assert not Step.objects.filter(title_bg="Дубликат").exists()


def test_action_with_a_label_and_two_next_steps_is_refused(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    data = step_data(
        step,
        **{
            "options-0-label_bg": "Да",
            "options-TOTAL_FORMS": 2,
            "options-1-position": 2,
            "options-1-target": Step.objects.get(slug="step-9").pk,
        },
    )
    page = (
        signed_in(coordinator)
        .post(reverse("manage:step_edit", kwargs={"slug": "step-1"}), data)
        .content.decode()
    )
    assert 'id="error_1_id_options-0-label_bg"' in page
    assert step.transitions.count() == 1


def test_duplicate_institution_in_duties_is_a_field_error(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    first = step.responsibilities.order_by("position").first()
    data = step_data(step, **{"duties-1-institution": first.institution_id})
    page = (
        signed_in(coordinator)
        .post(reverse("manage:step_edit", kwargs={"slug": "step-1"}), data)
        .content.decode()
    )
    assert 'id="error_1_id_duties-1-institution"' in page
    assert Step.objects.get(pk=step.pk).revision == step.revision


def test_stale_step_save_is_refused_and_keeps_the_input(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    data = step_data(step, title_bg="Моят текст")
    Step.objects.filter(pk=step.pk).update(revision=step.revision + 1)  # someone else saved meanwhile
    page = (
        signed_in(coordinator)
        .post(reverse("manage:step_edit", kwargs={"slug": "step-1"}), data)
        .content.decode()
    )
    assert str(services.StaleEdit()) in page
    assert "Моят текст" in page
    assert Step.objects.get(pk=step.pk).title_bg != "Моят текст"


def test_preview_renders_sanitised_markdown_and_saves_nothing(small_roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    data = step_data(step, body_bg="**важно** <img src=x onerror=alert(1)>", preview="1")
    page = (
        signed_in(coordinator)
        .post(reverse("manage:step_edit", kwargs={"slug": "step-1"}), data)
        .content.decode()
    )
    assert "<strong>важно</strong>" in page and "onerror=alert" not in page.replace(
        "&lt;img src=x onerror=alert(1)&gt;", ""
    )
    assert "важно" not in Step.objects.get(pk=step.pk).body_bg
    fragment = signed_in(coordinator).post(
        reverse("manage:markdown_preview"), {"text": "<script>x</script>*a*"}
    )
    assert "<em>a</em>" in fragment.content.decode() and "<script>" not in fragment.content.decode()


def test_retire_refused_with_the_steps_leading_to_it(small_roadmap, coordinator):
    client = signed_in(coordinator)
    response = client.post(
        reverse("manage:step_retire", kwargs={"slug": "step-5"}), {"action": "retire"}, follow=True
    )
    assert "Стъпка 4" in response.content.decode()
    assert not Step.objects.get(slug="step-5").retired


def test_step_list_shows_kind_leads_and_retired_badge(small_roadmap, coordinator):
    Step.objects.filter(slug="step-49").update(retired=True)
    page = signed_in(coordinator).get(reverse("manage:step_list")).content.decode()
    assert "<td>И0</td>" in page  # step-0 is led by institution 0
    assert f"<td>{Step.Kind.DECISION.label}</td>" in page
    assert page.count("badge text-bg-secondary") == 1
    filtered = signed_in(coordinator).get(reverse("manage:step_list") + "?stage=stage-1").content.decode()
    assert "<code>step-10</code>" in filtered and "<code>step-0</code>" not in filtered


def test_matrix_moves_leads_between_institutions(small_roadmap, coordinator):
    client = signed_in(coordinator)
    step = Step.objects.get(slug="step-1")
    leads = step.responsibilities.get(role="leads").institution
    other = (
        Responsibility.objects.filter(step__stage=step.stage)
        .exclude(institution__in=step.responsibilities.values("institution"))
        .first()
        .institution
    )
    url = reverse("manage:matrix_edit") + f"?stage={step.stage.slug}"
    page = client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data[f"cell-{step.pk}-{leads.pk}"] = ""
    data[f"cell-{step.pk}-{other.pk}"] = "leads"
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(step.responsibilities.filter(role="leads").values_list("institution", flat=True)) == [
        other.pk
    ]
    assert not step.responsibilities.filter(institution=leads).exists()


def test_matrix_adds_an_institution_column(small_roadmap, coordinator):
    stage = Stage.objects.get(slug="stage-0")
    unused = (
        Responsibility.objects.exclude(step__stage=stage)
        .exclude(institution__in=Responsibility.objects.filter(step__stage=stage).values("institution"))
        .first()
    )
    assert unused is not None
    page = signed_in(coordinator).get(
        reverse("manage:matrix_edit") + f"?stage=stage-0&add={unused.institution.slug}"
    )
    assert any(i.pk == unused.institution_id for i in page.context["matrix"].columns)


def test_script_title_and_markdown_are_escaped_on_the_reader_page(small_roadmap, coordinator):
    client = signed_in(coordinator)
    step = Step.objects.get(slug="step-1")
    data = step_data(step, title_bg="<script>alert(1)</script>", body_bg="Текст <img src=x onerror=alert(1)>")
    assert client.post(reverse("manage:step_edit", kwargs={"slug": "step-1"}), data).status_code == 302
    edition_publish(actor=coordinator)
    page = Client().get(reverse("roadmap:step_detail", kwargs={"slug": "step-1"})).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page and "onerror" not in page.replace("onerror=alert(1)&gt;", "")


@pytest.fixture
def big_roadmap(db):
    content_import(document=synthetic_document(steps=200, institutions=40))
    return edition_publish()


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda: reverse("manage:step_list"),
        lambda: reverse("manage:step_edit", kwargs={"slug": "step-3"}),
        lambda: reverse("manage:matrix_edit") + "?stage=stage-1",
        lambda: reverse("manage:stage_list"),
    ],
)
def test_query_counts_do_not_grow_with_the_roadmap(
    request, coordinator, django_assert_max_num_queries, url_of
):
    request.getfixturevalue("small_roadmap")
    client = signed_in(coordinator)
    small = count_queries(client, url_of())
    content_import(document=synthetic_document(steps=200, institutions=40))
    with django_assert_max_num_queries(small):
        assert client.get(url_of()).status_code == 200
