"""Sign-in sheets, the handouts page and the handout pack ZIP."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.pdf import pdf_text
from trainings.models import Handout

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sheet_url(session, day="2024-03-28"):
    return reverse("trainings:signin_sheet", kwargs={"pk": session.pk, "day": day})


@pytest.mark.django_db
def test_signin_sheet_lists_participants_in_cyrillic(client, trainer, pdf_cache):
    session = TrainingSessionFactory(
        title="Пътна карта НМНЛ — Русе",
        town="Русе",
        venue="Зала „Дунав“",
        funder_line="Проектът се финансира от Фонд „Вътрешна сигурност“",
    )
    names = ["Анна Стоянова", "Борис Цветков", "Гергана Шишкова", "Юлиян Щерев"]
    for name in names:
        RegistrationFactory(
            session=session, participant=ParticipantFactory(full_name=name, position="инспектор")
        )
    client.force_login(trainer)
    response = client.get(sheet_url(session))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert all(name in text for name in names)
    assert "Русе" in text and "Зала „Дунав“" in text and "28.03.2024" in text
    assert "Ден 2 от 3" in text or "Day 2 of 3" in text
    assert "Фонд „Вътрешна сигурност“" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape
    assert "12" in text  # 4 participants + 8 walk-in rows numbered to 12
    assert not pdf_cache.exists() or not any(pdf_cache.rglob("*.pdf"))  # names never cached on disk


@pytest.mark.django_db
def test_signin_sheet_many_pages_repeat_header(client, trainer, pdf_cache):
    session = TrainingSessionFactory()
    for index in range(40):
        RegistrationFactory(
            session=session, participant=ParticipantFactory(full_name=f"Участничка Номер {index:02d}")
        )
    client.force_login(trainer)
    reader, _text = pdf_text(client.get(sheet_url(session, "2024-03-27")).content)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        page_text = page.extract_text()
        assert "Подпис" in page_text or "Signature" in page_text  # the table header on every page
    last = reader.pages[-1].extract_text()
    assert f"{len(reader.pages)}" in last


@pytest.mark.django_db
def test_signin_sheet_follows_registrations(client, trainer, pdf_cache):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    client.get(sheet_url(session))
    RegistrationFactory(session=session, participant=ParticipantFactory(full_name="Късно Записан"))
    _reader, text = pdf_text(client.get(sheet_url(session)).content)
    assert "Късно Записан" in text


@pytest.mark.django_db
def test_signin_sheet_in_session_language(client, trainer, pdf_cache):
    session = TrainingSessionFactory(language="en")
    client.force_login(trainer)
    _reader, text = pdf_text(client.get(sheet_url(session)).content)
    assert "Signature" in text and "Day 2 of 3" in text


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2024-04-01", "2024-13-40", "tomorrow"])
def test_signin_sheet_bad_day_is_404(client, trainer, day):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    assert client.get(sheet_url(session, day)).status_code == 404


@pytest.mark.django_db
def test_signin_sheet_queries_fixed(client, trainer, fake_weasyprint, django_assert_num_queries):
    small, big = TrainingSessionFactory(), TrainingSessionFactory()
    for _ in range(3):
        RegistrationFactory(session=small)
    for _ in range(40):
        RegistrationFactory(session=big)
    client.force_login(trainer)
    client.get(sheet_url(small))
    # The request and (tasks run in the request here) the worker's rendering: the same for 3 or 40 names.
    with django_assert_num_queries(11):
        assert client.get(sheet_url(small)).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(sheet_url(big)).status_code == 200


@pytest.mark.django_db
def test_handout_pack_zip(client, trainer, demo, pdf_cache, fake_weasyprint):
    bg = demo.localized("bg")
    session = TrainingSessionFactory()
    scenario = bg.scenarios[0].slug
    institution = bg.institution_list[0].slug
    client.force_login(trainer)
    base = {"pk": session.pk}
    assert (
        client.post(
            reverse("trainings:handout_add", kwargs=base), {"kind": "scenario", "slug": scenario}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("trainings:handout_add", kwargs=base), {"kind": "institution", "slug": institution}
        ).status_code
        == 302
    )
    assert client.post(reverse("trainings:handout_add", kwargs=base), {"kind": "handbook"}).status_code == 302
    upload = SimpleUploadedFile("program.pdf", PDF_BYTES, content_type="application/pdf")
    assert (
        client.post(
            reverse("trainings:handout_upload", kwargs=base), {"title": "Програма", "file": upload}
        ).status_code
        == 302
    )
    response = client.get(reverse("trainings:handout_pack", kwargs=base))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [
        f"01-scenario-{scenario}-izdanie-{demo.number}-bg.pdf",
        f"02-institution-{institution}-izdanie-{demo.number}-bg.pdf",
        f"03-handbook-narachnik-izdanie-{demo.number}-bg.pdf",
        "04-program.pdf",
    ]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("04-program.pdf") == PDF_BYTES
    assert all(archive.read(name).startswith(b"%PDF") for name in names)
    # the roadmap PDFs went into the shared cache: a second pack renders nothing
    renders = len(fake_weasyprint)
    client.get(reverse("trainings:handout_pack", kwargs=base))
    assert len(fake_weasyprint) == renders
    # same cache key as the reader's own download of that PDF
    reader_pdf = client.get(reverse("roadmap:handbook_pdf"))
    assert reader_pdf["X-PDF-Cache"] == "hit"


@pytest.mark.django_db
def test_handout_pack_session_language(client, trainer, demo, pdf_cache, fake_weasyprint):
    session = TrainingSessionFactory(language="en")
    Handout.objects.create(session=session, kind="handbook", position=1)
    client.force_login(trainer)
    response = client.get(reverse("trainings:handout_pack", kwargs={"pk": session.pk}))
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == [
        f"01-handbook-narachnik-izdanie-{demo.number}-en.pdf"
    ]
    assert 'lang="en"' in fake_weasyprint[-1]


@pytest.mark.django_db
def test_handout_pack_notes_slugs_gone_from_edition(client, trainer, demo, pdf_cache, fake_weasyprint):
    session = TrainingSessionFactory()
    Handout.objects.create(session=session, kind="scenario", roadmap_slug="no-such-scenario", position=1)
    client.force_login(trainer)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("trainings:handout_pack", kwargs={"pk": session.pk})).content)
    )
    assert archive.namelist() == ["README.txt"]
    assert "no-such-scenario" in archive.read("README.txt").decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ....", "cannot be uploaded"),
        ("fake.pdf", b"MZ not a pdf", "does not match"),
        ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_upload_refused(client, trainer, name, content, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"
    session = TrainingSessionFactory()
    client.force_login(trainer)
    url = reverse("trainings:handout_upload", kwargs={"pk": session.pk}).replace("/bg/", "/en/")
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Handout.objects.exists()
    assert not (tmp_path / "handouts").exists() or not any((tmp_path / "handouts").rglob("*"))


@pytest.mark.django_db
def test_add_roadmap_handout_needs_existing_slug(client, trainer, demo):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("trainings:handout_add", kwargs={"pk": session.pk}), {"kind": "institution", "slug": "nobody"}
    )
    assert response.status_code == 400 and not Handout.objects.exists()


@pytest.mark.django_db
def test_remove_handout(client, trainer, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    session = TrainingSessionFactory()
    client.force_login(trainer)
    client.post(
        reverse("trainings:handout_upload", kwargs={"pk": session.pk}),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    handout = Handout.objects.get()
    stored = tmp_path / handout.file.name
    assert stored.exists()
    url = reverse("trainings:handout_remove", kwargs={"pk": session.pk, "handout_id": handout.pk})
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and not Handout.objects.exists()
    assert not stored.exists()


@pytest.mark.django_db
def test_session_page_links_the_printouts(client, trainer):
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    page = client.get(reverse("trainings:session_detail", kwargs={"pk": session.pk})).content.decode()
    assert sheet_url(session, "2024-03-29") in page
    assert reverse("trainings:certificate_pdf", kwargs={"registration_id": registration.pk}) in page
    assert reverse("trainings:handout_pack", kwargs={"pk": session.pk}) in page
