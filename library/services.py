"""Writes to the library: documents and their files. An upload is checked whole (size, type by content,
zip bombs: roadmap_site.uploads) and for a duplicate before anything is written; then the row and the file
are written in one transaction, and a file written for a row that could not be saved is deleted, so a
refused upload leaves nothing behind."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from roadmap_site.uploads import inspect_upload

from .models import RESERVED_MESSAGE, RESERVED_SLUGS, Document, DocumentFile

# The Transliteration Act (Закон за транслитерацията, ДВ бр. 19 от 2009 г., чл. 3): Bulgarian letters in
# Latin ones, for a document's address.
_TRANSLITERATION = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
        "ь": "y", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
SLUG_LENGTH = 60


def slug_for(title: str) -> str:
    """A free address for a new document, from its title: transliterated, then -2, -3 … when taken."""
    base = slugify(title.casefold().translate(_TRANSLITERATION))[:SLUG_LENGTH].strip("-") or "document"
    taken = set(Document.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(RESERVED_SLUGS)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": RESERVED_MESSAGE})


@transaction.atomic
def document_create(*, actor, fields: dict, upload=None, file_fields: dict | None = None) -> Document:
    """A new document (and its first file when given): both are stored, or neither."""
    document = Document(created_by=actor, **fields)
    if not document.slug:
        document.slug = slug_for(fields.get("title_bg") or fields.get("title_en") or "")
    _check_slug(document.slug)
    document.full_clean()
    document.save()
    if upload is not None:
        document_file_add(document=document, upload=upload, actor=actor, **(file_fields or {}))
    return document


@transaction.atomic
def document_update(*, document: Document, fields: dict) -> Document:
    for name, value in fields.items():
        setattr(document, name, value)
    _check_slug(document.slug)
    document.full_clean()
    document.save()
    return document


def _duplicate(existing: DocumentFile) -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "This file is already in the library: “%(title)s” (%(language)s, version %(version)s). "
                "Nothing was stored."
            )
            % {
                "title": existing.document.title,
                "language": existing.get_language_display(),
                "version": existing.version_label,
            }
        }
    )


def document_file_add(
    *,
    document: Document,
    upload,
    language: str,
    version_label: str,
    version_date: datetime.date,
    actor=None,
) -> DocumentFile:
    """Check an uploaded file and store it as a version of the document; ValidationError (on "file" or
    another field) and nothing stored when it is refused."""
    try:
        checked = inspect_upload(upload, max_bytes=settings.LIBRARY_MAX_UPLOAD_BYTES)
    except ValidationError as refusal:
        raise ValidationError({"file": refusal.messages}) from refusal
    existing = DocumentFile.objects.select_related("document").filter(sha256=checked.sha256).first()
    if existing is not None:
        raise _duplicate(existing)
    stored = DocumentFile(
        document=document,
        language=language,
        version_label=version_label.strip(),
        version_date=version_date,
        original_name=(upload.name or "")[-200:],
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    stored.full_clean(exclude=["file", "sha256"])
    try:
        with transaction.atomic():
            stored.file.save(f"upload.{checked.extension}", upload, save=False)
            stored.save()
            Document.objects.filter(pk=document.pk).update(updated_at=stored.uploaded_at)
    except IntegrityError as error:  # the same file uploaded at the same moment by someone else
        stored.file.delete(save=False)
        existing = DocumentFile.objects.select_related("document").filter(sha256=checked.sha256).first()
        if existing is not None:
            raise _duplicate(existing) from error
        raise
    except BaseException:
        if stored.file:
            stored.file.delete(save=False)
        raise
    return stored
