"""A handout pack whose roadmap PDFs are not rendered yet is built by the background worker while the trainer
waits on a page that refreshes itself, then offers the file."""

import io
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from roadmap_site import pdf
from trainings.models import Handout

from .factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def pack(client, trainer, demo, pdf_cache, fake_weasyprint, settings):
    """A session with three roadmap handouts, a signed-in trainer, and tasks queued for a worker."""
    settings.TASKS = DATABASE
    session = TrainingSessionFactory()
    bg = demo.localized("bg")
    Handout.objects.create(session=session, kind="handbook", position=1)
    Handout.objects.create(session=session, kind="scenario", roadmap_slug=bg.scenarios[0].slug, position=2)
    Handout.objects.create(
        session=session, kind="institution", roadmap_slug=bg.institution_list[0].slug, position=3
    )
    client.force_login(trainer)
    return session


def urls(session):
    return (
        reverse("trainings:handout_pack", kwargs={"pk": session.pk}),
        reverse("trainings:handout_pack_progress", kwargs={"pk": session.pk}),
    )


def test_the_worker_builds_the_pack_while_the_page_refreshes(run_worker, client, pack, fake_weasyprint):
    download, progress = urls(pack)
    response = client.get(download)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == progress
    assert fake_weasyprint == []  # nothing rendered in the web request
    client.get(download)  # asking again does not queue it twice
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    page = client.get(progress).content.decode()
    assert 'data-reload-after="3"' in page and '<noscript><meta http-equiv="refresh" content="3">' in page
    assert '<progress class="w-100" value="0" max="3"' in page

    run_worker()
    assert len(fake_weasyprint) == 3
    page = client.get(progress).content.decode()
    assert "pack-ready" in page and 'http-equiv="refresh"' not in page and "data-reload-after" not in page
    response = client.get(download)
    assert response.status_code == HTTPStatus.OK and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert [name.split("-")[1] for name in names] == ["handbook", "scenario", "institution"]
    assert len(fake_weasyprint) == 3  # served as kept


def test_a_pack_of_rendered_pdfs_is_built_at_once(run_worker, client, pack, fake_weasyprint):
    download, _progress = urls(pack)
    client.get(download)
    run_worker()
    Handout.objects.filter(session=pack, kind="institution").delete()  # another pack: its PDFs are ready
    response = client.get(download)
    assert response.status_code == HTTPStatus.OK
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 2
    assert DBTaskResult.objects.count() == 1 and len(fake_weasyprint) == 3


def test_a_failed_pack_says_so_and_offers_to_try_again(run_worker, client, pack, monkeypatch):
    download, progress = urls(pack)
    monkeypatch.setattr(pdf, "render_document", lambda document: (_ for _ in ()).throw(OSError("disk full")))
    client.get(download)
    run_worker()
    page = client.get(progress).content.decode()
    assert "pack-stopped" in page and 'http-equiv="refresh"' not in page and "data-reload-after" not in page
    assert f'href="{download}"' in page
    assert client.get(download)["Location"] == progress  # queued again
    assert DBTaskResult.objects.filter(status="READY").count() == 1
