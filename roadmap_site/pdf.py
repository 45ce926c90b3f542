"""The one place that makes PDFs: the only module that imports WeasyPrint.

A PDF is a function of (edition, language, document, parameters), so its bytes are stored once in
`default_storage` under `pdf-cache/e<edition>/` and a repeat download is a file read; files of older
editions are deleted once the next edition's first PDF is stored. Renders are limited to
PDF_MAX_CONCURRENT_RENDERS at a time per process (a WeasyPrint render takes 0.5–5 s and up to a few
hundred MB), so a burst of requests waits briefly and then gets a "try again" page instead of
exhausting the worker's memory. WeasyPrint never fetches anything over the network: its URL fetcher
serves static files from disk and refuses every other URL.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import posixpath
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

FORMAT_VERSION = 2  # bump when a PDF template changes, so cached files are not reused
CACHE_FOLDER = "pdf-cache"
BUSY_RETRY_AFTER_SECONDS = 5


class PdfBusy(Exception):
    """Every render slot stayed taken for PDF_RENDER_WAIT_SECONDS."""


class RefusedURL(ValueError):
    """WeasyPrint asked for a URL that is not a static file of this site."""


@dataclass(frozen=True)
class PrintDocument:
    """A PDF as a value: built from (edition, language, parameters), without a request, so that a view,
    a zip of handouts or a background task can all turn it into bytes the same way.

    `context` is called only when the PDF has to be rendered. `key_parts` name the document among the
    edition's files; the language and the site's address (QR codes print it) are added to the key here.
    `store=False` for documents that must not be kept (names of people, a child's case).
    """

    template_name: str
    context: Callable[[], dict[str, Any]]
    key_parts: tuple
    filename: str
    edition: int
    language: str
    site_url: str
    store: bool = True

    @property
    def cache_key(self) -> tuple:
        return (*self.key_parts, self.language, self.site_url)


def pdf_bytes(document: PrintDocument) -> tuple[bytes, bool]:
    """(pdf, from_cache) for a document: the stored file, or a render in a free slot (PdfBusy otherwise)."""

    def render() -> bytes:
        with translation.override(document.language):  # the context's texts, URLs and QR codes too
            return render_pdf(
                template_name=document.template_name, context=document.context(), language=document.language
            )

    return cached_pdf(
        key_parts=document.cache_key, edition=document.edition, store=document.store, render=render
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


# Limiting concurrent renders

_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def render_slots() -> threading.BoundedSemaphore:
    """The process-wide semaphore of PDF_MAX_CONCURRENT_RENDERS render slots."""
    global _slots
    size = max(1, int(getattr(settings, "PDF_MAX_CONCURRENT_RENDERS", 2)))
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


# The cache


def cache_name(key_parts: tuple, edition: int) -> str:
    """Where the PDF for `key_parts` is kept: one folder per edition, so old editions' files can go."""
    digest = hashlib.sha256(repr((FORMAT_VERSION, *key_parts)).encode()).hexdigest()
    return f"{CACHE_FOLDER}/e{edition}/{digest}.pdf"


def _store(name: str, pdf: bytes, edition: int) -> None:
    """Keep a rendered PDF, unless the edition's folder is full; then drop older editions' folders.

    Readers only ever get the latest edition, so older editions' files are never served again. The
    cap (PDF_CACHE_MAX_FILES_PER_EDITION) bounds the disk used by parameters that vary freely (the
    identification time, guide answers): past it, PDFs are still served, just rendered each time.
    """
    folder = posixpath.dirname(name)
    try:
        if default_storage.exists(name):
            return
        files = default_storage.listdir(folder)[1] if default_storage.exists(folder) else []
        if len(files) >= int(getattr(settings, "PDF_CACHE_MAX_FILES_PER_EDITION", 2000)):
            logger.warning("The PDF cache of edition %s is full; not storing %s", edition, name)
            return
        default_storage.save(name, ContentFile(pdf))
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
            Path(default_storage.path(f"{CACHE_FOLDER}/{folder}")).rmdir()
    for file_name in loose:  # files of the earlier flat layout
        default_storage.delete(f"{CACHE_FOLDER}/{file_name}")


def _read_complete(name: str) -> bytes | None:
    """The cached bytes, or None when absent or still being written by another render."""
    try:
        if not default_storage.exists(name):
            return None
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if data.startswith(b"%PDF") and b"%%EOF" in data[-64:] else None


def cached_pdf(
    *, key_parts: tuple, edition: int, render: Callable[[], bytes], store: bool = True
) -> tuple[bytes, bool]:
    """(pdf, from_cache): the stored file for `key_parts`, else `render()` in a free slot, then stored.

    Raises PdfBusy when no render slot frees up within PDF_RENDER_WAIT_SECONDS.
    """
    name = cache_name(key_parts, edition)
    cached = _read_complete(name) if store else None
    if cached is not None:
        return cached, True
    slots = render_slots()
    if not slots.acquire(timeout=float(getattr(settings, "PDF_RENDER_WAIT_SECONDS", 10))):
        raise PdfBusy
    try:
        # Another request may have rendered the same file while this one waited for a slot.
        cached = _read_complete(name) if store else None
        if cached is not None:
            return cached, True
        pdf = render()
    finally:
        slots.release()
    if store:
        _store(name, pdf, edition)
    return pdf, False


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
    """ "Try again in a moment" (503 with Retry-After) when every render slot stayed taken."""
    logger.warning("All PDF render slots are busy: answered 503 for %s", request.path)
    response = render(request, "pdf/busy.html", {"back_url": back_url}, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


def serve_pdf(request: HttpRequest, document: PrintDocument, *, back_url: str) -> HttpResponse:
    """A PDF download: from the cache or rendered; a "busy" (503) or "failed" (500) page otherwise."""
    try:
        pdf, hit = pdf_bytes(document)
    except PdfBusy:
        return busy_page(request, back_url=back_url)
    except Exception:
        logger.exception("Rendering the PDF %s failed (%s)", document.template_name, request.get_full_path())
        return render(request, "pdf/error.html", {"back_url": back_url}, status=500)
    response = pdf_response(pdf, filename=document.filename)
    response["X-PDF-Cache"] = "hit" if hit else "miss"
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
    """The document's PDF rendered now, without taking one of the web's render slots."""
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
    _store(name, render_document(document), document.edition)
    if not default_storage.exists(name):
        raise OSError(f"Could not store {document.filename} in the PDF cache.")
    return True
