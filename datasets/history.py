"""A figure's audit trail in plain words: who, when, and each field's old → new value, in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Figure

FIELDS = (
    "year",
    "category_bg",
    "category_en",
    "value",
    "source_title",
    "source_url",
    "source_date",
    "source_date_kind",
    "note_bg",
    "note_en",
)
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    date: object
    user: object
    action: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)


def figure_changes(figure: Figure) -> list[Change]:
    """Newest first; each change lists the fields whose value differs from the record before it."""
    records = list(figure.history.select_related("history_user").order_by("history_date", "history_id"))
    changes, previous = [], None
    for record in records:
        differences = []
        for name in FIELDS:
            new = getattr(record, name)
            old = getattr(previous, name) if previous is not None else None
            if previous is None or old != new:
                if previous is None and new in (None, ""):
                    continue
                label = Figure._meta.get_field(name).verbose_name
                differences.append((label, old, new))
        changes.append(
            Change(
                record.history_date, record.history_user, ACTIONS.get(record.history_type, ""), differences
            )
        )
        previous = record
    changes.reverse()
    return changes
