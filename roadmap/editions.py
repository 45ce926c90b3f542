"""Reading published editions: the only source of every reader page, the guide, search and PDFs.

An edition's JSON is loaded once per process and cached by its number; for each language it is
projected once into plain objects (roadmap.projection), so a page costs one small query (the latest
edition number) whatever the size of the roadmap.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from .diff import changed_steps
from .languages import language_codes
from .models import Edition
from .projection import EditionInLanguage
from .published import edition_cache_key

logger = logging.getLogger(__name__)


class PublishedEdition:
    """An edition as frozen: its number, time, note and content, and its projection per language."""

    def __init__(
        self,
        number: int,
        published_at: datetime,
        note: str | dict[str, str],
        content: dict[str, Any],
        previous_content: dict[str, Any] | None = None,
    ):
        # `note` per language ({"bg": …, "en": …}), or one text; `previous_content`: edition number - 1's,
        # to tell which steps changed in this edition (compared once, then let go)
        self.number = number
        self.published_at = published_at
        self.note = note
        self.content = content
        self._previous_content = previous_content
        self._changed_steps: dict[str, str] | None = None
        self._local: dict[str, EditionInLanguage] = {}
        self._lock = threading.Lock()

    @property
    def cache_key(self) -> str:
        return edition_cache_key(self.number, self.published_at)

    def changed_steps(self) -> dict[str, str]:
        """The steps this edition added or changed since the one before ({slug: "added" | "changed"}),
        as its plain-words diff lists them; empty for a first edition. Compared once per loaded edition."""
        if self._changed_steps is None:
            changed: dict[str, str] = {}
            if self._previous_content is not None:
                try:
                    changed = changed_steps(self._previous_content, self.content)
                except Exception:  # an old edition's odd content must never break the reader pages
                    logger.exception("Comparing edition %s with the one before failed", self.number)
            self._changed_steps, self._previous_content = changed, None
        return self._changed_steps

    def localized(self, lang: str) -> EditionInLanguage:
        if lang not in self._local:
            with self._lock:
                if lang not in self._local:
                    self._local[lang] = EditionInLanguage(
                        number=self.number,
                        published_at=self.published_at,
                        note=self.note,
                        content=self.content,
                        lang=lang,
                        changed_steps=self.changed_steps(),
                    )
        return self._local[lang]


_cache: dict[int, PublishedEdition] = {}
_cache_lock = threading.Lock()
_CACHED_EDITIONS = 3


def load_edition(number: int) -> PublishedEdition | None:
    """An edition by number, from the process cache or (once) from the database. The same one query
    brings the previous edition's content (unless cached), to tell which steps changed in this one."""
    edition = _cache.get(number)
    if edition is not None:
        return edition
    note_columns = [f"note_{code}" for code in language_codes()]
    previous = _cache.get(number - 1)
    numbers = (number,) if previous is not None or number <= 1 else (number, number - 1)
    rows = {
        row["number"]: row
        for row in Edition.objects.filter(number__in=numbers).values(
            "number", "published_at", *note_columns, "content"
        )
    }
    row = rows.get(number)
    if row is None:
        return None
    notes = {column.rsplit("_", 1)[1]: row.pop(column) or "" for column in note_columns}
    previous_content = previous.content if previous is not None else rows.get(number - 1, {}).get("content")
    edition = PublishedEdition(note=notes, previous_content=previous_content, **row)
    with _cache_lock:
        _cache[number] = edition
        for old in sorted(_cache)[:-_CACHED_EDITIONS]:
            del _cache[old]
    return edition


def latest_edition() -> PublishedEdition | None:
    number = Edition.objects.latest_number()
    return load_edition(number) if number is not None else None


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def current_edition(request: HttpRequest) -> EditionInLanguage | None:
    """The latest edition in the request's language, looked up once per request."""
    if not hasattr(request, "_roadmap_edition"):
        edition = latest_edition()
        request._roadmap_edition = (
            edition.localized(translation.get_language() or settings.LANGUAGE_CODE) if edition else None
        )
    return request._roadmap_edition


def current_edition_or_404(request: HttpRequest) -> EditionInLanguage:
    """The latest edition for a reader page, or a 404 (in the visitor's language) before the first one."""
    edition = current_edition(request)
    if edition is None:
        raise Http404(_("The roadmap has not been published yet."))
    return edition
