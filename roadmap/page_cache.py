"""Whole-page cache for anonymous readers, keyed by (edition, language, URL).

A published edition never changes, so a page rendered for it stays right until the next edition,
whose number is part of the key: nothing has to be invalidated. Only anonymous visitors without a
session are served from it (their pages hold no CSRF token, messages or personal links).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .editions import current_edition

MAX_CACHED_PAGE_BYTES = 1_000_000


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, edition: str, regimes: str = "") -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogateescape")).hexdigest()
    # The regimes in force today are part of the key: on the day a new regime starts, pages that show
    # "the current rule first" change although the edition does not.
    return f"page:{edition}:{translation.get_language()}:{regimes}:{path}"


def serve_cached(request: HttpRequest, render) -> HttpResponse:
    """Serve an anonymous reader page from the page cache, rendering and storing it on a miss."""
    if not _cacheable_request(request):
        return render()
    edition = current_edition(request)
    if edition is None:
        return render()
    cache = caches["pages"]
    key = _key(request, edition.cache_key, edition.regimes_in_force(timezone.localdate()))
    hit = cache.get(key)
    if hit is not None:
        return _cached_response(*hit)
    response = render()
    if _storable(response):
        cache.set(key, (response.content, response["Content-Type"]))
    return response


def _cached_response(content: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    return response


def _storable(response: HttpResponse) -> bool:
    """A whole, successful page without cookies and not too big."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_CACHED_PAGE_BYTES
    )
