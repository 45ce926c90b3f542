"""Reads for the library's pages: the list (with the generated handbook first, search and the kind
filter) and one document with its language versions and version history. A fixed number of queries
whatever the number of documents and files: the documents, then all their files in one query."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from roadmap.search_words import Vocabulary, words

from .models import Document, DocumentFile

MAX_QUERY_WORDS = 12
MAX_QUERY_LENGTH = 200


@dataclass
class LanguageVersion:
    language: str
    language_name: str
    url: str
    label: str  # the version label or the edition
    date: object
    size: int | None = None
    extension: str = "pdf"


@dataclass
class HandbookEntry:
    """The current edition's handbook, generated from the roadmap, never uploaded."""

    edition_number: int
    published_at: datetime
    versions: list[LanguageVersion]
    kind: str = Document.Kind.HANDBOOK

    @property
    def title(self) -> str:
        return _("Handbook of the roadmap, edition %(number)d") % {"number": self.edition_number}

    def search_texts(self) -> list[str]:
        texts = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts += [self.title, _("Handbook"), _("Generated from the current edition of the roadmap.")]
        return texts


@dataclass
class DocumentEntry:
    document: Document
    versions: list[LanguageVersion] = field(default_factory=list)  # the latest file per language

    def search_texts(self) -> list[str]:
        texts = []
        for code, _name in settings.LANGUAGES:
            texts.append(getattr(self.document, f"title_{code}") or "")
            texts.append(getattr(self.document, f"summary_{code}") or "")
        return texts


@dataclass
class LibraryPage:
    handbook: HandbookEntry | None
    documents: list[DocumentEntry]
    query: str
    kind: str
    corrected: dict[str, str]  # typed word → the word it was corrected to

    @property
    def is_empty(self) -> bool:
        return self.handbook is None and not self.documents


def _files_newest_first() -> Prefetch:
    return Prefetch("files", queryset=DocumentFile.objects.order_by("-version_date", "-uploaded_at", "-pk"))


def _latest_per_language(document: Document) -> list[LanguageVersion]:
    names = dict(DocumentFile.Language.choices)
    seen: dict[str, LanguageVersion] = {}
    for stored in document.files.all():
        if stored.language not in seen:
            seen[stored.language] = LanguageVersion(
                language=stored.language,
                language_name=str(names.get(stored.language, stored.language)),
                url=stored.get_absolute_url(),
                label=stored.version_label,
                date=stored.version_date,
                size=stored.size,
                extension=stored.extension,
            )
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(
        seen.values(), key=lambda version: order.index(version.language) if version.language in order else 99
    )


def _kind_order() -> Case:
    """The kinds in the order the programme lists its outputs (Document.Kind), not alphabetically."""
    return Case(
        *(When(kind=kind, then=Value(position)) for position, kind in enumerate(Document.Kind.values)),
        output_field=IntegerField(),
    )


def handbook_entry(edition) -> HandbookEntry | None:
    """The current edition's handbook in every language, or None before the first edition."""
    if edition is None:
        return None
    versions = []
    names = dict(DocumentFile.Language.choices)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("roadmap:handbook_pdf")
        versions.append(
            LanguageVersion(
                language=code,
                language_name=str(names.get(code, code)),
                url=url,
                label=_("edition %(number)d") % {"number": edition.number},
                date=edition.published_at.date(),
            )
        )
    return HandbookEntry(edition_number=edition.number, published_at=edition.published_at, versions=versions)


def library_page(*, user, edition, query: str = "", kind: str = "") -> LibraryPage:
    """The documents this user may see, the handbook first, filtered by kind and by the search words."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if kind not in Document.Kind.values:
        kind = ""
    documents = (
        Document.objects.visible_to(user)
        .prefetch_related(_files_newest_first())
        .order_by(_kind_order(), "title")
    )
    if kind:
        documents = documents.filter(kind=kind)
    entries: list[DocumentEntry | HandbookEntry] = [
        DocumentEntry(document=document, versions=_latest_per_language(document)) for document in documents
    ]
    handbook = handbook_entry(edition) if kind in ("", Document.Kind.HANDBOOK) else None
    if handbook is not None:
        entries.insert(0, handbook)
    corrected: dict[str, str] = {}
    if query:
        entries, corrected = search(entries, query)
    first = entries[0] if entries and isinstance(entries[0], HandbookEntry) else None
    return LibraryPage(
        handbook=first,
        documents=[entry for entry in entries if isinstance(entry, DocumentEntry)],
        query=query,
        kind=kind,
        corrected=corrected,
    )


def search(entries: list, query: str) -> tuple[list, dict[str, str]]:
    """The entries whose title or summary (in any language) holds every word typed, in any of its forms:
    the roadmap's Bulgarian word forms, word families, word beginnings and typo correction
    (roadmap.search_words). Entries keep their order."""
    entry_words = [set(words(" ".join(entry.search_texts()))) for entry in entries]
    frequency = Counter(word for found in entry_words for word in found)
    vocabulary = Vocabulary(dict(frequency))
    corrected: dict[str, str] = {}
    kept = list(range(len(entries)))
    for typed in words(query)[:MAX_QUERY_WORDS]:
        matched = set(vocabulary.matches(typed))
        if not matched:
            correction = vocabulary.correction(typed)
            if correction is not None:
                corrected[typed] = correction
                matched = set(vocabulary.matches(correction))
        kept = [index for index in kept if entry_words[index] & matched]
    return [entries[index] for index in kept], corrected


def document_for_reader(*, user, slug: str) -> Document:
    """A document with its files (newest first), or a 404 when it does not exist or this user may not
    see it: a staff-only document is not told apart from a missing one."""
    return get_object_or_404(
        Document.objects.visible_to(user).prefetch_related(_files_newest_first()), slug=slug
    )


def file_for_reader(*, user, slug: str, file_id: int) -> DocumentFile:
    visible = Document.objects.visible_to(user)
    return get_object_or_404(
        DocumentFile.objects.select_related("document").filter(document__in=visible),
        pk=file_id,
        document__slug=slug,
    )


@dataclass
class DocumentPage:
    document: Document
    latest: list[LanguageVersion]
    history: list[DocumentFile]


def document_page(document: Document) -> DocumentPage:
    return DocumentPage(
        document=document, latest=_latest_per_language(document), history=list(document.files.all())
    )
