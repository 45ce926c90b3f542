"""The checks every uploaded file goes through, whatever the app: its size, its type told by its content
(never by its name), the limits of a ZIP container (zip bombs), and the SHA-256 of its bytes.

A PDF starts with ``%PDF-``. A DOCX or an XLSX is an Office Open XML package: a ZIP holding
``[Content_Types].xml`` that declares the main part of a Word document (``word/``) or of a workbook
(``xl/``). Anything else, a macro-enabled document included, is refused. A ZIP is judged from its central
directory alone (members, unpacked sizes, ratios) before any of it is unpacked.

Every refusal is an ``UploadRefused``, a ``ValidationError`` with a translated message, so a form's
``clean_<field>`` can call ``inspect_upload`` and the message shows next to the field.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}
TYPE_NAMES = {PDF: gettext_lazy("PDF"), DOCX: gettext_lazy("Word (DOCX)"), XLSX: gettext_lazy("Excel (XLSX)")}
# The main part an Office Open XML package declares in [Content_Types].xml, and the folder it lives in.
_OOXML_MAIN = {
    DOCX: (b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/"),
    XLSX: (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/"),
}
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_CONTENT_TYPES_BYTES = 256 * 1024
_CHUNK = 64 * 1024


class UploadRefused(ValidationError):
    """An upload that is refused; `code` says why: too_large, wrong_type, unreadable, unpacks_too_large,
    bomb."""


@dataclass(frozen=True)
class ArchiveLimits:
    """What a ZIP may hold. Office files saved by Word, Excel or LibreOffice have 10–40 members and a
    ratio below 20; these bounds leave room for pictures and formatting, not for bombs."""

    max_members: int = 100
    max_unpacked_bytes: int = 20 * MB
    max_ratio: int = 100  # unpacked ÷ packed, for members over ratio_from_bytes
    ratio_from_bytes: int = MB


DOCUMENT_ARCHIVE_LIMITS = ArchiveLimits(max_members=1000, max_unpacked_bytes=200 * MB)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def check_archive(archive: zipfile.ZipFile, *, limits: ArchiveLimits) -> None:
    """Refuse a ZIP from its central directory alone (nothing is unpacked): too many members, too much
    once unpacked, a member packed far tighter than any document is, or encrypted / packed in a way no
    office program writes."""
    members = archive.infolist()
    if len(members) > limits.max_members or sum(m.file_size for m in members) > limits.max_unpacked_bytes:
        raise UploadRefused(
            _("The file is too large once unpacked (more than %(size)d MB or %(members)d parts).")
            % {"size": limits.max_unpacked_bytes // MB, "members": limits.max_members},
            code="unpacks_too_large",
        )
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UploadRefused(
                _("The file is encrypted or packed in a way office programs do not write."), code="unreadable"
            )
        if member.file_size > limits.ratio_from_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise UploadRefused(
                _(
                    "A part of the file unpacks to more than %(ratio)d times its size, as compression "
                    "bombs do."
                )
                % {"ratio": limits.max_ratio},
                code="bomb",
            )


def inspect_upload(
    file: IO[bytes],
    *,
    max_bytes: int,
    allowed: tuple[str, ...] = (PDF, DOCX, XLSX),
    archive_limits: ArchiveLimits = DOCUMENT_ARCHIVE_LIMITS,
) -> CheckedUpload:
    """The type, size and SHA-256 of an uploaded file (seekable, e.g. Django's UploadedFile), or
    UploadRefused. The file is read once for its hash, in chunks, and left at its start."""
    size = _size(file)
    if size > max_bytes:
        raise UploadRefused(
            _("The file is larger than %(size)s MB.") % {"size": _megabytes(max_bytes)}, code="too_large"
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."), code="wrong_type")
    content_type = _content_type(file, allowed=allowed, archive_limits=archive_limits)
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return CheckedUpload(content_type=content_type, size=size, sha256=digest.hexdigest())


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    return size


def _megabytes(size: int) -> str:
    return f"{size / MB:g}"


def _wrong_type(allowed: tuple[str, ...]) -> UploadRefused:
    return UploadRefused(
        _("The file's content is not %(types)s (the type is judged by the content, not by the name).")
        % {"types": " / ".join(str(TYPE_NAMES[kind]) for kind in allowed)},
        code="wrong_type",
    )


def _content_type(file: IO[bytes], *, allowed: tuple[str, ...], archive_limits: ArchiveLimits) -> str:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        if PDF in allowed:
            return PDF
        raise _wrong_type(allowed)
    if not head.startswith(b"PK\x03\x04") or not any(kind in allowed for kind in _OOXML_MAIN):
        raise _wrong_type(allowed)
    try:
        with zipfile.ZipFile(file) as archive:
            check_archive(archive, limits=archive_limits)
            kind = _ooxml_kind(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise _wrong_type(allowed) from error
    finally:
        file.seek(0)
    if kind not in allowed:
        raise _wrong_type(allowed)
    return kind


def _ooxml_kind(archive: zipfile.ZipFile) -> str | None:
    """DOCX or XLSX when the package declares that main part and holds its folder, else None."""
    try:
        info = archive.getinfo(_CONTENT_TYPES)
    except KeyError:
        return None
    if info.file_size > _MAX_CONTENT_TYPES_BYTES:
        return None
    declared = archive.read(info)
    names = archive.namelist()
    for kind, (main_type, folder) in _OOXML_MAIN.items():
        if main_type in declared and any(name.startswith(folder) for name in names):
            return kind
    return None
