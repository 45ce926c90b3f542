"""The demo roadmap: loaded into an empty database and published as the first edition."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .document import read_folder
from .models import Edition
from .services import content_export, content_import, edition_publish

DEMO_NOTE = {
    "bg": "Демонстрационно съдържание, проверено по официалните текстове към 4 декември 2026 г.: "
    "Пактът на ЕС за миграцията и убежището (за молби, регистрирани от 1 юли 2026 г.), ЗЗДет, "
    "източник и степен на проверка при всяко правно твърдение.",
    "en": "Demo content checked against the official texts as of 4 December 2026: the EU Pact on "
    "Migration and Asylum (for applications registered from 1 July 2026), the CPA, a source and "
    "verification status for "
    "every legal claim.",
}


@dataclass
class DemoLoad:
    counts: dict[str, int]
    edition: Edition


class UnpublishedEdits(Exception):
    """The working copy differs from the latest edition: loading the demo would throw those edits away."""


@transaction.atomic
def demo_load(*, folder: str | Path, force: bool = False, update: bool = False) -> DemoLoad | None:
    """Import fixtures/demo and publish it; does nothing when an edition exists, unless `update` (publish
    the demo folder as the next edition when it differs from the latest; refused while the working copy
    holds unpublished edits) or `force` (replace the working copy whatever it holds)."""
    latest = Edition.objects.order_by("-number").first()
    if latest is not None and not (force or update):
        return None
    document = read_folder(Path(folder))
    if latest is not None and update and not force:
        if content_export() != latest.content:
            raise UnpublishedEdits
        content_import(document=document)
        if content_export() == latest.content:
            return None
        return DemoLoad(counts={}, edition=edition_publish(note=DEMO_NOTE))
    counts = content_import(document=document)
    edition = edition_publish(note=DEMO_NOTE)
    return DemoLoad(counts=counts, edition=edition)
