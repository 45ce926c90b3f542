"""The records pages: audit trail, translation status, export and import of the working copy."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from roadmap.manage.records_forms import pending_import_keep, pending_import_take
from roadmap.models import Edition, Step
from roadmap.services import (
    WorkingCopyChanged,
    content_export,
    content_import,
    save_edit,
    working_copy_digest,
)
from roadmap.synthetic import synthetic_document

from ...factories import UserFactory

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "roadmap.json"):
    return client.post(reverse("manage:import"), {"file": SimpleUploadedFile(name, content)})


def as_file(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


# --- the menu ------------------------------------------------------------------------------------------


def test_the_menu_shows_the_audit_trail_only_to_administrators(client, coordinator, administrator):
    client.force_login(coordinator)
    page = client.get(reverse("manage:translations")).content.decode()
    assert reverse("manage:import") in page and reverse("manage:audit") not in page
    client.force_login(administrator)
    assert reverse("manage:audit") in client.get(reverse("manage:translations")).content.decode()


# --- audit trail -------------------------------------------------------------------------------------


def test_audit_page_shows_who_changed_what_with_filters(client, administrator, coordinator, small_roadmap):
    step = Step.objects.get(slug="step-7")
    step.title_bg = "Съвсем ново заглавие"
    save_edit(instance=step, expected_revision=step.revision, actor=coordinator)
    client.force_login(administrator)

    page = client.get(reverse("manage:audit"), {"user": coordinator.pk}).content.decode()
    assert "Съвсем ново заглавие" in page and coordinator.username in page
    assert page.count('class="border-bottom py-3"') == 1

    by_object = client.get(reverse("manage:audit"), {"object": f"step:{step.pk}"}).content.decode()
    assert by_object.count('class="border-bottom py-3"') == 2  # created by the import, then changed

    assert (
        client.get(reverse("manage:audit"), {"object": "nonsense", "user": "x", "page": "99"}).status_code
        == 200
    )


def test_audit_trail_attributes_an_import_to_the_signed_in_user(client, coordinator, administrator):
    client.force_login(coordinator)
    upload(client, as_file(synthetic_document(steps=10, institutions=3)))
    client.post(reverse("manage:import"), {"token": client.session["manage_pending_import"]["token"]})

    client.force_login(administrator)
    page = client.get(reverse("manage:audit"), {"user": coordinator.pk}).content.decode()
    assert "roadmap.json" in page  # the change reason names the file
    assert "step-9" in page


def test_audit_page_queries_do_not_grow_with_history(
    client, administrator, coordinator, django_assert_max_num_queries
):
    client.force_login(administrator)
    content_import(document=synthetic_document(steps=10, institutions=3))
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("manage:audit"))
    content_import(document=synthetic_document(steps=120, institutions=30))
    for step in Step.objects.order_by("pk")[:30]:
        step.summary_bg = "Променено резюме"
        save_edit(instance=step, expected_revision=step.revision, actor=coordinator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("manage:audit")).status_code == 200


# --- translation status ------------------------------------------------------------------------------


def test_translation_page_lists_outdated_items_with_a_filter(client, coordinator, small_roadmap):
    step = Step.objects.get(slug="step-3")
    step.summary_bg = "Ново резюме"
    save_edit(instance=step, expected_revision=step.revision, actor=coordinator)
    client.force_login(coordinator)

    page = client.get(reverse("manage:translations"), {"status": "outdated"}).content.decode()

    assert step.title_bg in page
    assert Step.objects.get(slug="step-4").title_bg not in page


def test_translation_page_queries_do_not_grow_with_content(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    content_import(document=synthetic_document(steps=10, institutions=3))
    with django_assert_max_num_queries(34) as small:
        client.get(reverse("manage:translations"))
    content_import(document=synthetic_document(steps=150, institutions=30))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("manage:translations")).status_code == 200


# --- export and import -------------------------------------------------------------------------------


def test_export_downloads_the_working_copy_as_a_named_json_file(client, coordinator, small_roadmap):
    client.force_login(coordinator)
    response = client.get(reverse("manage:export"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="patna-karta-rabotno-kopie-20')
    assert json.loads(response.content.decode("utf-8")) == content_export()
    assert "Институция" in response.content.decode("utf-8")  # readable UTF-8, not \u escapes


def test_export_then_import_gives_the_same_export(client, coordinator, small_roadmap):
    client.force_login(coordinator)
    exported = client.get(reverse("manage:export")).content
    content_import(document=synthetic_document(steps=5, institutions=2))  # something else in between

    preview = upload(client, exported, "backup.json")
    assert preview.status_code == 200
    assert "Замяна на работното копие" in preview.content.decode()  # the confirmation button
    assert Step.objects.count() == 5  # the preview writes nothing

    token = client.session["manage_pending_import"]["token"]
    response = client.post(reverse("manage:import"), {"token": token})

    assert response.status_code == 302
    assert content_export() == json.loads(exported)
    assert "manage_pending_import" not in client.session


def test_import_preview_shows_counts_of_the_file(client, coordinator, small_roadmap):
    client.force_login(coordinator)
    response = upload(client, as_file(synthetic_document(steps=7, institutions=2)))
    counts = dict((label, (now, new)) for label, now, new in response.context["preview"].counts)
    assert counts["Стъпки"] == (50, 7)  # now, in the file
    assert counts["Институции"] == (20, 2)


@pytest.fixture
def unchanged(small_roadmap):
    """Asserts after the test that the working copy and the editions are exactly as before."""
    before = content_export(), Step.history.count(), Edition.objects.count()
    yield
    assert (content_export(), Step.history.count(), Edition.objects.count()) == before


def test_invalid_json_is_refused_with_line_and_column(client, coordinator, unchanged):
    client.force_login(coordinator)
    response = upload(client, b'{\n  "stages": [\n    {"slug": "a",,}\n  ]\n}')

    errors = response.context["form"].errors["file"]
    assert response.status_code == 200
    assert any("3" in e and "18" in e for e in errors), errors  # line 3, column 18
    assert "manage_pending_import" not in client.session


def test_an_option_to_an_unknown_step_is_refused_with_its_path(client, coordinator, unchanged):
    document = synthetic_document(steps=20, institutions=3)
    decision = next(
        step for stage in document["stages"] for step in stage["steps"] if step["kind"] == "decision"
    )
    decision["options"][0]["target"] = "no-such-step"
    client.force_login(coordinator)

    response = upload(client, as_file(document))

    problems = response.context["form"].problems
    assert [p.where for p in problems if "target" in p.where]
    assert "no-such-step" in response.content.decode() or ".target" in response.content.decode()
    assert "manage_pending_import" not in client.session


@pytest.mark.parametrize(
    "break_it, where",
    [
        (
            lambda doc: doc["legal_references"][0].update(source={"status": "settled"}),
            "legal_references[0].source.status",
        ),
        (
            lambda doc: doc["legal_references"][1].update(source={"status": "verified", "kind": "official"}),
            "legal_references[1].source.url",
        ),
        (lambda doc: doc["regimes"][1].update({"from": "2026-06-01"}), "regimes[1].from"),
    ],
)
def test_an_unsourced_or_overlapping_claim_is_refused_whole_with_its_path(
    client, coordinator, unchanged, break_it, where
):
    document = synthetic_document(steps=20, institutions=3)
    break_it(document)
    client.force_login(coordinator)
    response = upload(client, as_file(document))
    assert where in [p.where for p in response.context["form"].problems]
    assert where in response.content.decode()
    assert "manage_pending_import" not in client.session


def test_an_oversized_file_is_refused(client, coordinator, unchanged):
    client.force_login(coordinator)
    response = upload(client, b" " * (5 * 1024 * 1024 + 1))
    assert "5" in response.context["form"].errors["file"][0]
    assert (
        "MB" in response.context["form"].errors["file"][0]
        or "МБ" in response.context["form"].errors["file"][0]
    )


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", b"[1, 2, 3]", b"just text"]
)
def test_a_file_that_is_not_a_roadmap_document_is_refused(client, coordinator, unchanged, content):
    client.force_login(coordinator)
    response = upload(client, content, "picture.png")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def _huge_amount() -> bytes:
    document = synthetic_document(steps=20, institutions=3)
    step = next(s for stage in document["stages"] for s in stage["steps"] if s.get("deadlines"))
    step["deadlines"][0].update(unit="days", amount=10**4000)
    return as_file(document)


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than Python's recursion limit
        b'{"stages": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b'{"stages": ' + b"[" * 40 + b"]" * 40 + b"}",  # parses, but no roadmap nests this deep
        b'{"number": ' + b"9" * 5000 + b"}",  # more digits than Python reads
    ],
    ids=["deep-array", "deep-in-object", "deep-enough", "huge-number"],
)
def test_a_hostile_json_file_is_refused_with_a_message(client, coordinator, unchanged, content):
    client.force_login(coordinator)
    response = upload(client, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "manage_pending_import" not in client.session


def test_a_huge_number_inside_a_roadmap_document_is_refused_with_its_path(client, coordinator, unchanged):
    client.force_login(coordinator)
    response = upload(client, _huge_amount())
    assert response.status_code == 200
    assert any("amount" in p.where for p in response.context["form"].problems)
    assert "manage_pending_import" not in client.session


def test_the_audit_trail_takes_any_user_number_without_failing(client, administrator):
    client.force_login(administrator)
    for value in ("99999999999999999999999", "9223372036854775808", "-1", "abc"):
        response = client.get(
            reverse("manage:audit"), {"user": value, "object": "roadmap.step:9999999999999"}
        )
        assert response.status_code in (200, 404), value


def test_a_confirmation_without_a_pending_upload_writes_nothing(client, coordinator, unchanged):
    client.force_login(coordinator)
    response = client.post(reverse("manage:import"), {"token": "0" * 64}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("manage:import")
    assert len(list(response.context["messages"])) == 1


def test_import_needs_a_csrf_token(coordinator, unchanged):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = upload(client, as_file(synthetic_document(steps=5, institutions=2)))
    assert response.status_code == 403


def test_export_is_get_only(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("manage:export")).status_code == 405


# --- the preview binds the confirmation ----------------------------------------------------------------


def _previewed(client, coordinator) -> str:
    client.force_login(coordinator)
    assert upload(client, as_file(synthetic_document(steps=5, institutions=2))).status_code == 200
    return client.session["manage_pending_import"]["token"]


def test_an_import_previewed_before_someone_else_edited_the_working_copy_is_refused(
    client, coordinator, small_roadmap
):
    token = _previewed(client, coordinator)
    step = Step.objects.order_by("pk").first()
    step.title_bg = "Заглавие, променено след прегледа"
    save_edit(instance=step, expected_revision=step.revision, actor=None)
    edited = content_export()

    with translation.override("en"):
        response = client.post(reverse("manage:import"), {"token": token}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("manage:import")
    assert "working copy changed since the preview" in response.content.decode()
    assert content_export() == edited and Step.objects.count() == 50  # nothing imported
    assert "manage_pending_import" not in client.session


def test_an_import_preview_cannot_be_confirmed_from_another_sign_in(client, coordinator, unchanged):
    token = _previewed(client, coordinator)
    for intruder_user in (coordinator, UserFactory(groups=["coordinator"])):
        intruder = Client()
        intruder.force_login(intruder_user)
        response = intruder.post(reverse("manage:import"), {"token": token})
        assert response.status_code == 302
    assert client.session["manage_pending_import"]["token"] == token  # still waiting in its own session


def test_a_pending_import_is_given_only_to_the_user_who_previewed_it():
    session = {}
    token = pending_import_keep(session, user_id=1, text="{}", filename="a.json", digest="d" * 64)
    assert pending_import_take(session, token=token, user_id=2) is None
    assert session == {}  # taken away: the other user's attempt spends it

    token = pending_import_keep(session, user_id=1, text="{}", filename="a.json", digest="d" * 64)
    assert pending_import_take(session, token="0" * 64, user_id=1) is None
    pending = pending_import_take(session, token=token, user_id=1)
    assert pending.document == {} and pending.digest == "d" * 64


def test_content_import_refuses_a_stale_digest_and_writes_nothing(small_roadmap):
    digest = working_copy_digest()
    assert working_copy_digest(content_export()) == digest
    content_import(document=synthetic_document(steps=5, institutions=2), expected_digest=digest)
    before = content_export()
    with pytest.raises(WorkingCopyChanged):
        content_import(document=synthetic_document(steps=7, institutions=2), expected_digest=digest)
    assert content_export() == before
