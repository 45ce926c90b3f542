"""A published edition in one language as plain objects: what reader pages, the guide and PDFs display.

Built by roadmap.projection from an edition's frozen JSON; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from natsort import natsort_keygen, ns

from .document import parse_date
from .languages import pick
from .models import Event, SourceKind, Verification


def edition_cache_key(number: int, published_at: datetime) -> str:
    """Names an edition in caches: a rebuilt database reuses numbers, never (number, publication time)."""
    return f"{number}@{published_at.isoformat()}"


_natural_key = natsort_keygen(alg=ns.IGNORECASE)


def provision_sort_key(provision: str) -> tuple:
    """A provision's place in its act: numbers compared as numbers (чл. 7 before чл. 28, чл. 61 before
    чл. 61а before чл. 62, ал./т. likewise) and the paragraphs (§) of the additional and transitional
    provisions after the articles, as the act prints them. natsort: a maintained library for it."""
    text = " ".join((provision or "").split())
    return (text.startswith("§"), _natural_key(text))


class _ShortRepr:
    """Published objects reference each other (step → stage → steps …): a generated repr would explode."""

    def __repr__(self) -> str:
        key = getattr(self, "slug", None) or getattr(self, "label", None) or id(self)
        return f"<{type(self).__name__} {key}>"


@dataclass(eq=False, repr=False)
class ClaimSource(_ShortRepr):
    """Where a claim comes from and how far it was checked (roadmap.models.Verifiable)."""

    status: str
    status_label: str
    kind: str
    kind_label: str
    url: str
    title: str
    checked: date | None
    note: str

    @property
    def verified(self) -> bool:
        return self.status == Verification.VERIFIED

    @property
    def flagged(self) -> bool:
        """Secondary or not verified: readers see the marker."""
        return self.status in (Verification.SECONDARY, Verification.UNVERIFIED)


def source_from_document(raw: Any, lang: str, *, optional: bool = False) -> ClaimSource | None:
    """A document `source` → ClaimSource. Missing: None where the status is optional (no claim of its own),
    otherwise "not verified" (older editions had no sources at all)."""
    if not isinstance(raw, dict) or not raw.get("status"):
        if optional:
            return None
        raw = {"status": Verification.UNVERIFIED}
    status = raw.get("status")
    kind = raw.get("kind") or (SourceKind.OFFICIAL if status == Verification.VERIFIED else "")
    try:
        checked = parse_date(raw.get("checked"))
    except ValueError:
        checked = None
    return ClaimSource(
        status=status,
        status_label=str(dict(Verification.choices).get(status, status)),
        kind=kind,
        kind_label=str(dict(SourceKind.choices).get(kind, "")) if kind else "",
        url=raw.get("url") or "",
        title=pick(raw.get("title"), lang),
        checked=checked,
        note=pick(raw.get("note"), lang),
    )


@dataclass(eq=False, repr=False)
class PublishedRegime(_ShortRepr):
    slug: str
    topic: str
    title: str
    description_html: SafeString
    decided_by: str
    decided_by_label: str
    valid_from: date | None
    valid_until: date | None
    source: ClaimSource | None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def in_force(self, today: date) -> bool:
        return self.covers(today)


@dataclass(eq=False, repr=False)
class Term(_ShortRepr):
    slug: str
    term: str
    expansion: str
    definition: str
    definition_html: SafeString
    source: ClaimSource | None = None
    term_bg: str = ""

    @property
    def explanation(self) -> str:
        return f"{self.expansion} — {self.definition}" if self.expansion else self.definition


@dataclass(eq=False, repr=False)
class PublishedLegalAct(_ShortRepr):
    slug: str
    short_name: str
    title: str
    url: str
    celex: str = ""
    lang: str = "bg"

    @property
    def link(self) -> str:
        """EU acts on EUR-Lex in the reader's language (by CELEX number), others at their official text."""
        if self.celex:
            return f"https://eur-lex.europa.eu/legal-content/{self.lang.upper()}/TXT/?uri=CELEX:{self.celex}"
        return self.url


@dataclass(eq=False, repr=False)
class PublishedLegalReference(_ShortRepr):
    slug: str
    act: PublishedLegalAct
    provision: str
    summary: str
    url: str
    source: ClaimSource | None = None
    regime: PublishedRegime | None = None
    steps: list[PublishedStep] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.provision} {self.act.short_name}"

    @property
    def link(self) -> str:
        return self.url or self.act.link


@dataclass(eq=False, repr=False)
class PublishedDocument(_ShortRepr):
    slug: str
    title: str
    description_html: SafeString
    url: str


@dataclass(eq=False, repr=False)
class PublishedOffice(_ShortRepr):
    region: str
    region_label: str
    name: str
    address: str
    phone: str
    email: str


@dataclass(eq=False, repr=False)
class PublishedInstitution(_ShortRepr):
    slug: str
    name: str
    acronym: str
    kind: str
    kind_label: str
    description_html: SafeString
    website: str
    phone: str
    email: str
    address: str
    offices: list[PublishedOffice]
    contacts_source_url: str = ""
    contacts_checked: date | None = None
    is_hotline: bool = False
    source: ClaimSource | None = None
    name_bg: str = ""
    parent: PublishedInstitution | None = None
    children: list[PublishedInstitution] = field(default_factory=list)
    duties: list[PublishedResponsibility] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.acronym or self.name

    @property
    def has_contacts(self) -> bool:
        return bool(self.website or self.phone or self.email or self.address or self.offices)

    def duties_by_stage(self) -> list[tuple[PublishedStage, list[PublishedResponsibility]]]:
        groups: dict[str, tuple[PublishedStage, list[PublishedResponsibility]]] = {}
        for duty in self.duties:
            groups.setdefault(duty.step.stage.slug, (duty.step.stage, []))[1].append(duty)
        return list(groups.values())

    def lineage(self) -> list[PublishedInstitution]:
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain


@dataclass(eq=False, repr=False)
class PublishedResponsibility(_ShortRepr):
    institution: PublishedInstitution
    step: PublishedStep
    role: str
    role_label: str
    duty_html: SafeString
    source: ClaimSource | None = None


@dataclass(eq=False, repr=False)
class Deadline(_ShortRepr):
    unit: str
    amount: int | None
    event: str
    note: str
    label: str
    start: str = Event.OTHER
    start_label: str = ""
    expiry: str = ""
    regime: PublishedRegime | None = None
    when: tuple[str, str] | None = None  # (decision slug, option key): only after that answer
    when_label: str = ""  # "Eurodac hit? — Yes", in the reader's language
    source: ClaimSource | None = None


@dataclass(eq=False, repr=False)
class PublishedOption(_ShortRepr):
    key: str
    label: str
    help: str
    target: PublishedStep


@dataclass(eq=False, repr=False)
class PublishedStage(_ShortRepr):
    slug: str
    position: int
    title: str
    summary_html: SafeString
    steps: list[PublishedStep] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class PublishedStep(_ShortRepr):
    slug: str
    number: str
    kind: str
    kind_label: str
    is_start: bool
    stage: PublishedStage
    title: str
    summary: str
    summary_html: SafeString
    body_html: SafeString
    question: str
    why_we_ask_html: SafeString
    warnings: list[str]
    child_notes_html: SafeString
    deadlines: list[Deadline]
    owner: PublishedInstitution | None = None
    review_by: date | None = None
    safety_critical: bool = False
    legal_references: list[PublishedLegalReference] = field(default_factory=list)
    documents: list[PublishedDocument] = field(default_factory=list)
    responsibilities: list[PublishedResponsibility] = field(default_factory=list)
    options: list[PublishedOption] = field(default_factory=list)
    next: PublishedStep | None = None
    previous_in_order: PublishedStep | None = None
    next_in_order: PublishedStep | None = None
    incoming: list[PublishedStep] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    change: str = ""  # "added" or "changed" in this edition (since the one before), else ""

    @property
    def deadline(self) -> Deadline | None:
        """The deadline that applies when nothing about the case is known: the first unconditional rule
        of a regime in force today (or of no regime)."""
        today = timezone.localdate()
        for rule in self.deadlines:
            if rule.when is None and (rule.regime is None or rule.regime.in_force(today)):
                return rule
        return None

    def with_role(self, role: str) -> list[PublishedResponsibility]:
        return [r for r in self.responsibilities if r.role == role]

    @property
    def leads(self) -> list[PublishedResponsibility]:
        return self.with_role("leads")

    @property
    def supports(self) -> list[PublishedResponsibility]:
        return self.with_role("supports")

    @property
    def informed(self) -> list[PublishedResponsibility]:
        return self.with_role("informed")


@dataclass(eq=False, repr=False)
class PublishedScenario(_ShortRepr):
    slug: str
    name: str
    description_html: SafeString
    audience: str
    answers: dict[str, str]


def deadline_from_document(
    raw: dict[str, Any] | None, lang: str, regimes: dict[str, PublishedRegime] | None = None
) -> Deadline | None:
    if not raw or not raw.get("unit"):
        return None
    unit, amount = raw["unit"], raw.get("amount")
    event, note = pick(raw.get("event"), lang), pick(raw.get("note"), lang)
    if unit == "immediately":
        label = _("Immediately") if not event else _("Immediately, %(event)s") % {"event": event}
    else:
        period = {
            "hours": ngettext("%(count)d hour", "%(count)d hours", amount),
            "days": ngettext("%(count)d day", "%(count)d days", amount),
            "working_days": ngettext("%(count)d working day", "%(count)d working days", amount),
            "weeks": ngettext("%(count)d week", "%(count)d weeks", amount),
            "months": ngettext("%(count)d month", "%(count)d months", amount),
        }[unit] % {"count": amount}
        label = (
            _("Within %(period)s %(event)s") % {"period": period, "event": event}
            if event
            else _("Within %(period)s") % {"period": period}
        )
    # Older editions named no start event: such a rule gets no due date (never one from the wrong moment).
    start = raw.get("start") or Event.OTHER
    when = raw.get("when") or ""
    decision, _sep, key = when.partition(":")
    return Deadline(
        unit=unit,
        amount=amount,
        event=event,
        note=note,
        label=label,
        start=start,
        start_label=str(dict(Event.choices).get(start, start)),
        expiry=pick(raw.get("expiry"), lang),
        regime=(regimes or {}).get(raw.get("regime")),
        when=(decision, key) if key else None,
        source=source_from_document(raw.get("source"), lang),
    )


def date_or_none(value: Any) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None
