"""The publishing section: dashboard, check, publish, editions and roll-back, compare, preview."""

import pytest
from django.urls import reverse

from roadmap.document import DocumentError
from roadmap.models import Edition, Step
from roadmap.services import content_export, content_import, edition_publish, edition_rollback
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db

MANAGE_PAGES = [
    ("manage:dashboard", {}),
    ("manage:check", {}),
    ("manage:publish", {}),
    ("manage:edition_list", {}),
    ("manage:compare", {}),
    ("manage:preview_overview", {}),
    ("manage:preview_step", {"slug": "step-3"}),
]


def url(name, lang="bg", **kwargs):
    from django.utils import translation

    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def reword_step(slug, title):
    step = Step.objects.get(slug=slug)
    step.title_bg = title
    step.save()


def test_rollback_three_actors_and_post_only(client, small_roadmap, officer, coordinator):
    page = url("manage:rollback", number=1)
    response = client.post(page, {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(officer)
    assert client.post(page, {"reason": "x"}).status_code == 403
    client.force_login(coordinator)
    assert client.get(page).status_code == 405
    assert client.post(page, {"reason": "Wrong change"}).status_code == 302
    assert Edition.objects.latest_number() == 2


def test_writes_without_a_csrf_token_are_refused(coordinator, small_roadmap):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(url("manage:publish"), {"note": "x"}).status_code == 403
    assert client.post(url("manage:rollback", number=1), {"reason": "x"}).status_code == 403
    assert Edition.objects.count() == 1


def test_publish_makes_the_next_edition_with_note_and_actor(client, small_roadmap, coordinator):
    reword_step("step-4", "Обновено заглавие")
    client.force_login(coordinator)
    page = client.get(url("manage:publish"))
    assert "Обновено заглавие" in page.content.decode()  # the changes since edition 1 are listed
    response = client.post(
        url("manage:publish"), {"note_bg": "Стъпка 4 е преименувана.", "note_en": "Step 4 was renamed."}
    )
    assert response.status_code == 302 and response["Location"] == url("manage:edition_list")
    edition = Edition.objects.get(number=2)
    assert (edition.note_bg, edition.note_en) == ("Стъпка 4 е преименувана.", "Step 4 was renamed.")
    assert edition.published_by == coordinator
    assert client.get("/en/editions/").content.decode().count("Step 4 was renamed.") == 1
    assert edition.content == content_export()


def test_publish_needs_a_note(client, small_roadmap, coordinator):
    client.force_login(coordinator)
    response = client.post(url("manage:publish"), {"note_bg": "   ", "note_en": "Something"})
    assert response.status_code == 200 and response.context["form"].errors["note_bg"]
    assert Edition.objects.count() == 1


def test_publish_is_refused_while_the_check_finds_errors(client, small_roadmap, coordinator):
    from roadmap.models import Transition

    Transition.objects.filter(source__slug="step-6").delete()  # an action that leads nowhere
    client.force_login(coordinator)
    page = client.get(url("manage:publish"))
    html = page.content.decode()
    assert page.context["state"].report.errors
    assert 'disabled aria-disabled="true"' in html
    response = client.post(url("manage:publish"), {"note": "Try anyway"})
    assert response.status_code == 200
    assert Edition.objects.count() == 1
    with pytest.raises(DocumentError):
        edition_publish(actor=coordinator, note="service refuses too")
    assert Edition.objects.count() == 1


def test_rollback_republishes_the_old_content_and_resets_the_working_copy(small_roadmap, coordinator):
    original = content_export()
    reword_step("step-4", "Обновено заглавие")
    edition_publish(note="second")
    reword_step("step-5", "Още една промяна")  # an unpublished edit, replaced by the roll-back
    edition = edition_rollback(number=1, actor=coordinator, reason="грешка")
    assert edition.number == 3 and edition.published_by == coordinator
    assert edition.content == Edition.objects.get(number=1).content
    assert "1" in edition.note and "грешка" in edition.note
    assert Edition.objects.get(number=2).note == "second"  # history is never rewritten
    assert content_export() == original


def test_rollback_needs_a_reason_and_an_existing_edition(client, small_roadmap, coordinator):
    edition_publish(note="second")
    client.force_login(coordinator)
    response = client.post(url("manage:rollback", number=1), {"reason": ""})
    assert response.status_code == 400 and response.context["rollback_form"].errors["reason"]
    assert client.post(url("manage:rollback", number=9), {"reason": "x"}).status_code == 404
    assert Edition.objects.count() == 2


def test_dashboard_counts_the_changes_since_the_latest_edition(client, small_roadmap, coordinator):
    client.force_login(coordinator)
    response = client.get(url("manage:dashboard"))
    assert response.context["state"].changes == []
    assert (
        "същото като издание 1" in response.content.decode()
        or "same as edition 1" in response.content.decode()
    )
    reword_step("step-4", "Обновено заглавие")
    reword_step("step-7", "Друго заглавие")
    response = client.get(url("manage:dashboard"))
    assert len(response.context["state"].changes) == 2
    assert "Обновено заглавие" in response.content.decode()
    edits = response.context["edits"]
    assert edits and edits[0].label in ("Друго заглавие", "Обновено заглавие")


def test_dashboard_recent_edits_name_who(client, small_roadmap, coordinator):
    from roadmap.services import save_edit

    step = Step.objects.get(slug="step-4")
    step.title_bg = "Ново"
    save_edit(instance=step, expected_revision=step.revision, actor=coordinator, reason="проверка")
    client.force_login(coordinator)
    edit = client.get(url("manage:dashboard")).context["edits"][0]
    assert edit.who == str(coordinator) and edit.label == "Ново" and edit.reason == "проверка"


def test_compare_two_editions_and_the_working_copy(client, small_roadmap, coordinator):
    reword_step("step-4", "Обновено заглавие")
    edition_publish(note="second")
    client.force_login(coordinator)
    response = client.get(url("manage:compare"), {"a": 1, "b": 2})
    assert [c.slug for c in response.context["changes"]] == ["step-4"]
    response = client.get(url("manage:compare"), {"a": 2, "b": "working"})
    assert response.context["changes"] == []
    response = client.get(url("manage:compare"), {"a": 7, "b": "nonsense"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"a", "b"}


def test_preview_shows_the_working_copy_while_readers_see_the_edition(client, small_roadmap, coordinator):
    reword_step("step-4", "Непубликувано заглавие")
    client.force_login(coordinator)
    for page in (url("manage:preview_overview"), url("manage:preview_step", slug="step-4")):
        response = client.get(page)
        html = response.content.decode()
        assert "Непубликувано заглавие" in html and "preview-banner" in html
        assert "no-cache" in response["Cache-Control"]
    assert client.get(url("manage:preview_step", slug="nope")).status_code == 404
    client.logout()
    reader = client.get(url("roadmap:step_detail", slug="step-4")).content.decode()
    assert "Непубликувано заглавие" not in reader and "Стъпка 4: действие за ДЕТЕ" in reader


def test_manage_link_in_the_main_menu_only_for_coordinators(client, small_roadmap, officer, coordinator):
    dashboard = url("manage:dashboard")
    client.force_login(officer)
    assert f'href="{dashboard}"' not in client.get(url("roadmap:overview")).content.decode()
    client.force_login(coordinator)
    assert f'href="{dashboard}"' in client.get(url("roadmap:overview")).content.decode()


@pytest.mark.parametrize("name, kwargs", MANAGE_PAGES)
def test_every_page_has_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries, name, kwargs
):
    content_import(document=synthetic_document(steps=20, institutions=5))
    edition_publish(note="small")
    client.force_login(coordinator)
    page = url(name, **kwargs)
    client.get(page)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    small_count = len(small)  # now: the next request clears the connection's query log
    assert small_count > 0
    content_import(document=synthetic_document(steps=200, institutions=40))
    edition_publish(note="big")
    reword_step("step-4", "x")
    client.get(page)  # the new edition is read from the database once per process, then cached
    with django_assert_max_num_queries(small_count):
        assert client.get(page).status_code == 200
