"""Custom PDFs (a guide path with answers, a handover note, certificates, sign-in sheets) rendered by the
background worker, and kept only encrypted, for minutes, under a key that exists only in the browser's URL.

A custom PDF describes a child's case or names people, so it is never stored in the PDF cache
(`PrintDocument.store` is False) and never rendered for long by a web worker. Its document carries a
`Recipe` (a builder marked with @custom_document and its JSON parameters) from which the worker builds the
same document again. A download then goes:

1. The web request makes a job: a random id and a random key K. It stores the job's page data (file name,
   back link, who asked) encrypted with K, and the recipe with K encrypted with the site's own key
   (derived from SECRET_KEY), then queues `render_custom_pdf(job)`; the task's row in the database holds
   the job id only.
2. The worker reads the recipe and deletes it at once (it lived seconds), renders, and stores the PDF
   encrypted with K. From then on only the browser's URL can open it.
3. The web request waits up to CUSTOM_PDF_WAIT_SECONDS for it and sends it; otherwise it redirects to the
   job's page (/pdf/<job>/?k=K: the key is in the query string, which the access log never records), which
   says "being prepared" and reloads itself until the PDF is there, then sends it.
4. Every job file is deleted CUSTOM_PDF_KEEP_SECONDS after it was made, by a deferred task; Fernet tokens
   carry their time, so an older one is refused even before it is deleted.

Encryption is Fernet (AES-128-CBC with HMAC-SHA256, `cryptography`): a wrong key or a changed file is
refused, never decrypted into garbage.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .pdf import PrintDocument, Recipe, pdf_response, render_document, save_whole

logger = logging.getLogger(__name__)

JOBS_FOLDER = "pdf-jobs"
QUEUE = "custom-pdfs"
JOB_ID_BYTES = 16
POLL_SECONDS = 0.05
PAGE_REFRESH_SECONDS = 2
# Longer than a long queue of custom PDFs (about 5 s each), shorter than CUSTOM_PDF_KEEP_SECONDS: then the
# "being prepared" page becomes "could not be made" instead of reloading until the link expires.
GIVE_UP_SECONDS = 300

_BUILDER_MARK = "custom_pdf_builder"


class CustomPdfFailed(Exception):
    """Rendering a custom PDF failed (the worker's log has the details; the task result names no data)."""


# Recipes


def custom_document(function: Callable[..., PrintDocument | None]) -> Callable[..., PrintDocument | None]:
    """Mark a function (keyword arguments that JSON keeps → PrintDocument) as one the worker may call to
    build a custom document again; only marked functions are ever called from a recipe."""
    setattr(function, _BUILDER_MARK, True)
    return function


def recipe_for(function: Callable[..., PrintDocument | None], **params) -> Recipe:
    """The recipe that calls `function(**params)`: its parameters must survive JSON unchanged."""
    if not getattr(function, _BUILDER_MARK, False):
        raise ValueError(f"{function.__qualname__} is not marked with @custom_document.")
    try:
        same = json.loads(json.dumps(params)) == params
    except TypeError:
        same = False
    if not same:
        raise ValueError(f"The parameters of {function.__qualname__} do not survive JSON.")
    return Recipe(builder=f"{function.__module__}.{function.__qualname__}", params=params)


def recipe_document(recipe: Recipe) -> PrintDocument:
    function = import_string(recipe.builder)
    if not getattr(function, _BUILDER_MARK, False):
        raise ValueError(f"{recipe.builder} is not a custom document builder.")
    document = function(**recipe.params)
    if document is None:
        raise LookupError(f"{recipe.builder} found nothing to print any more.")
    return document


# The job store


def _site_fernet() -> Fernet:
    """The site's own key, for the recipe in the seconds before the worker takes it."""
    digest = hashlib.sha256(b"roadmap custom PDF recipes\0" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keep_seconds() -> int:
    return int(settings.CUSTOM_PDF_KEEP_SECONDS)


class Job:
    """One custom PDF download: its id (in the URL's path) and key (in the URL's query string)."""

    def __init__(self, job_id: str, key: str):
        if not job_id.replace("-", "").replace("_", "").isalnum() or len(job_id) > 64:
            raise ValueError("Not a job id.")
        self.id = job_id
        try:
            self.fernet = Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise ValueError("Not a job key.") from error
        self.key = key

    @classmethod
    def new(cls) -> Job:
        return cls(secrets.token_urlsafe(JOB_ID_BYTES), Fernet.generate_key().decode())

    def _name(self, kind: str) -> str:
        return f"{JOBS_FOLDER}/{self.id}.{kind}"

    def url(self) -> str:
        return f"{reverse('pdf_job', kwargs={'job_id': self.id})}?k={self.key}"

    def submit(self, recipe: Recipe, *, filename: str, back_url: str, user_id: int | None) -> str:
        """Store the recipe, queue its rendering, then store the job's page data (with the task's id)."""
        ticket = {"builder": recipe.builder, "params": recipe.params, "key": self.key}
        _write(self._name("recipe"), _site_fernet().encrypt(json.dumps(ticket).encode()))
        result = render_custom_pdf.enqueue(job=self.id)
        page = {
            "filename": filename,
            "back_url": back_url,
            "user": user_id,
            "task": str(result.id),
            "failed": result.status == TaskResultStatus.FAILED,  # at once, when tasks run in the request
            "asked_at": time.time(),
        }
        _write(self._name("page"), self.fernet.encrypt(json.dumps(page).encode()))
        _schedule_sweep()
        return page["task"]

    def page(self) -> dict | None:
        """The job's page data, or None when the job is unknown, expired or the key is wrong."""
        token = _read(self._name("page"))
        if token is None:
            return None
        try:
            return json.loads(self.fernet.decrypt(token, ttl=_keep_seconds()))
        except InvalidToken:
            return None

    def pdf(self) -> bytes | None:
        token = _read(self._name("pdf"))
        if token is None:
            return None
        try:
            return self.fernet.decrypt(token, ttl=_keep_seconds())
        except InvalidToken:
            return None

    def wait(self, seconds: float) -> bytes | None:
        deadline = time.monotonic() + seconds
        while True:
            pdf = self.pdf()
            if pdf is not None or time.monotonic() >= deadline:
                return pdf
            time.sleep(POLL_SECONDS)

    def failed(self, page: dict) -> bool:
        """Whether the job's task failed, its recipe is gone with no PDF (the worker lost it), or no worker
        has rendered it within GIVE_UP_SECONDS (none runs for the queue, or it was killed mid-render)."""
        if page.get("failed"):
            return True
        if time.time() - page.get("asked_at", 0) > GIVE_UP_SECONDS:
            logger.error(
                "No worker rendered a custom PDF within %s s: is `db_worker --queue-name %s` running?",
                GIVE_UP_SECONDS,
                QUEUE,
            )
            return True
        try:
            status = default_task_backend.get_result(page["task"]).status
        except (TaskResultDoesNotExist, NotImplementedError, KeyError, ValueError):
            return not default_storage.exists(self._name("recipe"))
        return status == TaskResultStatus.FAILED

    def discard(self) -> None:
        for kind in ("page", "recipe", "pdf"):
            default_storage.delete(self._name(kind))


def _write(name: str, data: bytes) -> None:
    save_whole(name, data)


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


# The worker's side


@task(queue_name=QUEUE)
def render_custom_pdf(job: str) -> dict:
    """Render job `job`'s PDF and keep it encrypted with the job's key; the recipe is deleted first."""
    name = f"{JOBS_FOLDER}/{job}.recipe"
    token = _read(name)
    default_storage.delete(name)
    if token is None:
        return {"job": job, "rendered": False}  # expired before a worker was free, or rendered already
    try:
        ticket = json.loads(_site_fernet().decrypt(token, ttl=_keep_seconds()))
    except InvalidToken:
        return {"job": job, "rendered": False}
    started = time.monotonic()
    try:
        pdf = render_document(recipe_document(Recipe(builder=ticket["builder"], params=ticket["params"])))
    except Exception:
        # The traceback goes to the worker's log only; the task result must not repeat a case's answers.
        logger.exception("Rendering the custom PDF of %s failed", ticket["builder"])
        raise CustomPdfFailed(f"Rendering {ticket['builder']} failed; see the worker's log.") from None
    _write(f"{JOBS_FOLDER}/{job}.pdf", Fernet(ticket["key"].encode()).encrypt(pdf))
    return {"job": job, "rendered": True, "seconds": round(time.monotonic() - started, 2)}


@task(queue_name=QUEUE)
def sweep_custom_pdfs() -> dict:
    """Delete job files older than CUSTOM_PDF_KEEP_SECONDS, and the finished rendering tasks' rows."""
    return pdf_jobs_sweep()


def pdf_jobs_sweep(*, now=None) -> dict:
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=_keep_seconds())
    deleted = 0
    if default_storage.exists(JOBS_FOLDER):
        for file_name in default_storage.listdir(JOBS_FOLDER)[1]:
            name = f"{JOBS_FOLDER}/{file_name}"
            try:
                if default_storage.get_modified_time(name) < cutoff:
                    default_storage.delete(name)
                    deleted += 1
            except FileNotFoundError:
                continue
    rows = 0
    if "django_tasks_db" in settings.INSTALLED_APPS:
        rows, _by_model = DBTaskResult.objects.filter(
            task_path__in=[render_custom_pdf.module_path, sweep_custom_pdfs.module_path],
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=cutoff,
        ).delete()
    return {"files": deleted, "task_rows": rows}


def _others_queued(task_id: str) -> bool:
    """Whether other custom PDFs are queued or being rendered (one query, on the database backend only;
    elsewhere the task has run already or its state is unknown)."""
    if not isinstance(render_custom_pdf.get_backend(), DatabaseBackend):
        return False
    return (
        DBTaskResult.objects.filter(
            task_path=render_custom_pdf.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        .exclude(id=task_id)
        .exists()
    )


def _schedule_sweep() -> None:
    """A sweep soon after this job's files expire (where the backend can run tasks later)."""
    backend = sweep_custom_pdfs.get_backend()
    if backend.supports_defer:
        run_after = timezone.now() + timedelta(seconds=_keep_seconds() + 5)
        sweep_custom_pdfs.using(run_after=run_after).enqueue()


# The web's side


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def serve_through_worker(request: HttpRequest, document: PrintDocument, *, back_url: str) -> HttpResponse:
    """Queue the document for the worker; send the PDF if it is ready within CUSTOM_PDF_WAIT_SECONDS, else
    send the browser to the job's "being prepared" page."""
    job = Job.new()
    user_id = request.user.pk if request.user.is_authenticated else None
    task_id = job.submit(document.recipe, filename=document.filename, back_url=back_url, user_id=user_id)
    # Waiting holds this web worker: worth it only when the worker can start on this PDF at once.
    wait = float(settings.CUSTOM_PDF_WAIT_SECONDS) if not _others_queued(task_id) else 0.0
    pdf = job.wait(wait)
    if pdf is not None:
        job.discard()  # sent now: nothing to keep
        response = pdf_response(pdf, filename=document.filename)
        response["X-PDF-Cache"] = "miss"  # as every custom PDF: rendered for this request
        return _private(response)
    page = job.page() or {}
    if job.failed(page):
        job.discard()
        return _private(render(request, "pdf/error.html", {"back_url": back_url}, status=500))
    return _private(redirect(job.url()))


def _minutes() -> int:
    return max(1, _keep_seconds() // 60)


def _expired(request: HttpRequest) -> HttpResponse:
    """Unknown, expired, for someone else, or the wrong key: one answer for all (a 404), so a link
    tells nothing about other people's PDFs."""
    return _private(render(request, "pdf/expired.html", {"minutes": _minutes()}, status=404))


@require_safe
def pdf_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A custom PDF being prepared: the PDF once the worker has stored it, until then a page that reloads
    itself. Only the user who asked for it (when signed in) and only with the key of its link."""
    try:
        job = Job(job_id, request.GET.get("k", ""))
    except ValueError:
        return _expired(request)
    page = job.page()
    if page is None or (page.get("user") is not None and page["user"] != request.user.pk):
        return _expired(request)
    pdf = job.pdf()
    if pdf is not None:
        return _private(pdf_response(pdf, filename=page["filename"]))
    if job.failed(page):
        return _private(render(request, "pdf/error.html", {"back_url": page["back_url"]}, status=500))
    context = {
        "back_url": page["back_url"],
        "retry_url": job.url(),
        "refresh": PAGE_REFRESH_SECONDS,
        "minutes": _minutes(),
    }
    response = render(request, "pdf/preparing.html", context, status=202)
    response["Retry-After"] = str(PAGE_REFRESH_SECONDS)
    return _private(response)
