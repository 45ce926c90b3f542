"""Uploaded minutes go through the site's upload checks (roadmap_site.uploads): a refusal is shown next to
the field and stores nothing; the file downloads for staff only, never cached."""

import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Meeting

from ..library.factories import pdf_bytes
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{DOCX_MAIN}"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, meeting, name: str, data: bytes):
    url = reverse("meetings:minutes_upload", kwargs={"pk": meeting.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_uploaded_minutes_download_for_staff_and_a_new_file_replaces_the_old(
    client, trainer, media, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    meeting = MeetingFactory()
    first = pdf_bytes("протокол")
    assert upload(client, meeting, "Протокол Русе.pdf", first).status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.minutes_file_type == "application/pdf" and meeting.minutes_file_name == "Протокол Русе.pdf"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:minutes_download", kwargs={"pk": meeting.pk}) in page

    response = client.get(reverse("meetings:minutes_download", kwargs={"pk": meeting.pk}))
    assert b"".join(response.streaming_content) == first
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, meeting, "protokol.docx", docx()).status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.minutes_file_name == "protokol.docx"
    assert [path.suffix for path in stored_files(media)] == [".docx"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("протокол.pdf", "Това не е PDF, а текст.".encode(), "не е PDF / Word (DOCX)"),
        ("macro.docx", b"PK\x03\x04 not really a zip", "не е PDF / Word (DOCX)"),
        ("bomb.docx", docx({"word/media/zeros.bin": b"\x00" * (3 * 1024 * 1024)}), "архивните бомби"),
        ("table.xlsx", b"", "празен"),
    ],
)
def test_bad_minutes_are_refused_next_to_the_field_and_nothing_is_stored(
    client, coordinator, media, name, data, reason
):
    client.force_login(coordinator)
    meeting = MeetingFactory()
    response = upload(client, meeting, name, data)
    assert response.status_code == HTTPStatus.OK
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert reason in errors, errors
    meeting.refresh_from_db()
    assert not meeting.minutes_file and not meeting.minutes_file_type
    assert stored_files(media) == []


def test_an_xlsx_is_not_minutes(client, coordinator, media):
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    client.force_login(coordinator)
    meeting = MeetingFactory()
    assert upload(client, meeting, "minutes.xlsx", xlsx.getvalue()).status_code == HTTPStatus.OK
    assert not Meeting.objects.get().minutes_file


def test_oversized_minutes_are_refused(client, coordinator, media, settings):
    settings.MEETINGS_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(coordinator)
    meeting = MeetingFactory()
    response = upload(client, meeting, "big.pdf", pdf_bytes("x" * 1024 * 1024))
    assert "по-голям от 1 MB" in " ".join(response.context["form"].errors["file"])
    assert stored_files(media) == []


def test_removing_the_uploaded_minutes_keeps_the_written_ones(
    client, coordinator, media, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    meeting = MeetingFactory(minutes="Писмен протокол.")
    upload(client, meeting, "p.pdf", pdf_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:minutes_remove", kwargs={"pk": meeting.pk}))
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert not meeting.minutes_file and meeting.minutes == "Писмен протокол."
    assert stored_files(media) == []
    assert client.get(reverse("meetings:minutes_download", kwargs={"pk": meeting.pk})).status_code == 404
