"""Shared fixtures: users in each role, a language reset, and published roadmaps to read."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import translation

from roadmap import editions
from roadmap.services import content_import, edition_publish
from roadmap.synthetic import synthetic_document

from .factories import UserFactory


@pytest.fixture(autouse=True)
def reset_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
            cache.clear()

    clear()
    yield
    clear()


@pytest.fixture
def publish():
    """Import a document into the working copy and publish it; returns the edition."""

    def run(document, note=""):
        content_import(document=document)
        return edition_publish(note=note)

    return run


@pytest.fixture
def demo(db):
    """The demo roadmap (fixtures/demo) in the working copy, published as edition 1."""
    from roadmap.demo import demo_load
    from roadmap.editions import latest_edition

    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    return latest_edition()


@pytest.fixture
def demo_bg(demo):
    return demo.localized("bg")


@pytest.fixture
def demo_en(demo):
    return demo.localized("en")


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
def groups(db):
    return {group.name: group for group in Group.objects.all()}


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
