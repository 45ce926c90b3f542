"""The reader's own institution ("I am from …"): kept in the URL as `inst=<slug>`, never stored.

Step pages, the guide, the path PDF and the handover note put that institution's duties first and mark
them as "your part". An institution counts as the reader's when it is the chosen one or one of its
sub-units (a regional directorate under its ministry), so picking the parent covers its offices.

Pure functions over a published edition's plain objects: no models, no database.
"""

from __future__ import annotations

from .projection import EditionInLanguage
from .published import PublishedInstitution, PublishedResponsibility, PublishedStep

PARAMETER = "inst"
MAX_SLUG_LENGTH = 100


def own_institution(edition: EditionInLanguage, value: str | None) -> PublishedInstitution | None:
    """The institution a reader said they are from, or None (nothing chosen, or not in this edition)."""
    if not value or len(value) > MAX_SLUG_LENGTH:
        return None
    return edition.institutions.get(value)


def is_own(institution: PublishedInstitution, own: PublishedInstitution | None) -> bool:
    """Whether `institution` is the reader's own, or one of its sub-units."""
    current = institution
    while own is not None and current is not None:
        if current is own:
            return True
        current = current.parent
    return False


def own_first(
    responsibilities: list[PublishedResponsibility], own: PublishedInstitution | None
) -> list[PublishedResponsibility]:
    """`responsibilities` with the reader's own institution's first (otherwise in their order)."""
    if own is None:
        return list(responsibilities)
    return sorted(responsibilities, key=lambda item: not is_own(item.institution, own))


def own_part(step: PublishedStep, own: PublishedInstitution | None) -> list[PublishedResponsibility]:
    """The reader's institution's duties on `step` (empty when none is chosen or it has no part)."""
    return [item for item in step.responsibilities if is_own(item.institution, own)]
