"""Forms and helpers of the import page: read an uploaded roadmap document, check it whole, keep it
between the preview and the confirmation, and describe what importing it would change."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..content_kinds import KINDS, document_items
from ..diff import Change, document_diff
from ..document import Problem
from ..services import content_export, pathway_problems
from ..validation import validate_document

MAX_IMPORT_BYTES = 5 * 1024 * 1024
_SESSION_KEY = "manage_pending_import"


# A roadmap document nests about six levels deep (stages → steps → options …); far deeper is not one.
MAX_JSON_DEPTH = 32


def _depth(value, limit: int = MAX_JSON_DEPTH + 1) -> int:
    """How deeply lists and dicts nest in `value` (counted without recursion, up to `limit`)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if deepest >= limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class ImportForm(forms.Form):
    """An uploaded JSON document; after is_valid(), `document` is the parsed document and `problems`
    lists everything that keeps it from being imported (each with the path of the field)."""

    file = forms.FileField(
        label=gettext_lazy("Roadmap document (JSON)"),
        help_text=gettext_lazy("A file exported from this page or written in the same format, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.document: dict[str, Any] | None = None
        self.text = ""
        self.problems: list[Problem] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)}
            )
        raw = upload.read(MAX_IMPORT_BYTES + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _(
                    "This is not a UTF-8 text file (unreadable byte at position %(position)d). "
                    "Upload the JSON file exported from this site."
                )
                % {"position": error.start}
            ) from error
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The file is not valid JSON: line %(line)d, column %(column)d: %(error)s.")
                % {"line": error.lineno, "column": error.colno, "error": error.msg}
            ) from error
        except (RecursionError, ValueError) as error:  # nesting beyond Python's limit; a huge number
            raise forms.ValidationError(
                _("The file nests too deeply or holds a number too large to be a roadmap document.")
            ) from error
        if _depth(document) > MAX_JSON_DEPTH:
            raise forms.ValidationError(
                _("The file nests too deeply or holds a number too large to be a roadmap document.")
            )
        if not isinstance(document, dict):
            raise forms.ValidationError(_("The file must hold one JSON object with the roadmap's sections."))
        self.text = text
        self.document = document
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.document is not None:
            self.problems = validate_document(self.document)
            if self.problems:
                raise forms.ValidationError(
                    _("The document has problems: nothing was imported. Correct them and upload it again.")
                )
        return cleaned


class ConfirmImportForm(forms.Form):
    """The second step: the token names the document checked in the preview (kept in the session)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


@dataclass
class PendingImport:
    document: dict[str, Any]
    filename: str
    digest: str  # of the working copy the preview was made against (services.working_copy_digest)


def pending_import_keep(session, *, user_id: int, text: str, filename: str, digest: str) -> str:
    """Keep an uploaded, checked document in the session until it is confirmed; returns its token.

    It is bound to the session (no other browser has it), to the user, and to the working copy as it
    was previewed (`digest`)."""
    token = secrets.token_hex(32)
    session[_SESSION_KEY] = {
        "token": token,
        "user": user_id,
        "text": text,
        "filename": filename,
        "digest": digest,
    }
    return token


def pending_import_take(session, *, token: str, user_id: int) -> PendingImport | None:
    """The kept document when the token and the user match; it is removed from the session."""
    pending = session.get(_SESSION_KEY)
    if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
        return None
    del session[_SESSION_KEY]
    if pending.get("user") != user_id or not pending.get("digest"):
        return None
    return PendingImport(
        document=json.loads(pending["text"]), filename=pending.get("filename", ""), digest=pending["digest"]
    )


@dataclass
class ImportPreview:
    counts: list[tuple[str, int, int]]  # (kind, now in the working copy, in the document)
    publish_problems: list[Problem]
    changes: list[Change]


def document_counts(document: dict[str, Any]) -> list[tuple[str, int]]:
    """How many items of each kind a document holds, with labels for people."""
    items = document_items(document)
    counts = []
    for kind in KINDS:
        counts.append((kind.plural, len(items[kind.key])))
        if kind.key == "step":
            counts.append(
                (_("Decisions"), sum(1 for step in items["step"] if step.get("kind") == "decision"))
            )
    return counts


def import_preview(document: dict[str, Any], *, current: dict[str, Any] | None = None) -> ImportPreview:
    """What importing a valid document would do: its contents, the differences from the working copy
    (`current`, its export, when the caller has it), and what would still keep it from being published."""
    current = content_export() if current is None else current
    changes = document_diff(current, document, get_language() or "bg")
    counts = [
        (label, now, new)
        for (label, now), (_label, new) in zip(
            document_counts(current), document_counts(document), strict=True
        )
    ]
    return ImportPreview(counts=counts, publish_problems=pathway_problems(document), changes=changes)
