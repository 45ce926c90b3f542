"""The working copy of the roadmap, edited by coordinators, and its published editions.

Readers never query these content models directly: they read the latest `Edition`, a frozen JSON
snapshot of all of them (see `roadmap/editions.py`). One module per part of the content; everything
is importable from `roadmap.models` (migrations name `roadmap.models.HttpsURLField`).
"""

from .base import Event, HttpsURLField, Revisioned, SlugManager
from .change_notes import StepChangeNote
from .directory import Institution, RegionalOffice, Responsibility
from .edition import Edition, EditionQuerySet
from .glossary import GlossaryTerm
from .legal import LegalAct, LegalReference, LegalRegime, periods_overlap
from .pathway import WHEN_RE, DeadlineRule, Document, Scenario, Stage, Step, Transition
from .sources import SourceKind, Verifiable, Verification, verification_errors

__all__ = [
    "WHEN_RE",
    "DeadlineRule",
    "Document",
    "Edition",
    "EditionQuerySet",
    "Event",
    "GlossaryTerm",
    "HttpsURLField",
    "Institution",
    "LegalAct",
    "LegalReference",
    "LegalRegime",
    "RegionalOffice",
    "Responsibility",
    "Revisioned",
    "Scenario",
    "SlugManager",
    "SourceKind",
    "Stage",
    "Step",
    "StepChangeNote",
    "Transition",
    "Verifiable",
    "Verification",
    "periods_overlap",
    "verification_errors",
]
