"""Coordinators edit the directory: institutions (with offices), legal bases, documents, glossary."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.manage.pages import saved_message
from roadmap.models import Document, GlossaryTerm, Institution, LegalReference, RegionalOffice, Step
from roadmap.services import (
    DeleteRefused,
    content_import,
    edition_publish,
    institution_delete,
    legal_reference_delete,
)
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(small_roadmap):
    """The synthetic roadmap plus one document used by a step and one that nothing uses."""
    used = Document.objects.create(slug="used-form", title_bg="Използван формуляр", title_en="Used form")
    Step.objects.get(slug="step-1").documents.add(used)
    Document.objects.create(slug="spare-form", title_bg="Резервен формуляр")
    return small_roadmap


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def management(prefix="offices", total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def institution_data(**values):
    data = {
        "slug": "new-agency",
        "kind": "state",
        "parent": "",
        "name_bg": "Нова агенция",
        "name_en": "New agency",
        "revision": "",
        **management(),
    }
    data.update(values)
    return data


def edit_data(institution, **values):
    """The edit form of an existing institution as it was opened (with its current revision)."""
    data = {
        "slug": institution.slug,
        "kind": institution.kind,
        "parent": institution.parent_id or "",
        "name_bg": institution.name_bg,
        "name_en": institution.name_en or "",
        "acronym_bg": institution.acronym_bg or "",
        "revision": str(institution.revision),
    }
    offices = list(institution.offices.all())
    data.update(management(total=len(offices), initial=len(offices)))
    for index, office in enumerate(offices):
        data.update(
            {
                f"offices-{index}-id": office.pk,
                f"offices-{index}-region": office.region,
                f"offices-{index}-name_bg": office.name_bg,
                f"offices-{index}-institution": institution.pk,
            }
        )
    data.update(values)
    return data


# Writes need a CSRF token ----------------------------------------------------------------------------------


def test_writes_are_refused_without_csrf_token(directory, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("manage:institution_create"), institution_data())
    assert response.status_code == 403
    assert not Institution.objects.filter(slug="new-agency").exists()
    response = client.post(reverse("manage:term_delete", kwargs={"slug": "term-1"}))
    assert response.status_code == 403
    assert GlossaryTerm.objects.filter(slug="term-1").exists()


# Institutions -------------------------------------------------------------------------------------------


def test_institution_create_saves_it_with_an_office(coordinator_client, directory):
    data = institution_data(
        **management(total=1),
        **{
            "offices-0-region": "sofia-city",
            "offices-0-name_bg": "Столичен офис",
            "offices-0-phone": "02 123",
            "contacts_source_url": "https://example.org/contacts",
        },
    )
    response = coordinator_client.post(reverse("manage:institution_create"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("manage:institution_list")
    assert [str(message) for message in response.context["messages"]] == [saved_message()]
    institution = Institution.objects.get(slug="new-agency")
    assert institution.name_bg == "Нова агенция" and institution.revision == 1
    assert [(o.region, o.name_bg, o.phone) for o in institution.offices.all()] == [
        ("sofia-city", "Столичен офис", "02 123")
    ]


def test_institution_edit_changes_the_working_copy_not_the_edition(coordinator_client, directory):
    institution = Institution.objects.get(slug="inst-1")
    response = coordinator_client.post(
        reverse("manage:institution_edit", kwargs={"slug": "inst-1"}),
        edit_data(
            institution,
            name_bg="Преименувана",
            phone="+359 2 000",
            contacts_source_url="https://example.org/contacts",
        ),
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert (institution.name_bg, institution.phone, institution.revision) == ("Преименувана", "+359 2 000", 2)
    assert directory.content["institutions"][1]["name"]["bg"] == "Институция 1 – ДЕТЕ"


def test_institution_offices_alone_bump_the_revision_and_can_be_deleted(coordinator_client, directory):
    institution = Institution.objects.get(slug="inst-2")
    url = reverse("manage:institution_edit", kwargs={"slug": "inst-2"})
    data = edit_data(
        institution, **management(total=1), **{"offices-0-region": "varna", "offices-0-name_bg": "Варна"}
    )
    assert coordinator_client.post(url, data).status_code == 302
    institution.refresh_from_db()
    assert institution.revision == 2 and institution.offices.get().name_bg == "Варна"

    data = edit_data(institution, **{"offices-0-DELETE": "on"})
    assert coordinator_client.post(url, data).status_code == 302
    institution.refresh_from_db()
    assert institution.revision == 3 and not institution.offices.exists()


def test_institution_parent_cycle_is_refused_next_to_the_field(coordinator_client, directory):
    parent = Institution.objects.get(slug="inst-0")
    child = Institution.objects.get(slug="inst-10")
    assert child.parent == parent
    response = coordinator_client.post(
        reverse("manage:institution_edit", kwargs={"slug": "inst-0"}), edit_data(parent, parent=child.pk)
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert 'id="error_1_id_parent"' in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None and parent.revision == 1


def test_institution_errors_are_in_bulgarian_next_to_fields(coordinator_client, directory):
    response = coordinator_client.post(
        reverse("manage:institution_create"), institution_data(slug="inst-1", name_bg="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert "вече съществува" in form.errors["slug"][0]
    assert form.errors["name_bg"] == ["Това поле е задължително."]
    assert 'id="error_1_id_slug"' in html and 'id="error_1_id_name_bg"' in html
    assert Institution.objects.filter(slug="inst-1").count() == 1


def test_stale_institution_save_is_refused_and_keeps_the_input(coordinator_client, directory):
    institution = Institution.objects.get(slug="inst-3")
    opened = edit_data(
        institution,
        name_bg="Моят текст",
        **management(total=1),
        **{"offices-0-region": "varna", "offices-0-name_bg": "Нов офис"},
    )
    Institution.objects.filter(pk=institution.pk).update(
        revision=2, name_bg="Чужд текст"
    )  # someone else saved

    response = coordinator_client.post(reverse("manage:institution_edit", kwargs={"slug": "inst-3"}), opened)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Нищо не е записано" in html or "Nothing was saved" in html
    assert 'value="Моят текст"' in html and 'value="Нов офис"' in html
    institution.refresh_from_db()
    assert (institution.name_bg, institution.revision) == ("Чужд текст", 2)
    assert not RegionalOffice.objects.filter(institution=institution).exists()


def test_institution_delete_is_refused_while_it_has_duties(coordinator_client, directory):
    institution = Institution.objects.get(slug="inst-1")
    with pytest.raises(DeleteRefused) as refused:
        institution_delete(institution=institution, actor=None)
    duties = refused.value.blockers
    assert duties and {duty.step.slug for duty in duties} == set(
        institution.responsibilities.values_list("step__slug", flat=True)
    )

    response = coordinator_client.post(reverse("manage:institution_delete", kwargs={"slug": "inst-1"}))
    assert response.status_code == 409
    html = response.content.decode()
    first = duties[0]
    assert first.step.title in html and first.get_role_display() in html
    assert Institution.objects.filter(slug="inst-1").exists()


def test_institution_delete_is_refused_while_others_are_part_of_it(coordinator_client, directory):
    parent = Institution.objects.create(slug="ministry", kind="state", name_bg="Министерство")
    Institution.objects.create(slug="department", kind="state", name_bg="Дирекция", parent=parent)
    response = coordinator_client.post(reverse("manage:institution_delete", kwargs={"slug": "ministry"}))
    assert response.status_code == 409
    assert "Дирекция" in response.content.decode()
    assert Institution.objects.filter(slug="ministry").exists()


def test_institution_delete_takes_its_offices_along(coordinator_client, directory):
    institution = Institution.objects.create(slug="spare", kind="ngo", name_bg="Резервна")
    RegionalOffice.objects.create(institution=institution, region="varna", name_bg="Варна")
    url = reverse("manage:institution_delete", kwargs={"slug": "spare"})
    assert coordinator_client.get(url).status_code == 200
    assert coordinator_client.post(url).status_code == 302
    assert not Institution.objects.filter(slug="spare").exists()
    assert not RegionalOffice.objects.filter(name_bg="Варна").exists()


# Legal bases, documents, glossary -----------------------------------------------------------------------


def test_legal_reference_create_and_edit(coordinator_client, directory):
    act_pk = LegalReference.objects.get(slug="ref-1").act_id
    data = {
        "slug": "ref-new",
        "act": act_pk,
        "provision_bg": "чл. 99",
        "summary_bg": "Ново правило.",
        "revision": "",
        "verification": "unverified",
    }
    assert coordinator_client.post(reverse("manage:legal_reference_create"), data).status_code == 302
    reference = LegalReference.objects.get(slug="ref-new")
    data.update(summary_bg="Поправено правило.", revision=str(reference.revision))
    url = reverse("manage:legal_reference_edit", kwargs={"slug": "ref-new"})
    assert coordinator_client.post(url, data).status_code == 302
    reference.refresh_from_db()
    assert (reference.summary_bg, reference.revision) == ("Поправено правило.", 2)


def test_legal_reference_delete_is_refused_while_steps_cite_it(coordinator_client, directory):
    reference = LegalReference.objects.get(slug="ref-1")
    citing = sorted(reference.steps.values_list("title_bg", flat=True))
    assert citing
    with pytest.raises(DeleteRefused):
        legal_reference_delete(reference=reference, actor=None)
    response = coordinator_client.post(reverse("manage:legal_reference_delete", kwargs={"slug": "ref-1"}))
    assert response.status_code == 409
    assert all(title in response.content.decode() for title in citing)
    assert LegalReference.objects.filter(slug="ref-1").exists()

    reference.steps.clear()
    assert (
        coordinator_client.post(
            reverse("manage:legal_reference_delete", kwargs={"slug": "ref-1"})
        ).status_code
        == 302
    )
    assert not LegalReference.objects.filter(slug="ref-1").exists()


def test_legal_act_create_and_list(coordinator_client, directory):
    data = {"slug": "zzd", "short_name_bg": "ЗЗД", "title_bg": "Закон за закрила на детето", "revision": ""}
    assert coordinator_client.post(reverse("manage:legal_act_create"), data).status_code == 302
    html = coordinator_client.get(reverse("manage:legal_act_list")).content.decode()
    assert "ЗЗД" in html and "чл. 1" in html


def test_document_delete_is_refused_while_steps_use_it(coordinator_client, directory):
    response = coordinator_client.post(reverse("manage:document_delete", kwargs={"slug": "used-form"}))
    assert response.status_code == 409
    assert Step.objects.get(slug="step-1").title in response.content.decode()
    assert Document.objects.filter(slug="used-form").exists()
    assert (
        coordinator_client.post(reverse("manage:document_delete", kwargs={"slug": "spare-form"})).status_code
        == 302
    )
    assert not Document.objects.filter(slug="spare-form").exists()


def test_document_edit_saves_and_stale_edit_writes_nothing(coordinator_client, directory):
    document = Document.objects.get(slug="spare-form")
    url = reverse("manage:document_edit", kwargs={"slug": "spare-form"})
    data = {"slug": "spare-form", "title_bg": "Нов наслов", "revision": str(document.revision)}
    assert coordinator_client.post(url, data).status_code == 302
    response = coordinator_client.post(url, {**data, "title_bg": "Закъсняла промяна"})  # still revision 1
    assert response.status_code == 200 and 'value="Закъсняла промяна"' in response.content.decode()
    document.refresh_from_db()
    assert (document.title_bg, document.revision) == ("Нов наслов", 2)


def test_term_create_edit_delete(coordinator_client, directory):
    data = {
        "slug": "dsp",
        "term_bg": "ДСП",
        "definition_bg": "Дирекция „Социално подпомагане“.",
        "revision": "",
    }
    assert coordinator_client.post(reverse("manage:term_create"), data).status_code == 302
    term = GlossaryTerm.objects.get(slug="dsp")
    url = reverse("manage:term_edit", kwargs={"slug": "dsp"})
    assert (
        coordinator_client.post(url, {**data, "expansion_bg": "Дирекция", "revision": "1"}).status_code == 302
    )
    term.refresh_from_db()
    assert (term.expansion_bg, term.revision) == ("Дирекция", 2)
    assert coordinator_client.post(reverse("manage:term_delete", kwargs={"slug": "dsp"})).status_code == 302
    assert not GlossaryTerm.objects.filter(slug="dsp").exists()


def test_term_without_bulgarian_definition_is_refused_in_bulgarian(coordinator_client, directory):
    response = coordinator_client.post(
        reverse("manage:term_create"), {"slug": "term-1", "term_bg": "X", "definition_en": "Only English"}
    )
    form = response.context["form"]
    assert form.errors["definition_bg"] == ["Това поле е задължително."]
    assert "вече съществува" in form.errors["slug"][0]


# Untrusted text stays text on the reader pages -----------------------------------------------------------


def test_markup_typed_by_a_coordinator_is_escaped_after_publishing(coordinator_client, client, directory):
    evil = "<script>alert(1)</script>"
    assert (
        coordinator_client.post(
            reverse("manage:institution_create"), institution_data(slug="evil", name_bg=evil)
        ).status_code
        == 302
    )
    data = {
        "slug": "evil-term",
        "term_bg": "ЗЛО",
        "definition_bg": "Виж <img src=x onerror=alert(1)>",
        "revision": "",
    }
    assert coordinator_client.post(reverse("manage:term_create"), data).status_code == 302
    edition_publish()

    html = client.get(reverse("roadmap:institution_detail", kwargs={"slug": "evil"})).content.decode()
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get(reverse("roadmap:glossary")).content.decode()
    assert "ЗЛО" in html and not re.search(r"<img[^>]*onerror", html)


# Fixed number of queries whatever the size -----------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_institution_pages_take_a_fixed_number_of_queries(
    coordinator_client, small_roadmap, django_assert_max_num_queries
):
    list_url = reverse("manage:institution_list")
    edit_url = reverse("manage:institution_edit", kwargs={"slug": "inst-0"})
    coordinator_client.get(
        list_url
    )  # the first request also loads the published edition into the process cache
    small = (count_queries(coordinator_client, list_url), count_queries(coordinator_client, edit_url))

    content_import(document=synthetic_document(steps=200, institutions=100))
    assert Institution.objects.count() == 100
    big = (count_queries(coordinator_client, list_url), count_queries(coordinator_client, edit_url))
    assert big == small
    with django_assert_max_num_queries(8):
        coordinator_client.get(list_url)
    with django_assert_max_num_queries(12):
        coordinator_client.get(edit_url)
