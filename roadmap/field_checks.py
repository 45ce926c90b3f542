"""Checks of single values in a roadmap document (texts, links, dates, slugs, sources), for validation.py."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from .document import (
    MAX_TEXT,
    SLUG_RE,
    SOURCE_KINDS,
    VERIFICATION_STATUSES,
    Problem,
    parse_date,
)
from .languages import language_codes


class FieldChecks:
    """Checks of one value at a time; every problem is kept with its location (`where`)."""

    def __init__(self, document: Any):
        self.document = document
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(
        self, item: dict, key: str, where: str, *, required: bool = False, max_length: int = MAX_TEXT
    ) -> None:
        value = item.get(key)
        path = f"{where}.{key}"
        if value is None:
            if required:
                self.add(path, _("This text is required."))
            return
        if isinstance(value, str):
            value = {"bg": value}
        if not isinstance(value, dict):
            self.add(path, _("Expected a text per language, e.g. {bg: …, en: …}."))
            return
        for lang, text in value.items():
            if lang not in language_codes():
                self.add(f"{path}.{lang}", _("Unknown language code."))
            elif text is not None and not isinstance(text, str):
                self.add(
                    f"{path}.{lang}",
                    _("Expected text, found %(type)s (quote it in YAML).") % {"type": type(text).__name__},
                )
            elif text and len(text) > max_length:
                self.add(f"{path}.{lang}", _("Too long: at most %(max)d characters.") % {"max": max_length})
        if required and not (value.get("bg") or "").strip():
            self.add(f"{path}.bg", _("The Bulgarian text is required."))

    def plain(self, item: dict, key: str, where: str, *, max_length: int = 300) -> None:
        value = item.get(key)
        if value in (None, ""):
            return
        if not isinstance(value, str):
            self.add(f"{where}.{key}", _("Expected text (quote it in YAML)."))
        elif len(value) > max_length:
            self.add(f"{where}.{key}", _("Too long: at most %(max)d characters.") % {"max": max_length})

    def url(self, item: dict, key: str, where: str) -> None:
        self.plain(item, key, where)
        value = item.get(key)
        if isinstance(value, str) and value and not value.startswith(("https://", "http://")):
            self.add(f"{where}.{key}", _("A link must start with https:// or http://."))

    def date(self, item: dict, key: str, where: str) -> datetime.date | None:
        try:
            return parse_date(item.get(key))
        except ValueError:
            self.add(f"{where}.{key}", _("Expected a date written YYYY-MM-DD."))
            return None

    def flag(self, item: dict, key: str, where: str) -> None:
        if item.get(key) is not None and not isinstance(item.get(key), bool):
            self.add(f"{where}.{key}", _("Expected true or false."))

    def source(self, item: dict, where: str, *, optional: bool = False) -> None:
        """A claim's `source`: status, kind, url, title, checked (date), note; "verified" needs an official
        text's address and the date it was checked, "secondary" the source's address."""
        source = item.get("source")
        if source is None:
            return
        swhere = f"{where}.source"
        if not isinstance(source, dict):
            self.add(swhere, _("Expected a mapping: status, kind, url, title, checked, note."))
            return
        for key in source:
            if key not in ("status", "kind", "url", "title", "checked", "note"):
                self.add(f"{swhere}.{key}", _("Unknown field."))
        status = source.get("status")
        if status not in VERIFICATION_STATUSES and not (optional and status in (None, "")):
            self.add(
                f"{swhere}.status",
                _("Unknown status “%(status)s”: use one of %(choices)s.")
                % {"status": status, "choices": ", ".join(VERIFICATION_STATUSES)},
            )
        if source.get("kind") not in (None, "", *SOURCE_KINDS):
            self.choice(source, "kind", swhere, SOURCE_KINDS)
        self.url(source, "url", swhere)
        self.text(source, "title", swhere, max_length=300)
        self.text(source, "note", swhere)
        checked = self.date(source, "checked", swhere)
        if status == "verified":
            if not source.get("url"):
                self.add(
                    f"{swhere}.url",
                    _("A verified claim needs the address of the official text it was checked in."),
                )
            if source.get("kind") not in (None, "", "official"):
                self.add(
                    f"{swhere}.kind", _("A verified claim was read in an official text: kind “official”.")
                )
            if checked is None:
                self.add(f"{swhere}.checked", _("A verified claim needs the date it was checked."))
        elif status == "secondary" and not source.get("url"):
            self.add(f"{swhere}.url", _("A claim from a secondary source needs the source's address."))

    def items(self, section: str) -> list[dict]:
        value = self.document.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(section, _("Expected a list."))
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.add(f"{section}[{index}]", _("Expected a mapping."))
        return good

    def slugs(self, items: list[dict], where: str) -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(items):
            slug = item.get("slug")
            path = f"{where}[{index}].slug"
            if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80:
                self.add(path, _("A slug is required: lower-case Latin letters, digits and hyphens."))
            elif slug in seen:
                self.add(path, _("The slug “%(slug)s” is used twice.") % {"slug": slug})
            else:
                seen.add(slug)
        return seen

    def choice(self, item: dict, key: str, where: str, allowed: tuple[str, ...] | list[str]) -> None:
        if item.get(key) not in allowed:
            self.add(f"{where}.{key}", _("Must be one of: %(choices)s.") % {"choices": ", ".join(allowed)})

    def ref(self, value: Any, known: set[str], where: str, kind: str) -> None:
        if value not in known:
            self.add(where, _("Unknown %(kind)s “%(slug)s”.") % {"kind": kind, "slug": value})
