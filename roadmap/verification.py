"""The verification queue: every claim of a roadmap document not verified, and the steps due for review.

A claim is a legal reference, a deadline rule, a legal regime, and — where their text makes a claim of its
own — a duty, an institution's description or a glossary term (roadmap.models.Verifiable). The queue reads
a document (the working copy's content_export(), or an edition), so it costs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .content_kinds import edit_url
from .document import deadline_rules, parse_date
from .languages import pick
from .models import Verification

STATUSES = (Verification.VERIFIED, Verification.SECONDARY, Verification.UNVERIFIED)
KIND_LABELS = {
    "regime": gettext_lazy("legal regime"),
    "legal_reference": gettext_lazy("legal reference"),
    "deadline": gettext_lazy("deadline"),
    "responsibility": gettext_lazy("duty"),
    "institution": gettext_lazy("institution"),
    "term": gettext_lazy("glossary term"),
}


@dataclass
class Claim:
    """One claim and where it comes from: `kind` and `slug` name the item to edit (a step for its deadlines
    and duties), `label` says which claim, `status` how far it was checked, `reason` why not further."""

    kind: str
    slug: str
    label: str
    status: str
    reason: str
    url: str
    safety_critical: bool = False

    @property
    def status_label(self) -> str:
        return str(dict(Verification.choices).get(self.status, self.status))

    @property
    def edit_url(self) -> str:
        return edit_url(self.kind, self.slug)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass
class StepReview:
    slug: str
    label: str
    owner: str
    review_by: date | None

    @property
    def edit_url(self) -> str:
        return edit_url("step", self.slug)


@dataclass
class VerificationQueue:
    claims: list[Claim]  # not verified: secondary or unverified
    counts: dict[str, dict[str, int]]  # kind → status → number (every claim)
    overdue: list[StepReview] = field(default_factory=list)
    unowned: list[StepReview] = field(default_factory=list)

    def counts_by_kind(self) -> list[tuple[str, int, int, int]]:
        """(kind label, verified, secondary, not verified) per kind of claim, for the summary table."""
        return [
            (
                str(KIND_LABELS.get(kind, kind)),
                by.get(Verification.VERIFIED, 0),
                by.get(Verification.SECONDARY, 0),
                by.get(Verification.UNVERIFIED, 0),
            )
            for kind, by in self.counts.items()
        ]

    @property
    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(STATUSES, 0)
        for by_status in self.counts.values():
            for status, number in by_status.items():
                totals[status] += number
        return totals


def verification_queue(document: dict[str, Any], *, lang: str, today: date) -> VerificationQueue:
    """The document's claims that are not verified (safety-critical first), counts by status, and the
    steps whose review is overdue or that have no owner."""
    claims: list[Claim] = []
    counts: dict[str, dict[str, int]] = {}

    def add(
        kind: str, slug: str, label: str, raw: dict, *, optional: bool = False, critical: bool = False
    ) -> None:
        source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
        status = source.get("status") or ("" if optional else Verification.UNVERIFIED)
        if not status:
            return
        counts.setdefault(kind, dict.fromkeys(STATUSES, 0))
        counts[kind][status] = counts[kind].get(status, 0) + 1
        if status == Verification.VERIFIED:
            return
        reason = pick(source.get("note"), lang) or (
            _("No source recorded.") if not source.get("url") else pick(source.get("title"), lang)
        )
        claims.append(
            Claim(
                kind=kind,
                slug=slug,
                label=label,
                status=status,
                reason=reason,
                url=source.get("url") or "",
                safety_critical=critical,
            )
        )

    institutions = {i.get("slug"): i for i in document.get("institutions") or []}
    for item in document.get("regimes") or []:
        add("regime", item["slug"], pick(item.get("title"), lang), item)
    acts = {a.get("slug"): a for a in document.get("legal_acts") or []}
    critical_refs = {
        slug
        for stage in document.get("stages") or []
        for step in stage.get("steps") or []
        if step.get("safety_critical")
        for slug in step.get("legal_references") or []
    }
    for item in document.get("legal_references") or []:
        act = pick(acts.get(item.get("act"), {}).get("short_name"), lang)
        add(
            "legal_reference",
            item["slug"],
            f"{pick(item.get('provision'), lang)} {act}",
            item,
            critical=item["slug"] in critical_refs,
        )
    overdue, unowned = [], []
    for stage in document.get("stages") or []:
        for step in stage.get("steps") or []:
            title = pick(step.get("title"), lang)
            critical = bool(step.get("safety_critical"))
            for rule in deadline_rules(step):
                add(
                    "deadline",
                    step["slug"],
                    _("Deadline of “%(step)s”") % {"step": title},
                    rule,
                    critical=critical,
                )
            for resp in step.get("responsibilities") or []:
                name = pick(institutions.get(resp.get("institution"), {}).get("acronym"), lang) or pick(
                    institutions.get(resp.get("institution"), {}).get("name"), lang
                )
                add(
                    "responsibility",
                    step["slug"],
                    _("“%(step)s”: the duty of %(institution)s") % {"step": title, "institution": name},
                    resp,
                    optional=True,
                    critical=critical,
                )
            owner = institutions.get(step.get("owner"), {})
            try:
                review_by = parse_date(step.get("review_by"))
            except ValueError:
                review_by = None
            review = StepReview(
                step["slug"],
                title,
                pick(owner.get("acronym"), lang) or pick(owner.get("name"), lang),
                review_by,
            )
            if review_by is not None and review_by < today:
                overdue.append(review)
            if not step.get("owner") or review_by is None:
                unowned.append(review)
    for item in document.get("institutions") or []:
        add("institution", item["slug"], pick(item.get("name"), lang), item, optional=True)
    for item in document.get("glossary") or []:
        add("term", item["slug"], pick(item.get("term"), lang), item, optional=True)
    claims.sort(key=lambda claim: (not claim.safety_critical, claim.status != Verification.UNVERIFIED))
    overdue.sort(key=lambda review: review.review_by)
    return VerificationQueue(claims=claims, counts=counts, overdue=overdue, unowned=unowned)
