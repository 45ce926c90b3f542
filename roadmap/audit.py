"""The audit trail: who changed what in the working copy, read from django-simple-history's records.

Every content model keeps a historical table (roadmap/translation.py, cases/translation.py). A page of
the trail is one UNION query over all of them for the page's keys, then per model on the page one query
for its records (with the id of each record's predecessor) and one for those predecessors: a fixed
number of queries whatever the size of the history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .content_kinds import KINDS, by_model_name, kind_of
from .diff import TextPiece, word_diff
from .models import Institution, RegionalOffice, Responsibility, Step, Transition

AUDITED_MODELS: tuple[type[models.Model], ...] = tuple(kind.model for kind in KINDS)
PER_PAGE = 50
# Fields every record has that say nothing about the content.
_NOT_SHOWN = {"id", "revision"}
# Texts longer than this (or with several lines) are shown as a word diff instead of old → new.
_SHORT_TEXT = 120


def audited_models() -> dict[str, type[models.Model]]:
    """The audited content models by their model name ("step", "transition", …)."""
    return {name: kind.model for name, kind in by_model_name().items()}


def parse_object_ref(value: str | None) -> tuple[str, int] | None:
    """ "step:12" → ("step", 12); None for anything else (unknown model, bad number)."""
    model_name, _sep, pk = (value or "").partition(":")
    if model_name in audited_models() and pk.isdigit():
        return model_name, int(pk)
    return None


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    pieces: list[TextPiece] = field(default_factory=list)  # set for long texts, instead of old → new


@dataclass
class AuditEntry:
    model_name: str
    kind_label: str
    object_id: int
    object_label: str
    action: str  # "created", "changed", "deleted"
    when: datetime
    user_id: int | None
    user_name: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    previous_known: bool = True

    @property
    def object_ref(self) -> str:
        return f"{self.model_name}:{self.object_id}"


@dataclass
class AuditTrail:
    entries: list[AuditEntry]
    page: Page
    user_id: int | None
    object_ref: tuple[str, int] | None

    @property
    def user_label(self) -> str:
        return next((e.user_name for e in self.entries if e.user_id == self.user_id), f"#{self.user_id}")

    @property
    def object_label(self) -> str:
        if self.object_ref is None:
            return ""
        if self.entries:
            return f"{self.entries[0].kind_label}: {self.entries[0].object_label}"
        return f"{capfirst(audited_models()[self.object_ref[0]]._meta.verbose_name)} #{self.object_ref[1]}"


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def audit_trail(
    *,
    user_id: int | None = None,
    object_ref: tuple[str, int] | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> AuditTrail:
    """One page of content changes, newest first, optionally of one user and/or one object.

    Issues at most 4 + 2 × (number of audited models) queries, whatever the size of the history."""
    models_by_name = audited_models()
    selected = [models_by_name[object_ref[0]]] if object_ref else list(AUDITED_MODELS)
    keys = []
    for model in selected:
        records = model.history.model.objects.all()
        if user_id is not None:
            records = records.filter(history_user_id=user_id)
        if object_ref is not None:
            records = records.filter(id=object_ref[1])
        keys.append(
            records.annotate(model_name=Value(model._meta.model_name, output_field=CharField()))
            .values_list("history_date", "history_id", "model_name")
            .order_by()
        )
    union = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    paginator = Paginator(
        union.order_by("-history_date", "-history_id"), per_page, allow_empty_first_page=True
    )
    current = paginator.get_page(page)
    rows = list(current.object_list)

    wanted: dict[str, list[int]] = {}
    for _date, history_id, model_name in rows:
        wanted.setdefault(model_name, []).append(history_id)
    records: dict[tuple[str, int], Any] = {}
    previous: dict[tuple[str, int], Any] = {}
    for model_name, history_ids in wanted.items():
        history = models_by_name[model_name].history.model
        earlier = (
            history.objects.filter(id=OuterRef("id"))
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        page_records = list(
            history.objects.filter(history_id__in=history_ids)
            .select_related("history_user")
            .annotate(previous_history_id=Subquery(earlier))
        )
        previous_ids = [
            r.previous_history_id
            for r in page_records
            if r.history_type == "~" and r.previous_history_id is not None
        ]
        by_id = (
            {r.history_id: r for r in history.objects.filter(history_id__in=previous_ids)}
            if previous_ids
            else {}
        )
        for record in page_records:
            records[model_name, record.history_id] = record
            if record.previous_history_id in by_id:
                previous[model_name, record.history_id] = by_id[record.previous_history_id]

    names = _related_names(records.values())
    entries = []
    for _date, history_id, model_name in rows:
        record = records[model_name, history_id]
        entries.append(
            _entry(models_by_name[model_name], record, previous.get((model_name, history_id)), names)
        )
    return AuditTrail(entries=entries, page=current, user_id=user_id, object_ref=object_ref)


def _related_names(records) -> dict[str, dict[int, str]]:
    """Slugs of the steps and institutions the page's records point at (two queries at most)."""
    step_ids, institution_ids = set(), set()
    for record in records:
        for attname in ("source_id", "target_id", "step_id"):
            if getattr(record, attname, None):
                step_ids.add(getattr(record, attname))
        for attname in ("institution_id", "parent_id"):
            if getattr(record, attname, None):
                institution_ids.add(getattr(record, attname))
    return {
        "step": dict(Step.objects.filter(pk__in=step_ids).values_list("pk", "slug")) if step_ids else {},
        "institution": (
            dict(Institution.objects.filter(pk__in=institution_ids).values_list("pk", "slug"))
            if institution_ids
            else {}
        ),
    }


def _entry(
    model: type[models.Model], record: Any, before: Any, names: dict[str, dict[int, str]]
) -> AuditEntry:
    action = ACTIONS.get(record.history_type, "changed")
    user = record.history_user
    entry = AuditEntry(
        model_name=model._meta.model_name,
        kind_label=capfirst(model._meta.verbose_name),
        object_id=record.id,
        object_label=_object_label(model, record, names),
        action=action,
        when=record.history_date,
        user_id=record.history_user_id,
        user_name=(user.get_full_name() or user.get_username()) if user is not None else "",
        reason=record.history_change_reason or "",
    )
    if action == "changed":
        if before is None:
            entry.previous_known = False
        else:
            entry.changes = field_changes(model, before, record, names)
    return entry


def _object_label(model: type[models.Model], record: Any, names: dict[str, dict[int, str]]) -> str:
    steps, institutions = names["step"], names["institution"]

    def ref(mapping: dict[int, str], pk: int | None) -> str:
        return mapping.get(pk, f"#{pk}") if pk else "—"

    if model is Transition:
        text = f"{ref(steps, record.source_id)} → {ref(steps, record.target_id)}"
        return f"{text} ({record.label_bg})" if record.label_bg else text
    if model is Responsibility:
        return f"{ref(institutions, record.institution_id)} · {ref(steps, record.step_id)} ({record.role})"
    if model is RegionalOffice:
        return f"{ref(institutions, record.institution_id)} · {record.name_bg}"
    name = getattr(record, f"{kind_of(model).name_field}_bg", "")
    slug = getattr(record, "slug", "")
    return f"{name} ({slug})" if name and slug else name or slug or f"#{record.id}"


def model_field_label(model: type[models.Model], name: str) -> str:
    """ "title_bg" → "Title (Bulgarian)"; other fields by their verbose name."""
    languages = dict(settings.LANGUAGES)
    base, _sep, code = name.rpartition("_")
    if code in languages and base in kind_of(model).translated:
        return _("%(field)s (%(language)s)") % {
            "field": capfirst(model._meta.get_field(base).verbose_name),
            "language": languages[code],
        }
    return capfirst(model._meta.get_field(name).verbose_name)


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The content fields of a model's history worth comparing: per-language columns, not the base column."""
    translated = set(kind_of(model).translated)
    return [
        f for f in model.history.model.tracked_fields if f.name not in _NOT_SHOWN and f.name not in translated
    ]


def field_changes(
    model: type[models.Model], before: Any, after: Any, names: dict[str, dict[int, str]] | None = None
) -> list[FieldChange]:
    """What differs between two historical records of one object, field by field, old → new."""
    names = names or {"step": {}, "institution": {}}
    changes = []
    for model_field in shown_fields(model):
        old, new = getattr(before, model_field.attname), getattr(after, model_field.attname)
        if old == new:
            continue
        old_text, new_text = _display(model_field, old, names), _display(model_field, new, names)
        if old_text == new_text:  # e.g. None → "" when a form saves an empty translation
            continue
        pieces: list[TextPiece] = []
        if _is_long(old_text) or _is_long(new_text):
            pieces = word_diff(old_text, new_text)
        changes.append(
            FieldChange(
                label=model_field_label(model, model_field.name), old=old_text, new=new_text, pieces=pieces
            )
        )
    return changes


def _display(model_field: models.Field, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        related = model_field.related_model._meta.model_name
        return names.get(related, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _is_long(text: str) -> bool:
    return len(text) > _SHORT_TEXT or "\n" in text
