"""Public pages about editions: the list, and one edition saying whether it is still current (printed QR
codes open it) and, if not, what changed since in plain words."""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .diff import Change, document_diff
from .editions import current_edition, load_edition
from .languages import pick
from .models import Edition
from .permissions import reader_view

_diffs: dict[tuple, list[Change]] = {}
_diffs_lock = threading.Lock()
_CACHED_DIFFS = 32


def changes_between(old: int, new: int, lang: str) -> list[Change]:
    """What changed from edition `old` to `new` (both exist); editions never change, so cache it."""
    before, after = load_edition(old), load_edition(new)
    key = (before.cache_key, after.cache_key, lang)
    changes = _diffs.get(key)
    if changes is None:
        changes = document_diff(before.content, after.content, lang)
        with _diffs_lock:
            if len(_diffs) >= _CACHED_DIFFS:
                _diffs.clear()
            _diffs[key] = changes
    return changes


def note_fields() -> list[str]:
    return [f"note_{code}" for code, _name in settings.LANGUAGES]


def _safe_page(request: HttpRequest, page: str, lang: str) -> str:
    """The page a printout came from, when it is a local path of this site in this language."""
    if (
        page
        and page.startswith(f"/{lang}/")
        and url_has_allowed_host_and_scheme(
            page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return page
    return reverse("roadmap:overview")


@require_safe
@reader_view
def edition_list(request: HttpRequest) -> HttpResponse:
    lang = translation.get_language()
    editions = [
        {"number": e.number, "published_at": e.published_at, "note": e.note}
        for e in Edition.objects.order_by("-number").only("number", "published_at", *note_fields())
    ]
    return render(request, "roadmap/editions/list.html", {"editions": editions, "lang": lang})


@require_safe
@reader_view
def edition_detail(request: HttpRequest, number: int) -> HttpResponse:
    current = current_edition(request)
    edition = load_edition(number) if current is not None and number <= current.number else None
    if edition is None:
        raise Http404(_("There is no such edition."))
    lang = translation.get_language()
    is_current = number == current.number
    return render(
        request,
        "roadmap/editions/detail.html",
        {
            "shown": edition,
            "note": pick(edition.note, lang),
            "current": current,
            "is_current": is_current,
            "changes": [] if is_current else changes_between(number, current.number, lang),
            "page_url": _safe_page(request, request.GET.get("page", ""), lang),
        },
    )
