"""An edition's standard PDFs rendered in the background: enqueued at publish, retried, reported, stopped
when a newer edition comes, counted on the coordinators' dashboard."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from roadmap import tasks
from roadmap.editions import latest_edition
from roadmap.manage.publishing_selectors import edition_pdfs
from roadmap.models import Edition
from roadmap.services import content_import, edition_publish
from roadmap.standard_pdfs import standard_documents
from roadmap.synthetic import synthetic_document
from roadmap_site import pdf
from roadmap_site.pdf import cache_name, is_stored, pdf_bytes

pytestmark = pytest.mark.django_db

SITE = "http://roadmap.example.bg/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def ahead(settings, pdf_cache, fake_weasyprint, monkeypatch):
    """PDFs rendered ahead for SITE, with a stub WeasyPrint, retries without a pause."""
    settings.SITE_URL = SITE
    monkeypatch.setattr(tasks, "RETRY_PAUSE_SECONDS", 0)
    return fake_weasyprint


@pytest.fixture
def roadmap(db):
    """A small roadmap (3 institutions, 2 scenarios) in the working copy, not yet published."""
    document = synthetic_document(steps=8, institutions=3, stages=2, references=3, terms=3)
    document["scenarios"] = [
        {"slug": "all-yes", "name": {"bg": "Все „да“", "en": "All yes"}, "answers": {"step-3": "yes"}},
        {"slug": "all-no", "name": {"bg": "Все „не“", "en": "All no"}, "answers": {"step-3": "no"}},
    ]
    content_import(document=document)


def test_standard_documents_are_handbook_institutions_and_scenarios_in_every_language(
    ahead, roadmap, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # not enqueued: only the list is looked at here
        edition_publish()
    edition = latest_edition()
    documents = standard_documents(edition, site_url=SITE)
    kinds = {(document.key_parts[0], document.language) for document in documents}
    assert kinds == {
        (kind, lang) for kind in ("handbook", "institution", "scenario") for lang in ("bg", "en")
    }
    per_language = 1 + len(edition.localized("bg").institutions) + len(edition.localized("bg").scenarios)
    assert len(documents) == 2 * per_language
    assert all(document.store and document.site_url == SITE for document in documents)


def test_publishing_renders_every_standard_pdf_once_committed(
    ahead, roadmap, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition = edition_publish()
    assert ahead == []  # nothing before the commit
    callbacks[0]()
    documents = standard_documents(latest_edition(), site_url=SITE)
    assert len(ahead) == len(documents)
    assert all(is_stored(document) for document in documents)
    # A download is now a file read.
    hit = pdf_bytes(documents[0])
    assert hit[1] is True and len(ahead) == len(documents)
    assert edition_pdfs().ready == edition_pdfs().total == len(documents)
    assert edition.number == 1


def test_publishing_enqueues_a_task_per_language_for_the_worker(
    ahead, roadmap, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        edition = edition_publish()
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.order_by("enqueued_at")
    assert [task.task_path for task in queued] == ["roadmap.tasks.render_edition_pdfs"] * 2
    assert [task.args_kwargs for task in queued] == [
        {"args": [], "kwargs": {"number": edition.number, "language": lang}} for lang in ("bg", "en")
    ]
    assert {task.status for task in queued} == {"READY"} and ahead == []
    assert tasks.render_status(edition.number) == "RUNNING" and tasks.render_queued(edition.number)
    progress = edition_pdfs()
    assert (progress.ready, progress.rendering, progress.failed) == (0, True, False)


def test_nothing_is_enqueued_without_the_sites_address(roadmap, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = ""
    settings.TASKS = DATABASE
    with django_capture_on_commit_callbacks(execute=True):
        edition_publish()
    assert not DBTaskResult.objects.exists()
    assert edition_pdfs().ahead is False


def test_a_failed_publish_enqueues_nothing(ahead, roadmap, settings, monkeypatch):
    settings.TASKS = DATABASE
    monkeypatch.setattr("roadmap.services.publishing.pathway_problems", lambda document: ["a pathway error"])
    with pytest.raises(Exception):  # noqa: B017 - DocumentError
        edition_publish()
    assert not DBTaskResult.objects.exists()


def test_a_failing_document_is_retried_then_the_task_fails_naming_it(
    ahead, roadmap, settings, monkeypatch, django_capture_on_commit_callbacks
):
    with_capture = []
    real = pdf.render_document

    def flaky(document):
        with_capture.append(document.filename)
        if document.key_parts[0] == "handbook" and document.language == "en":
            raise RuntimeError("fonts missing")
        if document.key_parts[0] == "handbook" and with_capture.count(document.filename) < 3:
            raise RuntimeError("a passing hiccup")  # the Bulgarian handbook works at the third attempt
        return real(document)

    monkeypatch.setattr(pdf, "render_document", flaky)
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        edition_number = edition_publish().number
    handbook_en = f"patna-karta-narachnik-izdanie-{edition_number}-en.pdf"
    handbook_bg = f"patna-karta-narachnik-izdanie-{edition_number}-bg.pdf"
    assert with_capture.count(handbook_en) == tasks.ATTEMPTS == 3
    assert with_capture.count(handbook_bg) == 3
    with pytest.raises(
        CommandError, match=rf"1 of \d+ PDFs of edition 1 \(all\) could not be rendered.*{handbook_en}"
    ):
        call_command("render_pdfs")
    progress = edition_pdfs()
    assert progress.ready == progress.total - 1


def test_the_failure_shows_as_a_failed_task_result_until_a_later_run_succeeds(
    run_worker, ahead, roadmap, settings, monkeypatch
):
    settings.TASKS = DATABASE
    edition_publish()  # no on_commit here: the test's transaction never commits
    real = pdf.render_document
    monkeypatch.setattr(pdf, "render_document", lambda document: (_ for _ in ()).throw(OSError("disk full")))
    result = tasks.render_edition_pdfs.enqueue(number=1, language="bg")
    run_worker()
    result.refresh()
    assert result.status == "FAILED"
    assert "EditionPdfsFailed" in result.errors[0].exception_class_path
    assert "could not be rendered" in result.errors[0].traceback
    progress = edition_pdfs()
    assert progress.failed and progress.ready == 0 and tasks.render_status(1) == "FAILED"
    monkeypatch.setattr(pdf, "render_document", real)
    tasks.render_edition_pdfs.enqueue(number=1, language="bg")
    run_worker()
    assert tasks.render_status(1) == "SUCCESSFUL"
    assert edition_pdfs().ready == edition_pdfs().total // 2  # the Bulgarian half


def test_rendering_stops_when_a_newer_edition_is_published(ahead, roadmap, settings, monkeypatch):
    edition_publish()
    rendered = []
    real = pdf.render_document

    def then_publish(document):
        rendered.append(document)
        if len(rendered) == 2:
            edition_publish()  # with the dummy backend: edition 2's own task is not run here
        return real(document)

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(pdf, "render_document", then_publish)
    summary = tasks.render_edition_pdfs.call(number=1)
    assert summary["superseded"] is True
    assert len(rendered) == 2 and Edition.objects.latest_number() == 2


def test_a_second_run_renders_nothing_again(ahead, roadmap, settings):
    edition_publish()
    tasks.render_edition_pdfs.call(number=1)
    count = len(ahead)
    summary = tasks.render_edition_pdfs.call(number=1)
    assert summary["rendered"] == 0 and summary["ready"] == count == len(ahead)


def test_render_pdfs_command(ahead, roadmap, settings, capsys):
    settings.TASKS = DATABASE
    call_command("render_pdfs")
    assert "No edition is published yet" in capsys.readouterr().out
    edition_publish()
    call_command("render_pdfs", "--enqueue")
    assert "Queued the PDFs of edition 1" in capsys.readouterr().out
    call_command("render_pdfs", "--enqueue")
    assert "queued already" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # one per language
    call_command("render_pdfs", "--edition", "1")
    assert f"Edition 1: {len(ahead)} PDFs, {len(ahead)} rendered now" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no edition 7"):
        call_command("render_pdfs", "--edition", "7")
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="DJANGO_SITE_URL"):
        call_command("render_pdfs")


# The dashboard's card


def dashboard():
    return reverse("manage:dashboard")


def pdf_cache_file(document):
    return Path(default_storage.path(cache_name(document.cache_key, document.edition)))


def test_dashboard_card_needs_a_coordinator(client, ahead, roadmap, trainer):
    response = client.get(dashboard())
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"]
    client.force_login(trainer)
    assert client.get(dashboard()).status_code == HTTPStatus.FORBIDDEN


def test_dashboard_counts_the_pdfs_ready(client, ahead, roadmap, coordinator):
    edition_publish()
    tasks.render_edition_pdfs.call(number=1)
    document = standard_documents(latest_edition(), site_url=SITE)[0]
    default_storage_path = pdf_cache_file(document)
    default_storage_path.unlink()  # one of them is gone
    client.force_login(coordinator)
    page = client.get(dashboard()).content.decode()
    total = len(ahead)
    assert f'<progress class="w-100" value="{total - 1}" max="{total}"' in page
    assert "django_tasks_database" not in page  # a coordinator has no link to the admin


def test_dashboard_notes_a_failure_and_links_administrators_to_the_tasks(
    client, ahead, roadmap, settings, coordinator, administrator
):
    settings.TASKS = DATABASE
    edition_publish()
    DBTaskResult.objects.create(
        task_path="roadmap.tasks.render_edition_pdfs",
        args_kwargs={"args": [], "kwargs": {"number": 1}},
        status="FAILED",
        backend_name="default",
    )
    admin_link = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    client.force_login(coordinator)
    page = client.get(dashboard()).content.decode()
    assert "pdfs-failed" in page and admin_link not in page
    client.force_login(administrator)
    page = client.get(dashboard()).content.decode()
    assert "pdfs-failed" in page and admin_link in page
    tasks_admin = client.get(admin_link)
    assert tasks_admin.status_code == HTTPStatus.OK
    assert "render_edition_pdfs" in tasks_admin.content.decode()


def test_dashboard_says_pdfs_render_on_download_without_the_sites_address(
    client, roadmap, settings, coordinator
):
    settings.SITE_URL = ""
    edition_publish()
    client.force_login(coordinator)
    page = client.get(dashboard()).content.decode()
    assert "pdfs-on-demand" in page and "<progress" not in page
