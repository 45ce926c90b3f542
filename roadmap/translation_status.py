"""Translation status of the working copy: per content item and language, up to date, outdated or missing.

Bulgarian is the source. A translation is *missing* when a text has Bulgarian but no translation,
*outdated* when the Bulgarian texts of an item changed after its translation was last saved. When each
text changed is read from the audit trail (django-simple-history): walking an object's records in date
order gives the last change of its Bulgarian and of its translated texts. Objects without history
(loaded in bulk) count as up to date when both languages are present.

Two queries per kind of content (the items, their history), whatever the size of the roadmap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst

from .content_kinds import KINDS, kind_of

UP_TO_DATE, OUTDATED, MISSING = "up_to_date", "outdated", "missing"
STATUSES = (UP_TO_DATE, OUTDATED, MISSING)
SOURCE_LANGUAGE = "bg"
_SLUG_PLACEHOLDER = "slug-placeholder-0"


def target_languages() -> list[tuple[str, str]]:
    """The languages translated from Bulgarian: (code, name)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


@dataclass
class LanguageStatus:
    status: str
    missing_fields: list[str] = field(default_factory=list)  # their labels
    source_changed: datetime | None = None
    translation_saved: datetime | None = None


@dataclass
class StatusItem:
    label: str
    edit_url: str | None
    languages: dict[str, LanguageStatus]

    def has(self, status: str) -> bool:
        return any(s.status == status for s in self.languages.values())

    @property
    def cells(self) -> list[LanguageStatus]:
        return list(self.languages.values())


@dataclass
class StatusGroup:
    key: str
    label: str
    items: list[StatusItem]
    counts: dict[str, int]

    @property
    def needs_work(self) -> bool:
        return bool(self.counts[OUTDATED] or self.counts[MISSING])


@dataclass
class TranslationStatus:
    languages: list[tuple[str, str]]
    groups: list[StatusGroup]
    counts: dict[str, int]  # over all items and languages, before filtering
    status_filter: str | None


@dataclass
class _Changes:
    source: datetime | None = None
    translations: dict[str, datetime | None] = field(default_factory=dict)


def text_changes(model: type[models.Model], languages: Iterable[str]) -> dict[int, _Changes]:
    """For each object with history: when its Bulgarian texts, and those in each language, last changed."""
    languages = list(languages)
    fields = kind_of(model).translated
    columns = {lang: [f"{f}_{lang}" for f in fields] for lang in [SOURCE_LANGUAGE, *languages]}
    # Only the history of objects that still exist: each import deletes and recreates everything.
    records = (
        model.history.model.objects.filter(id__in=model.objects.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", *[c for cols in columns.values() for c in cols])
    )
    result: dict[int, _Changes] = {}
    last: dict[int, dict[str, tuple]] = {}
    for record in records:
        object_id, date, history_type, values = record[0], record[1], record[2], record[3:]
        if history_type == "-":
            continue
        texts, offset = {}, 0
        for lang, cols in columns.items():
            texts[lang] = tuple(v or "" for v in values[offset : offset + len(cols)])
            offset += len(cols)
        changes = result.setdefault(object_id, _Changes(translations=dict.fromkeys(languages)))
        before = last.get(object_id)
        if before is None or texts[SOURCE_LANGUAGE] != before[SOURCE_LANGUAGE]:
            if before is not None or any(texts[SOURCE_LANGUAGE]):
                changes.source = date
        for lang in languages:
            if before is None or texts[lang] != before[lang]:
                if before is not None or any(texts[lang]):
                    changes.translations[lang] = date
        last[object_id] = texts
    return result


def item_status(
    obj: models.Model, fields: Iterable[str], lang: str, changes: _Changes | None
) -> LanguageStatus:
    """The status of one object's translation into `lang`, from its current texts and their history."""
    missing = [
        f
        for f in fields
        if (getattr(obj, f"{f}_{SOURCE_LANGUAGE}") or "").strip()
        and not (getattr(obj, f"{f}_{lang}") or "").strip()
    ]
    source = changes.source if changes else None
    saved = changes.translations.get(lang) if changes else None
    if missing:
        status = MISSING
    elif source is not None and saved is not None and source > saved:
        status = OUTDATED
    else:
        status = UP_TO_DATE
    labels = [str(capfirst(type(obj)._meta.get_field(f).verbose_name)) for f in missing]
    return LanguageStatus(status, labels, source, saved)


def _edit_url_maker(url_name: str) -> Callable[[str], str]:
    """Resolve the edit page once per kind (not once per item): the slug goes into a placeholder."""
    template = reverse(url_name, kwargs={"slug": _SLUG_PLACEHOLDER})
    return lambda slug: template.replace(_SLUG_PLACEHOLDER, slug)


def translation_status(*, status: str | None = None) -> TranslationStatus:
    """The matrix content items × languages, grouped by kind; `status` keeps only the items with it."""
    languages = target_languages()
    codes = [code for code, _name in languages]
    status = status if status in STATUSES else None
    groups, totals = [], dict.fromkeys(STATUSES, 0)
    for kind in KINDS:
        fields = kind.translated
        changes = text_changes(kind.model, codes)
        make_url = _edit_url_maker(kind.edit_url)
        items, counts = [], dict.fromkeys(STATUSES, 0)
        for obj in kind.rows():
            cells = {code: item_status(obj, fields, code, changes.get(obj.pk)) for code in codes}
            for cell in cells.values():
                counts[cell.status] += 1
            item = StatusItem(label=kind.label(obj), edit_url=make_url(kind.edit_slug(obj)), languages=cells)
            if status is None or item.has(status):
                items.append(item)
        for key, value in counts.items():
            totals[key] += value
        groups.append(StatusGroup(kind.key, kind.plural, items, counts))
    return TranslationStatus(languages=languages, groups=groups, counts=totals, status_filter=status)
