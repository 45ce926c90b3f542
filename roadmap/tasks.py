"""Background tasks of the roadmap (django-tasks, Django 6's Tasks API): rendering an edition's standard PDFs.

Publishing enqueues `render_edition_pdfs` once the new edition is committed; the worker (`manage.py
db_worker`, started by script/server) renders every standard PDF (roadmap.standard_pdfs) into the PDF cache,
so that the first download is a file read. A document that fails is tried again (ATTEMPTS in all); the
task stops when a newer edition is published (its PDFs would never be served), and fails naming the
documents it could not render, so that the task result says FAILED (the admin shows it, the coordinators'
dashboard notes it). A PDF that is not ready is still rendered at its download, as before.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django_tasks import TaskResult, task
from django_tasks_db.models import DBTaskResult

from roadmap_site.pdf import render_and_store, site_url

from .editions import load_edition
from .languages import language_codes
from .models import Edition
from .standard_pdfs import standard_documents

logger = logging.getLogger(__name__)

ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 2.0


class EditionPdfsFailed(Exception):
    """Some of an edition's standard PDFs could not be rendered (named in the message)."""


def _superseded(number: int) -> bool:
    return (Edition.objects.latest_number() or 0) > number


@task()
def render_edition_pdfs(number: int, language: str | None = None) -> dict[str, Any]:
    """Render every standard PDF of edition `number` (in `language`, default all) not in the PDF cache yet."""
    edition = load_edition(number)
    if edition is None:
        raise Edition.DoesNotExist(f"There is no edition {number}.")
    address = site_url()
    if not address:
        raise RuntimeError("DJANGO_SITE_URL is not set: the worker cannot know the address QR codes print.")
    documents = standard_documents(edition, site_url=address, languages=[language] if language else None)
    summary: dict[str, Any] = {
        "edition": number,
        "language": language or "all",
        "documents": len(documents),
        "rendered": 0,
        "ready": 0,
    }
    failed: list[str] = []
    for document in documents:
        if _superseded(number):
            logger.info("Edition %s is superseded: its remaining PDFs are not rendered.", number)
            return {**summary, "superseded": True}
        for attempt in range(1, ATTEMPTS + 1):
            try:
                rendered = render_and_store(document)
            except Exception:
                logger.warning(
                    "Rendering %s (edition %s) failed, attempt %s of %s",
                    document.filename,
                    number,
                    attempt,
                    ATTEMPTS,
                    exc_info=True,
                )
                if attempt == ATTEMPTS:
                    failed.append(document.filename)
                else:
                    time.sleep(RETRY_PAUSE_SECONDS)
            else:
                summary["rendered" if rendered else "ready"] += 1
                break
    if failed:
        raise EditionPdfsFailed(
            f"{len(failed)} of {len(documents)} PDFs of edition {number} ({summary['language']}) could not "
            "be rendered "
            f"({ATTEMPTS} attempts each): {', '.join(failed)}"
        )
    return summary


def enqueue_edition_pdfs(number: int) -> list[TaskResult]:
    """Queue the rendering of edition `number`'s standard PDFs, one task per language (two workers then
    render side by side); nothing without settings.SITE_URL (the worker would not know the address that
    QR codes print and that PDFs are cached under)."""
    if not settings.SITE_URL:
        logger.info("DJANGO_SITE_URL is not set: edition %s's PDFs render on first download.", number)
        return []
    return [render_edition_pdfs.enqueue(number=number, language=lang) for lang in language_codes()]


def _render_results(number: int):
    return DBTaskResult.objects.filter(
        task_path=render_edition_pdfs.module_path, args_kwargs__kwargs__number=number
    )


def render_status(number: int) -> str:
    """How the rendering of edition `number`'s PDFs went, from the task results kept in the database:
    "FAILED" when the latest task of a language failed, "RUNNING" while one is queued or running,
    "SUCCESSFUL", or "" when no task was kept (another backend, or none queued)."""
    latest: dict[str, str] = {}
    for args_kwargs, status in (
        _render_results(number).order_by("enqueued_at").values_list("args_kwargs", "status")
    ):
        latest[(args_kwargs.get("kwargs") or {}).get("language") or "all"] = status
    statuses = set(latest.values())
    if "FAILED" in statuses:
        return "FAILED"
    if statuses & {"READY", "RUNNING"}:
        return "RUNNING"
    return "SUCCESSFUL" if statuses else ""


def render_queued(number: int) -> bool:
    """Whether a rendering of edition `number`'s PDFs waits for a worker."""
    return _render_results(number).filter(status="READY").exists()
