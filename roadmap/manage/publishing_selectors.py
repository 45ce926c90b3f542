"""Reads that shape the publishing pages: the latest edition, the working copy's state, recent edits.

Each read costs a fixed number of SQL queries whatever the size of the roadmap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import translation

from roadmap_site.pdf import is_stored, site_url

from ..audit import ACTIONS
from ..checks import CheckReport, pathway_check
from ..content_kinds import KINDS
from ..diff import Change, document_diff
from ..editions import latest_edition, load_edition
from ..models import Edition
from ..services import content_export
from ..standard_pdfs import standard_documents
from ..tasks import render_status


@dataclass
class WorkingState:
    latest: Edition | None
    document: dict[str, Any]
    report: CheckReport
    changes: list[Change]


def edition_rows() -> list[Edition]:
    """Every edition without its content, newest first (one query)."""
    return list(Edition.objects.select_related("published_by").defer("content").order_by("-number"))


def latest_edition_row() -> Edition | None:
    return Edition.objects.select_related("published_by").defer("content").order_by("-number").first()


def edition_content(number: int) -> dict[str, Any] | None:
    edition = load_edition(number)
    return edition.content if edition is not None else None


def working_state(*, lang: str | None = None) -> WorkingState:
    """The working copy, its check and what changed since the latest edition."""
    lang = lang or translation.get_language()
    latest = latest_edition_row()
    document = content_export()
    old = edition_content(latest.number) if latest else {}
    return WorkingState(
        latest=latest,
        document=document,
        report=pathway_check(document),
        changes=document_diff(old or {}, document, lang),
    )


@dataclass
class Edit:
    when: datetime
    who: str
    action: str
    model: str
    label: str
    reason: str


def recent_edits(limit: int = 15) -> list[Edit]:
    """The latest saves across the content models (one small query per audited model)."""
    lang = translation.get_language() or "bg"
    edits = []
    for kind in KINDS:
        for record in kind.model.history.select_related("history_user").order_by("-history_date")[:limit]:
            name = kind.name_field
            label = (
                getattr(record, f"{name}_{lang}")
                or getattr(record, f"{name}_bg")
                or getattr(record, "slug", "")
            )
            edits.append(
                Edit(
                    when=record.history_date,
                    who=str(record.history_user or ""),
                    action=ACTIONS.get(record.history_type, ""),
                    model=str(kind.model._meta.verbose_name),
                    label=str(label)[:120],
                    reason=record.history_change_reason or "",
                )
            )
    edits.sort(key=lambda e: e.when, reverse=True)
    return edits[:limit]


@dataclass
class EditionPdfs:
    number: int
    ready: int
    total: int
    ahead: bool  # rendered ahead by the worker (settings.SITE_URL is set), else at each first download
    status: str  # how the rendering tasks went (roadmap.tasks.render_status): "RUNNING", "FAILED", … or ""

    @property
    def failed(self) -> bool:
        return self.status == "FAILED" and self.ready < self.total

    @property
    def rendering(self) -> bool:
        return self.status == "RUNNING"


def edition_pdfs() -> EditionPdfs | None:
    """How many of the latest edition's standard PDFs are in the PDF cache, and how their rendering went
    (two queries; one file-exists check per document); None before the first edition."""
    edition = latest_edition()
    if edition is None:
        return None
    address = site_url()
    if not address:
        return EditionPdfs(number=edition.number, ready=0, total=0, ahead=False, status="")
    documents = standard_documents(edition, site_url=address)
    return EditionPdfs(
        number=edition.number,
        ready=sum(1 for document in documents if is_stored(document)),
        total=len(documents),
        ahead=True,
        status=render_status(edition.number),
    )
