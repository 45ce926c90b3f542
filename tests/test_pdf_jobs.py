"""Custom PDFs (a child's case, people's names) are rendered by the background worker, wait for their download
encrypted under a key only the link holds, and are gone within minutes (roadmap_site/pdf_jobs.py)."""

import os
import time
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cases.links import answers_query
from roadmap_site import pdf, pdf_jobs
from roadmap_site.pdf_jobs import Job, custom_document, pdf_jobs_sweep, recipe_document, recipe_for
from tests.factories import UserFactory
from trainings.certificates import certificate_issue

from .trainings.factories import RegistrationFactory, TrainingSessionFactory, attend

pytestmark = pytest.mark.django_db

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", pdf_jobs.QUEUE]}}
CASE_TIME = "2026-03-02T09:00"
MARKER = "d-child-or-adult"  # an answer of the case: must never be readable on disk


@pytest.fixture
def queued(settings, pdf_cache, fake_weasyprint):
    """Tasks go to the database and wait for a worker; the web request does not wait for one."""
    settings.TASKS = DATABASE
    settings.CUSTOM_PDF_WAIT_SECONDS = 0
    return fake_weasyprint


def guide_pdf_url():
    return reverse("cases:guide_pdf") + "?" + answers_query([("d-emergency", MARKER)], t=CASE_TIME)


def job_files(media):
    folder = media / pdf_jobs.JOBS_FOLDER
    return {path.suffix[1:]: path.read_bytes() for path in folder.iterdir()} if folder.exists() else {}


def everything_on_disk(media) -> bytes:
    return b"".join(path.read_bytes() for path in media.rglob("*") if path.is_file())


def test_a_guide_pdf_is_prepared_by_the_worker_and_kept_only_encrypted(
    client, demo, queued, pdf_cache, run_worker
):
    media = pdf_cache.parent
    asked = client.get(guide_pdf_url())
    assert asked.status_code == HTTPStatus.FOUND and "no-store" in asked["Cache-Control"]
    job_url = asked["Location"]
    parts = urlsplit(job_url)
    assert parts.path.startswith("/bg/pdf/") and list(parse_qs(parts.query)) == ["k"]
    assert queued == []  # the web worker rendered nothing

    waiting = client.get(job_url)
    assert waiting.status_code == HTTPStatus.ACCEPTED and "no-store" in waiting["Cache-Control"]
    page = waiting.content.decode()
    assert "PDF файлът се подготвя" in page  # translated
    seconds = pdf_jobs.PAGE_REFRESH_SECONDS  # by site.js, or by a meta refresh without JavaScript
    assert f'data-reload-after="{seconds}"' in page
    assert f'<noscript><meta http-equiv="refresh" content="{seconds}"></noscript>' in page
    assert MARKER in page  # the way back to the guide, from the encrypted page data
    # The task's row names the job only; the files hold nothing readable of the case.
    (row,) = DBTaskResult.objects.filter(task_path=pdf_jobs.render_custom_pdf.module_path)
    assert row.args_kwargs == {"args": [], "kwargs": {"job": parts.path.split("/")[3]}}
    assert set(job_files(media)) == {"recipe", "page"}
    assert MARKER.encode() not in everything_on_disk(media) and CASE_TIME.encode() not in everything_on_disk(
        media
    )

    run_worker(queues=[pdf_jobs.QUEUE])
    assert len(queued) == 1 and MARKER in queued[0]  # the worker rendered the case's path
    assert set(job_files(media)) == {"page", "pdf"}  # the recipe went as soon as the worker took it
    assert b"%PDF" not in everything_on_disk(media) and MARKER.encode() not in everything_on_disk(media)

    ready = client.get(job_url)
    assert ready.status_code == HTTPStatus.OK and ready.content.startswith(b"%PDF")
    assert ready["Content-Type"] == "application/pdf" and "no-store" in ready["Cache-Control"]
    assert "patevoditel" in ready["Content-Disposition"]
    assert client.get(job_url).status_code == HTTPStatus.OK  # opened again within the minutes it is kept


def test_a_job_opens_only_with_its_own_key(client, demo, queued, run_worker):
    job_url = client.get(guide_pdf_url())["Location"]
    run_worker(queues=[pdf_jobs.QUEUE])
    path = urlsplit(job_url).path
    for wrong in (path, f"{path}?k=", f"{path}?k={Job.new().key}", f"{path}?k=not-a-key"):
        response = client.get(wrong)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Връщане" in response.content.decode() or "изтекла" in response.content.decode()
    assert client.get(f"/bg/pdf/{Job.new().id}/?k={Job.new().key}").status_code == HTTPStatus.NOT_FOUND
    assert client.get(job_url).status_code == HTTPStatus.OK


def test_every_job_file_is_gone_minutes_later_and_its_link_expires(
    client, demo, queued, pdf_cache, run_worker, settings
):
    job_url = client.get(guide_pdf_url())["Location"]
    run_worker(queues=[pdf_jobs.QUEUE])
    assert client.get(job_url).status_code == HTTPStatus.OK
    # The sweep is queued to run after the files expire.
    (sweep,) = DBTaskResult.objects.filter(task_path=pdf_jobs.sweep_custom_pdfs.module_path, status="READY")
    assert sweep.run_after >= timezone.now() + timedelta(seconds=settings.CUSTOM_PDF_KEEP_SECONDS)
    later = timezone.now() + timedelta(seconds=settings.CUSTOM_PDF_KEEP_SECONDS + 1)
    assert pdf_jobs_sweep(now=later)["files"] == 2
    assert job_files(pdf_cache.parent) == {}
    assert not DBTaskResult.objects.filter(task_path=pdf_jobs.render_custom_pdf.module_path).exists()
    expired = client.get(job_url)
    assert expired.status_code == HTTPStatus.NOT_FOUND
    assert "изтекла" in expired.content.decode()


def test_an_encrypted_file_older_than_its_minutes_is_refused_even_before_the_sweep(
    client, demo, queued, run_worker, settings, monkeypatch
):
    job_url = client.get(guide_pdf_url())["Location"]
    run_worker(queues=[pdf_jobs.QUEUE])
    assert client.get(job_url).status_code == HTTPStatus.OK
    # Fernet tokens carry the time they were made: a clock past the minutes refuses them.
    later = time.time() + settings.CUSTOM_PDF_KEEP_SECONDS + 2
    monkeypatch.setattr("cryptography.fernet.time.time", lambda: later)
    assert client.get(job_url).status_code == HTTPStatus.NOT_FOUND


def test_a_failed_render_says_so_and_its_task_result_holds_no_case_data(
    client, demo, queued, run_worker, monkeypatch
):
    def broken(html):
        raise RuntimeError(f"cannot render {html[:5000]}")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    job_url = client.get(guide_pdf_url())["Location"]
    run_worker(queues=[pdf_jobs.QUEUE])
    failed = client.get(job_url)
    assert failed.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "PDF файлът не можа да бъде създаден" in failed.content.decode()
    (row,) = DBTaskResult.objects.filter(task_path=pdf_jobs.render_custom_pdf.module_path)
    assert row.status == "FAILED" and row.exception_class_path.endswith("CustomPdfFailed")
    assert MARKER not in row.traceback and "cannot render" not in row.traceback


def test_without_a_worker_within_the_wait_the_request_sends_the_pdf_itself_when_ready(
    client, demo, pdf_cache, fake_weasyprint
):
    """Tasks run in the request here (as with TASKS_BACKEND=immediate): the PDF comes at once, and nothing
    of the job is left behind."""
    response = client.get(guide_pdf_url())
    assert response.status_code == HTTPStatus.OK and response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert job_files(pdf_cache.parent) == {}


def test_a_certificate_link_opens_only_for_the_trainer_who_asked(client, demo, queued, trainer, run_worker):
    session = TrainingSessionFactory()
    registration = certificate_issue(registration=attend(RegistrationFactory(session=session), 3))
    client.force_login(trainer)
    job_url = client.get(reverse("trainings:certificate_pdf", kwargs={"registration_id": registration.pk}))[
        "Location"
    ]
    run_worker(queues=[pdf_jobs.QUEUE])
    assert registration.participant.full_name in queued[0]
    assert client.get(job_url).status_code == HTTPStatus.OK
    client.force_login(UserFactory(groups=["trainer"]))  # another trainer with the same link
    assert client.get(job_url).status_code == HTTPStatus.NOT_FOUND
    client.logout()  # nobody signed in
    assert client.get(job_url).status_code == HTTPStatus.NOT_FOUND


def test_a_sign_in_sheet_is_prepared_by_the_worker(client, queued, trainer, run_worker):
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    day = session.days.order_by("date").first().date.isoformat()
    job_url = client.get(reverse("trainings:signin_sheet", kwargs={"pk": session.pk, "day": day}))["Location"]
    assert queued == []
    run_worker(queues=[pdf_jobs.QUEUE])
    assert registration.participant.full_name in queued[0]
    assert client.get(job_url).content.startswith(b"%PDF")


def test_only_marked_builders_make_recipes_and_documents():
    def unmarked(**params):
        return None

    with pytest.raises(ValueError, match="not marked"):
        recipe_for(unmarked)
    with pytest.raises(ValueError, match="not a custom document builder"):
        recipe_document(pdf.Recipe(builder="os.system", params={"command": "true"}))

    @custom_document
    def marked(*, when):
        return None

    with pytest.raises(ValueError, match="JSON"):
        recipe_for(marked, when=timezone.now())


def test_a_request_waits_for_the_worker_only_when_no_other_pdf_is_ahead(client, demo, queued, settings):
    settings.CUSTOM_PDF_WAIT_SECONDS = 0.4
    started = time.monotonic()
    first = client.get(guide_pdf_url())  # no worker runs here: it waits, then shows "being prepared"
    waited = time.monotonic() - started
    assert first.status_code == HTTPStatus.FOUND and waited >= 0.4
    started = time.monotonic()
    second = client.get(guide_pdf_url().replace("T09", "T10"))  # one ahead of it: no wait at all
    assert second.status_code == HTTPStatus.FOUND and time.monotonic() - started < 0.3


def test_a_pdf_no_worker_renders_within_minutes_is_reported_not_awaited_forever(
    client, demo, queued, monkeypatch
):
    job_url = client.get(guide_pdf_url())["Location"]
    assert client.get(job_url).status_code == HTTPStatus.ACCEPTED  # queued, no worker yet
    monkeypatch.setattr(pdf_jobs, "GIVE_UP_SECONDS", 0.5)  # instead of waiting five minutes
    time.sleep(0.6)
    given_up = client.get(job_url)
    assert given_up.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "PDF файлът не можа да бъде създаден" in given_up.content.decode()


class NoPathStorage(InMemoryStorage):
    """A store without local paths, as an S3-compatible one (django-storages) is."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):  # InMemoryStorage builds its tree from path(): the same, without it
        return os.path.relpath(super().path(name), self.location)


@pytest.fixture
def remote_storage(settings, pdf_cache):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.test_pdf_jobs.NoPathStorage"}}
    from django.core.files.storage import default_storage

    with pytest.raises(NotImplementedError):
        default_storage.path("x")
    return default_storage


def test_the_pdf_cache_and_the_jobs_work_in_a_store_without_local_paths(
    client, demo, queued, remote_storage, run_worker
):
    scenario = reverse("cases:scenario_pdf", kwargs={"slug": "green-border-asylum"})
    first, again = client.get(scenario), client.get(scenario)
    assert (first["X-PDF-Cache"], again["X-PDF-Cache"]) == ("miss", "hit") and len(queued) == 1
    (folder,) = remote_storage.listdir(pdf.CACHE_FOLDER)[0]
    remote_storage.save(f"{pdf.CACHE_FOLDER}/e0/old.pdf", ContentFile(b"%PDF old"))  # an older edition's
    pdf.prune_pdf_cache(keep_from=1)
    assert remote_storage.listdir(f"{pdf.CACHE_FOLDER}/e0")[1] == []
    assert len(remote_storage.listdir(f"{pdf.CACHE_FOLDER}/{folder}")[1]) == 1

    job_url = client.get(guide_pdf_url())["Location"]
    run_worker(queues=[pdf_jobs.QUEUE])
    assert client.get(job_url).content.startswith(b"%PDF")
    assert sorted(name.rsplit(".", 1)[1] for name in remote_storage.listdir(pdf_jobs.JOBS_FOLDER)[1]) == [
        "page",
        "pdf",
    ]
