"""factory_boy factories for the library; files go through the upload service, like any upload."""

import datetime
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Document
from library.services import document_file_add

_numbers = itertools.count(1)


def pdf_bytes(text: str = "") -> bytes:
    """A minimal PDF, different each call (its SHA-256 too)."""
    marker = text or next(_numbers)
    return f"%PDF-1.4\n% {marker}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode()


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    title_bg = factory.Sequence(lambda n: f"Документ № {n}")
    title_en = factory.Sequence(lambda n: f"Document No {n}")
    summary_bg = ""
    kind = Document.Kind.FORM
    visibility = Document.Visibility.PUBLIC


def add_file(
    document, *, data: bytes | None = None, name="file.pdf", language="bg", version="1.0", date=None
):
    return document_file_add(
        document=document,
        upload=SimpleUploadedFile(name, data if data is not None else pdf_bytes()),
        language=language,
        version_label=version,
        version_date=date or datetime.date(2024, 3, 1),
    )
