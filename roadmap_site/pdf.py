"""The one place that makes PDFs: the only module that imports WeasyPrint.

A PDF is a function of (edition, language, document, parameters), so its bytes are stored once in
`default_storage` under `pdf-cache/e<edition>/` and a repeat download is a file read; files of older
editions are deleted once the next edition's first PDF is stored; a file is written under a temporary
name and renamed, so a full disk never leaves half a PDF under a cached name.

Renders are limited site-wide, across every web worker process, to PDF_RENDER_SLOTS at a time (one less
than the workers by default): a render takes 0.5–40 s of a sync worker and up to a few hundred MB, and a
burst of them must never occupy every worker while readers wait. A slot is a file lock in
PDF_RENDER_SLOTS_DIR; a request that finds none free (at once, or within PDF_RENDER_WAIT_SECONDS when that
is set) gets a "being prepared, try again" page (503 with Retry-After) instead of queuing. Reading a
cached file takes no lock. WeasyPrint never fetches anything over the network: its URL fetcher serves
static files from disk and refuses every other URL.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import mimetypes
import os
import posixpath
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

FORMAT_VERSION = 2  # bump when a PDF template changes, so cached files are not reused
CACHE_FOLDER = "pdf-cache"
PARTIAL_SUFFIX = ".part"  # a file being written; renamed to its .pdf name once whole
BUSY_RETRY_AFTER_SECONDS = 5  # about one render: the "try again" page reloads itself after this
SLOT_POLL_SECONDS = 0.02


class PdfBusy(Exception):
    """Every render slot stayed taken for PDF_RENDER_WAIT_SECONDS: answer "being prepared, try again"."""


class RefusedURL(ValueError):
    """WeasyPrint asked for a URL that is not a static file of this site."""


@dataclass(frozen=True)
class Recipe:
    """How another process builds a document again: a function marked with
    roadmap_site.pdf_jobs.custom_document (its dotted path) and its keyword arguments, all JSON."""

    builder: str
    params: dict[str, Any]


@dataclass(frozen=True)
class PrintDocument:
    """A PDF as a value: built from (edition, language, parameters), without a request, so that a view,
    a zip of handouts or a background task can all turn it into bytes the same way.

    `context` is called only when the PDF has to be rendered. `key_parts` name the document among the
    edition's files; the language and the site's address (QR codes print it) are added to the key here.
    `store=False` for documents that must not be kept (names of people, a child's case); such a document
    with a `recipe` is rendered by the background worker (roadmap_site.pdf_jobs), never by a web worker.
    """

    template_name: str
    context: Callable[[], dict[str, Any]]
    key_parts: tuple
    filename: str
    edition: int
    language: str
    site_url: str
    store: bool = True
    recipe: Recipe | None = None

    @property
    def cache_key(self) -> tuple:
        return (*self.key_parts, self.language, self.site_url)


def pdf_bytes(document: PrintDocument) -> tuple[bytes, bool]:
    """(pdf, from_cache) for a document: the stored file, or a render in a free slot (PdfBusy otherwise)."""

    return cached_pdf(
        key_parts=document.cache_key,
        edition=document.edition,
        store=document.store,
        render=lambda: render_document(document),
    )


# Fetching: static files from disk, nothing else


def static_file_for_url(url: str) -> Path:
    """The file on disk behind a `file:` URL under STATIC_URL; RefusedURL for anything else.

    Templates use `{% static %}` and are rendered with base_url "/", so "/static/css/x.css" arrives
    here as "file:///static/css/x.css". Only files that the staticfiles finders (or collectstatic's
    STATIC_ROOT, for hashed names) know are served: no other file on the machine can be read.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Refusing to fetch {url[:200]!r}: only this site's static files are read.")
    static_url = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not static_url.startswith("/") or not path.startswith(static_url):
        raise RefusedURL(f"Refusing to fetch {url[:200]!r}: not under STATIC_URL.")
    relative = path[len(static_url) :]
    normalised = posixpath.normpath(relative) if relative else ""
    if (
        not normalised
        or normalised.startswith(("/", ".."))
        or "\x00" in normalised
        or normalised != relative.rstrip("/")
    ):
        raise RefusedURL(f"Refusing to fetch {url[:200]!r}: not a plain static file name.")
    found = finders.find(normalised)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), normalised))
        except Exception as error:  # SuspiciousFileOperation
            raise RefusedURL(f"Refusing to fetch {url[:200]!r}.") from error
        if candidate.is_file():
            return candidate
    raise RefusedURL(f"No static file for {url[:200]!r}.")


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint 70's fetcher API is a URLFetcher subclass whose fetch() returns a response."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file_for_url(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


# Rendering


def _weasyprint(html: str) -> bytes:
    """HTML → PDF bytes. Separate from render_pdf so that tests can count or replace real renders."""
    # base_url "/" is a file path: root-relative {% static %} URLs become file: URLs for the fetcher
    return HTML(string=html, base_url="/", url_fetcher=StaticFilesFetcher()).write_pdf()


def render_pdf(*, template_name: str, context: dict[str, Any], language: str | None = None) -> bytes:
    """Render a Django template to PDF bytes; static files are read from disk, never fetched."""
    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    return _weasyprint(html)


# The cache


def cache_name(key_parts: tuple, edition: int) -> str:
    """Where the PDF for `key_parts` is kept: one folder per edition, so old editions' files can go."""
    digest = hashlib.sha256(repr((FORMAT_VERSION, *key_parts)).encode()).hexdigest()
    return f"{CACHE_FOLDER}/e{edition}/{digest}.pdf"


def _read_complete(name: str) -> bytes | None:
    """The cached bytes, or None when absent or not a whole PDF (a file left by an older version)."""
    try:
        if not default_storage.exists(name):
            return None
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if data.startswith(b"%PDF") and b"%%EOF" in data[-64:] else None


def write_atomically(path: Path, data: bytes) -> None:
    """`data` under `path` whole or not at all: written to a temporary file in the same folder, flushed to
    the disk, then renamed over `path` (a rename within one file system is atomic). On any failure the
    temporary file is removed and the error raised; nothing is left under `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = NamedTemporaryFile(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX, delete=False)  # noqa: SIM115
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a full disk may only say so here, not at write()
        if default_storage.file_permissions_mode is not None:
            os.chmod(handle.name, default_storage.file_permissions_mode)
        os.replace(handle.name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(handle.name)
        raise


def save_whole(name: str, data: bytes) -> None:
    """`data` under the storage name `name`, whole or not at all: on a local file system by
    write_atomically; in a store without local paths (S3-compatible, django-storages) as one object,
    which such a store writes whole."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        default_storage.delete(name)  # so that save() keeps the name instead of choosing another
        default_storage.save(name, ContentFile(data))
        return
    write_atomically(path, data)


def _store(name: str, pdf: bytes) -> None:
    """Keep a rendered PDF, unless the edition's folder is full; then drop older editions' folders.

    Readers only ever get the latest edition, so older editions' files are never served again. The
    cap (PDF_CACHE_MAX_FILES_PER_EDITION) bounds the disk used by parameters that vary freely: past it,
    PDFs are still served, just rendered each time. A file that is there but not whole is replaced.
    """
    folder, file_name = posixpath.split(name)
    edition = int(posixpath.basename(folder)[1:])
    try:
        stored = (
            [f for f in default_storage.listdir(folder)[1] if f.endswith(".pdf")]
            if default_storage.exists(folder)
            else []
        )
        if file_name not in stored and len(stored) >= int(settings.PDF_CACHE_MAX_FILES_PER_EDITION):
            logger.warning("The PDF cache of edition %s is full; not storing %s", edition, name)
            return
        save_whole(name, pdf)
        prune_pdf_cache(keep_from=edition)
    except OSError:
        logger.exception("Could not store the PDF %s in the cache", name)


def prune_pdf_cache(*, keep_from: int) -> None:
    """Delete the cached PDFs of editions older than `keep_from`."""
    if not default_storage.exists(CACHE_FOLDER):
        return
    folders, loose = default_storage.listdir(CACHE_FOLDER)
    for folder in folders:
        number = folder[1:]
        if folder.startswith("e") and number.isdigit() and int(number) < keep_from:
            for file_name in default_storage.listdir(f"{CACHE_FOLDER}/{folder}")[1]:
                default_storage.delete(f"{CACHE_FOLDER}/{folder}/{file_name}")
            with suppress(NotImplementedError, OSError):  # a store without folders has none to remove
                Path(default_storage.path(f"{CACHE_FOLDER}/{folder}")).rmdir()
    for file_name in loose:  # files of the earlier flat layout
        default_storage.delete(f"{CACHE_FOLDER}/{file_name}")


# Render slots: one limit for the whole site, across every web worker process


@contextmanager
def render_slot() -> Iterator[None]:
    """Hold one of the site's PDF_RENDER_SLOTS render slots for the block; PdfBusy when none is free.

    A slot is an exclusive lock (flock) on PDF_RENDER_SLOTS_DIR/slot-<n>, so every process of the site
    shares the same slots, and the kernel frees a slot when its holder exits or is killed. A lock belongs
    to an open file, so threads of one process compete for slots like processes do. A request looks for a
    free slot for at most PDF_RENDER_WAIT_SECONDS and then gives up: it never queues behind a render.
    """
    folder = Path(settings.PDF_RENDER_SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    count = max(1, int(settings.PDF_RENDER_SLOTS))
    deadline = time.monotonic() + max(0.0, float(settings.PDF_RENDER_WAIT_SECONDS))
    while (held := _take_free_slot(folder, count)) is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PdfBusy
        time.sleep(min(SLOT_POLL_SECONDS, remaining))
    try:
        yield
    finally:
        os.close(held)  # closing the file releases its lock


def _take_free_slot(folder: Path, count: int) -> int | None:
    """The open file of a slot this call has just locked, or None when every slot is taken."""
    for number in range(count):
        descriptor = os.open(folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return descriptor
    return None


def obtain_render(name: str | None, render: Callable[[], bytes]) -> tuple[bytes, bool]:
    """(pdf, from_cache) for a PDF that was not in the cache: rendered now in a free render slot, then
    stored under `name` (None for a document that must never be kept). Raises PdfBusy when no slot is
    free: the caller answers "being prepared, try again".

    The one place that decides when and where a PDF is rendered: a background worker plugs in here (take
    the job, answer PdfBusy until its file is stored) without any view or document changing.
    """
    with render_slot():
        # Another request may have stored the same file since this one looked.
        cached = _read_complete(name) if name is not None else None
        if cached is not None:
            return cached, True
        pdf = render()
    if name is not None:
        _store(name, pdf)
    return pdf, False


def cached_pdf(
    *, key_parts: tuple, edition: int, render: Callable[[], bytes], store: bool = True
) -> tuple[bytes, bool]:
    """(pdf, from_cache): the stored file for `key_parts`, read without any lock (a cached file is only
    ever seen whole), else obtain_render (PdfBusy when every render slot is taken)."""
    name = cache_name(key_parts, edition) if store else None
    cached = _read_complete(name) if name is not None else None
    if cached is not None:
        return cached, True
    return obtain_render(name, render)


# Responses


def pdf_response(pdf: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    """The PDF with a readable ASCII file name and its RFC 5987 form for clients that prefer it."""
    response = HttpResponse(pdf, content_type="application/pdf")
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in filename)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Content-Length"] = str(len(pdf))
    return response


def busy_page(request: HttpRequest, *, back_url: str) -> HttpResponse:
    """ "Being prepared, try again" (503 with Retry-After) when every render slot is taken: the page
    reloads itself after Retry-After seconds and has a link to try at once. Never kept by a browser or a
    proxy: its links carry the request's parameters, which may describe a child's case."""
    logger.warning("All PDF render slots are busy: answered 503 for %s", request.path)
    context = {
        "back_url": back_url,
        "retry_url": request.get_full_path(),
        "retry_after": BUSY_RETRY_AFTER_SECONDS,
    }
    response = render(request, "pdf/busy.html", context, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    patch_cache_control(response, private=True, no_store=True)
    return response


def serve_pdf(request: HttpRequest, document: PrintDocument, *, back_url: str) -> HttpResponse:
    """A PDF download: from the cache or rendered; a "busy" (503) or "failed" (500) page otherwise.

    A document that must not be kept (a child's case, people's names) is not kept by the browser or a
    proxy either; with a recipe, the background worker renders it (roadmap_site.pdf_jobs)."""
    if not document.store and document.recipe is not None:
        from .pdf_jobs import serve_through_worker  # it imports this module

        return serve_through_worker(request, document, back_url=back_url)
    try:
        pdf, hit = pdf_bytes(document)
    except PdfBusy:
        return busy_page(request, back_url=back_url)
    except Exception:
        logger.exception("Rendering the PDF %s failed (%s)", document.template_name, request.path)
        return render(request, "pdf/error.html", {"back_url": back_url}, status=500)
    response = pdf_response(pdf, filename=document.filename)
    response["X-PDF-Cache"] = "hit" if hit else "miss"
    if not document.store:
        patch_cache_control(response, private=True, no_store=True)
    return response


def site_url(request: HttpRequest | None = None) -> str:
    """The site's address as QR codes print it (scheme and host, with a trailing slash): settings.SITE_URL
    when set (a background worker has no request, and must key the PDF cache as the web does), else the
    request's. Empty without either."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured
    return request.build_absolute_uri("/") if request is not None else ""


# Rendering ahead (a background worker: roadmap.tasks)


def render_document(document: PrintDocument) -> bytes:
    """The document's PDF rendered now. Takes no render slot: a view goes through pdf_bytes (the slots), a
    background worker calls this directly."""
    with translation.override(document.language):  # the context's texts, URLs and QR codes too
        return render_pdf(
            template_name=document.template_name, context=document.context(), language=document.language
        )


def is_stored(document: PrintDocument) -> bool:
    """Whether the document's PDF is in the cache (a download of it is then a file read)."""
    return document.store and default_storage.exists(cache_name(document.cache_key, document.edition))


def render_and_store(document: PrintDocument) -> bool:
    """Render the document into the cache unless it is there already; True when it was rendered now.

    Raises whatever rendering raised, and OSError when the file could not be kept."""
    if not document.store:
        raise ValueError(f"{document.filename} is never stored.")
    if is_stored(document):
        return False
    name = cache_name(document.cache_key, document.edition)
    _store(name, render_document(document))
    if not default_storage.exists(name):
        raise OSError(f"Could not store {document.filename} in the PDF cache.")
    return True
