"""The demo roadmap: loaded into an empty database and published as the first edition."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .document import read_folder
from .models import Edition
from .services import content_import, edition_publish


@dataclass
class DemoLoad:
    counts: dict[str, int]
    edition: Edition


@transaction.atomic
def demo_load(*, folder: str | Path, force: bool = False) -> DemoLoad | None:
    """Import fixtures/demo and publish it; does nothing when an edition exists (unless forced)."""
    if Edition.objects.exists() and not force:
        return None
    counts = content_import(document=read_folder(Path(folder)))
    edition = edition_publish(note="Демонстрационно съдържание: първо издание на пътната карта.")
    return DemoLoad(counts=counts, edition=edition)
