"""An edition's standard PDFs: every printout that depends on the edition alone, in every language.

They are rendered ahead by a background task (roadmap.tasks) when the edition is published, so that the
first download is a file read. The roadmap lists its own (the handbook, each institution's duties); other
apps add theirs with `register_standard_documents` in their AppConfig.ready() (cases: every scenario's
path), since the roadmap imports neither of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from roadmap_site.pdf import PrintDocument

from .editions import PublishedEdition
from .languages import language_codes
from .printouts import handbook_document, institution_document
from .projection import EditionInLanguage

# (edition in one language, site URL) → that language's documents (None entries are skipped)
StandardDocuments = Callable[[EditionInLanguage, str], Iterable[PrintDocument | None]]

_providers: list[StandardDocuments] = []


def register_standard_documents(provider: StandardDocuments) -> StandardDocuments:
    """Add an app's standard documents (once, however often its ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def roadmap_documents(edition: EditionInLanguage, site_url: str) -> Iterator[PrintDocument | None]:
    yield handbook_document(edition, site_url=site_url)
    for slug in edition.institutions:
        yield institution_document(edition, slug, site_url=site_url)


def standard_documents(
    edition: PublishedEdition, *, site_url: str, languages: Iterable[str] | None = None
) -> list[PrintDocument]:
    """Every standard document of the edition (in `languages`, default all), language by language, the
    handbook first."""
    documents = []
    for lang in languages or language_codes():
        localized = edition.localized(lang)
        for provider in (roadmap_documents, *_providers):
            documents.extend(
                document
                for document in provider(localized, site_url)
                if document is not None and document.store
            )
    return documents
