"""Shared fixtures: users in each role, a language reset, and published roadmaps to read."""

import copy
import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.utils import translation

from roadmap import editions
from roadmap.demo import DEMO_NOTE, demo_load
from roadmap.document import read_folder
from roadmap.editions import PublishedEdition, latest_edition
from roadmap.models import Edition
from roadmap.services import content_import, edition_publish
from roadmap.synthetic import synthetic_document

from .factories import UserFactory

DEMO = settings.BASE_DIR / "fixtures" / "demo"


@pytest.fixture(autouse=True)
def reset_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2 spends a quarter of a second per password on purpose; the tests make hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # Tests render templates without collectstatic, so no manifest of hashed file names exists.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_edition_cache():
    # Each test has its own database, so edition 1 of one test is not edition 1 of the next.
    def clear():
        editions.clear_cache()
        for cache in caches.all():
            # the throttle counts are rows of the test's own database, gone with it
            if not isinstance(cache, DatabaseCache):
                cache.clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """client.force_login signs in as if the second factor (required of administrators) had been entered,
    so tests about anything else need no authenticator app. tests/test_second_factor.py logs in for real."""
    from django.test import Client

    from accounts.session_state import second_factor_passed

    real_force_login = Client.force_login

    def force_login(self, user, backend=None):
        real_force_login(self, user, backend)
        session = self.session
        second_factor_passed(session)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def publish():
    """Import a document into the working copy and publish it; returns the edition."""

    def run(document, note=""):
        content_import(document=document)
        return edition_publish(note=note)

    return run


@pytest.fixture(scope="session")
def demo_edition():
    """The demo roadmap (fixtures/demo) as edition 1, built in memory: for tests that only read an edition.

    Shared by the whole session, so never change it; tests/roadmap/test_demo.py checks that it reads
    like the edition the database publishes."""
    published_at = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)
    return PublishedEdition(number=1, published_at=published_at, note=DEMO_NOTE, content=read_folder(DEMO))


@pytest.fixture(scope="session")
def demo_bg(demo_edition):
    return demo_edition.localized("bg")


@pytest.fixture(scope="session")
def demo_en(demo_edition):
    return demo_edition.localized("en")


@pytest.fixture
def demo_document(demo_edition):
    """The demo roadmap document (fixtures/demo read into one dict): the test's own copy, to change."""
    return copy.deepcopy(demo_edition.content)


@pytest.fixture(scope="session")
def demo_edition_row(django_db_setup, django_db_blocker):
    """The columns of the edition that loading the demo publishes. The demo is loaded once per test process
    (a few seconds: the whole working copy and its audit trail) and rolled back; `demo` replays the row."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = demo_load(folder=DEMO)
        assert loaded is not None, "the test database already holds an edition"
        edition = loaded.edition
        transaction.set_rollback(True)
    return {
        field.attname: getattr(edition, field.attname)
        for field in Edition._meta.concrete_fields
        if not field.primary_key
    }


@pytest.fixture
def demo(db, demo_edition_row):
    """The demo roadmap published as edition 1 in the database, for pages rendered through the client.

    Only the edition row: the working copy stays empty (reader pages, the guide and PDFs read editions
    only). A test about the working copy calls roadmap.demo.demo_load itself."""
    Edition.objects.create(**demo_edition_row)
    return latest_edition()


@pytest.fixture
def small_roadmap(db, publish):
    return publish(synthetic_document(steps=50, institutions=20))


@pytest.fixture
def officer(db):
    return UserFactory(groups=["officer"])


@pytest.fixture
def coordinator(db):
    return UserFactory(groups=["coordinator"])


@pytest.fixture
def trainer(db):
    return UserFactory(groups=["trainer"])


@pytest.fixture
def administrator(db):
    """As `create_coordinator --admin` makes one: every permission, and the Django admin."""
    return UserFactory(groups=["administrator"], is_staff=True)


@pytest.fixture
def groups(db):
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture(scope="session")
def _pdf_slots_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf-slots")


@pytest.fixture(autouse=True)
def own_pdf_render_slots(settings, _pdf_slots_folder):
    """PDF render slots are file locks shared by every process using the folder: parallel test workers
    (and a server on this checkout) must not take each other's slots."""
    settings.PDF_RENDER_SLOTS_DIR = _pdf_slots_folder
    settings.PDF_RENDER_SLOTS = 1
    return _pdf_slots_folder


@pytest.fixture
def pdf_cache(settings, tmp_path):
    """PDFs are cached under MEDIA_ROOT: give each test its own empty folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "pdf-cache"


@pytest.fixture
def weasyprint_calls(monkeypatch):
    """Count the real WeasyPrint renders (and keep the HTML each one was given)."""
    from roadmap_site import pdf

    calls: list[str] = []
    real = pdf._weasyprint

    def counting(html: str) -> bytes:
        calls.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "_weasyprint", counting)
    return calls


@pytest.fixture
def fake_weasyprint(monkeypatch):
    """Replace WeasyPrint by a stub that returns a tiny valid-looking PDF (for cache and limit tests)."""
    from roadmap_site import pdf

    calls: list[str] = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return b"%PDF-1.7\n% stub\n%%EOF\n"

    monkeypatch.setattr(pdf, "_weasyprint", fake)
    return calls


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run inside the request that enqueues them (no worker in tests); a test about the
    queue itself sets the database backend."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


@pytest.fixture
def run_worker(monkeypatch):
    """Run what `manage.py db_worker --batch` runs: every queued task, then return. Without its signal
    handlers, and without closing the database connection between tasks (the test's transaction lives on
    it)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(queues=("default",)):
        db_worker.Worker(
            queue_names=list(queues),
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run
