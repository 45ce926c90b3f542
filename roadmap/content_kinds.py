"""Every kind of roadmap content in one table: adding a kind is one entry here and its fields.

Each entry says what the rest of the code needs to know about a kind, so that nothing keeps its own list:
its model and translated fields (translation.py registers modeltranslation and the audit history from
them), where it lives in the roadmap document and how its fields map to document keys (import and
export in roadmap.services.working_copy), the field that names one record (audit trail, recent edits),
the coordinators' page that edits it and the rows of the translation status, and the key by which checks,
diffs and the verification queue refer to it.

Kinds with a document `section` are lists at the top of the document; the others are parts of another
kind (an office of an institution, an option, deadline or duty of a step) and are written by it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.text import capfirst

from .document import deadline_rules
from .models import (
    DeadlineRule,
    Document,
    GlossaryTerm,
    Institution,
    LegalAct,
    LegalReference,
    LegalRegime,
    RegionalOffice,
    Responsibility,
    Scenario,
    Stage,
    Step,
    Transition,
)

# The translated texts of every Verifiable kind (roadmap.models.sources).
SOURCE_TEXTS = ("source_title", "verification_note")


@dataclass(frozen=True)
class DocField:
    """One document key of a kind and the model field it is stored in.

    `type` says how the value travels: "text" (one column per language), "value", "date" (ISO text),
    "flag" (true or left out), "ref" (another record's slug; `ref_kind` names its kind), "source" (the
    `source` mapping of a Verifiable; "optional_source" where a record may make no claim of its own)."""

    key: str
    type: str = "value"
    field: str = ""
    ref_kind: str = ""
    default: Any = None  # stored when the document leaves the key out (None: the model field's default)

    @property
    def column(self) -> str:
        return self.field or self.key


def texts(*keys: str) -> tuple[DocField, ...]:
    return tuple(DocField(key, "text") for key in keys)


@dataclass(frozen=True)
class ContentKind:
    key: str  # how checks, diffs, the verification queue and audit filters name the kind
    model: type[models.Model]
    translated: tuple[str, ...]  # modeltranslation fields (document keys may differ: see `fields`)
    name_field: str  # the translated field that names one record
    edit_url: str  # the coordinators' page that edits a record (its slug or its parent's)
    rows: Callable[[], models.QuerySet]  # the working copy's records in reading order
    label: Callable[[Any], str]  # one record's name in Bulgarian, for the translation status
    edit_slug: Callable[[Any], str] = attrgetter("slug")
    section: str = ""  # its list at the top of the roadmap document
    within: tuple[str, str] = ()  # or (parent kind, the parent's key that lists it): a part of another kind
    fields: tuple[DocField, ...] = ()  # document keys ↔ model fields (besides nested parts)
    history: dict[str, Any] = field(default_factory=dict)  # extra arguments of simple_history.register

    @property
    def plural(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)


def _office_label(office: RegionalOffice) -> str:
    return f"{office.institution.acronym_bg or office.institution.name_bg} · {office.name_bg}"


# What is cited comes before what cites it, parts after what they belong to: the import writes (and
# clears, backwards) in this order; the translation status and the document counts show it.
KINDS: tuple[ContentKind, ...] = (
    ContentKind(
        "regime",
        LegalRegime,
        ("title", "description", *SOURCE_TEXTS),
        "title",
        "manage:regime_edit",
        rows=lambda: LegalRegime.objects.order_by("topic", F("valid_from").asc(nulls_first=True), "slug"),
        label=attrgetter("title_bg"),
        section="regimes",
        fields=(
            DocField("slug"),
            DocField("topic"),
            *texts("title", "description"),
            DocField("decided_by"),
            DocField("from", "date", "valid_from"),
            DocField("until", "date", "valid_until"),
            DocField("source", "source"),
        ),
    ),
    ContentKind(
        "institution",
        Institution,
        ("name", "acronym", "description", "address", *SOURCE_TEXTS),
        "name",
        "manage:institution_edit",
        rows=lambda: Institution.objects.order_by("name_bg"),
        label=attrgetter("name_bg"),
        section="institutions",
        fields=(
            DocField("slug"),
            DocField("kind"),
            *texts("name", "acronym", "description"),
            DocField("website"),
            DocField("phone"),
            DocField("email"),
            DocField("address", "text"),
            DocField("hotline", "flag", "is_hotline"),
            DocField("source", "optional_source"),
        ),
    ),
    ContentKind(
        "office",
        RegionalOffice,
        ("name", "address"),
        "name",
        "manage:institution_edit",
        rows=lambda: RegionalOffice.objects.select_related("institution").order_by(
            "institution__name_bg", "name_bg"
        ),
        label=_office_label,
        edit_slug=lambda o: o.institution.slug,
        within=("institution", "offices"),
        fields=(
            DocField("region"),
            DocField("name", "text"),
            DocField("address", "text"),
            DocField("phone"),
            DocField("email"),
        ),
    ),
    ContentKind(
        "legal_act",
        LegalAct,
        ("short_name", "title"),
        "short_name",
        "manage:legal_act_edit",
        rows=lambda: LegalAct.objects.order_by("short_name_bg"),
        label=lambda a: f"{a.short_name_bg} — {a.title_bg}",
        section="legal_acts",
        fields=(DocField("slug"), *texts("short_name", "title"), DocField("url"), DocField("celex")),
    ),
    ContentKind(
        "legal_reference",
        LegalReference,
        ("provision", "summary", *SOURCE_TEXTS),
        "provision",
        "manage:legal_reference_edit",
        rows=lambda: LegalReference.objects.select_related("act").order_by("act__short_name_bg", "slug"),
        label=lambda r: f"{r.act.short_name_bg} {r.provision_bg}",
        section="legal_references",
        fields=(
            DocField("slug"),
            DocField("act", "ref", ref_kind="legal_act"),
            *texts("provision", "summary"),
            DocField("url"),
            DocField("regime", "ref", ref_kind="regime"),
            DocField("source", "source"),
        ),
    ),
    ContentKind(
        "document",
        Document,
        ("title", "description"),
        "title",
        "manage:document_edit",
        rows=lambda: Document.objects.order_by("title_bg"),
        label=attrgetter("title_bg"),
        section="documents",
        fields=(DocField("slug"), *texts("title", "description"), DocField("url")),
    ),
    ContentKind(
        "term",
        GlossaryTerm,
        ("term", "expansion", "definition", *SOURCE_TEXTS),
        "term",
        "manage:term_edit",
        rows=lambda: GlossaryTerm.objects.order_by("term_bg"),
        label=attrgetter("term_bg"),
        section="glossary",
        fields=(
            DocField("slug"),
            *texts("term", "expansion", "definition"),
            DocField("source", "optional_source"),
        ),
    ),
    ContentKind(
        "stage",
        Stage,
        ("title", "summary"),
        "title",
        "manage:stage_edit",
        rows=lambda: Stage.objects.order_by("position"),
        label=lambda s: f"{s.position}. {s.title_bg}",
        section="stages",
        fields=(DocField("slug"), *texts("title", "summary")),
    ),
    ContentKind(
        "step",
        Step,
        ("title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes"),
        "title",
        "manage:step_edit",
        rows=lambda: Step.objects.filter(retired=False).order_by("stage__position", "position"),
        label=attrgetter("title_bg"),
        within=("stage", "steps"),
        fields=(
            DocField("slug"),
            DocField("kind"),
            DocField("start", "flag", "is_start"),
            *texts("title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes"),
            DocField("owner", "ref", ref_kind="institution"),
            DocField("review_by", "date"),
            DocField("safety_critical", "flag"),
        ),
        history={"m2m_fields": ["legal_references", "documents"]},
    ),
    ContentKind(
        "option",
        Transition,
        ("label", "help_text"),
        "label",
        "manage:step_edit",
        rows=lambda: (
            Transition.objects.exclude(label_bg="")
            .filter(source__retired=False)
            .select_related("source")
            .order_by("source__stage__position", "source__position", "position")
        ),
        label=lambda t: f"{t.source.title_bg} → {t.label_bg}",
        edit_slug=lambda t: t.source.slug,
        within=("step", "options"),
        fields=(
            DocField("key"),
            DocField("label", "text"),
            DocField("help", "text", "help_text"),
            DocField("target", "ref", ref_kind="step"),
        ),
    ),
    ContentKind(
        "deadline",
        DeadlineRule,
        ("event", "note", "expiry", *SOURCE_TEXTS),
        "event",
        "manage:step_edit",
        rows=lambda: (
            DeadlineRule.objects.filter(step__retired=False)
            .select_related("step")
            .order_by("step__stage__position", "step__position", "position")
        ),
        label=lambda d: f"{d.step.title_bg} · {d.event_bg or d.get_unit_display()}",
        edit_slug=lambda d: d.step.slug,
        within=("step", "deadlines"),
        fields=(
            DocField("unit"),
            DocField("amount"),
            # Older documents named no start event: no due date is computed for such a rule.
            DocField("start", default="other"),
            *texts("event", "note", "expiry"),
            DocField("regime", "ref", ref_kind="regime"),
            DocField("when"),
            DocField("source", "source"),
        ),
    ),
    ContentKind(
        "responsibility",
        Responsibility,
        ("duty", *SOURCE_TEXTS),
        "duty",
        "manage:step_edit",
        rows=lambda: (
            Responsibility.objects.exclude(duty_bg="")
            .filter(step__retired=False)
            .select_related("step", "institution")
            .order_by("step__stage__position", "step__position", "position")
        ),
        label=lambda r: f"{r.step.title_bg} · {r.institution.acronym_bg or r.institution.name_bg}",
        edit_slug=lambda r: r.step.slug,
        within=("step", "responsibilities"),
        fields=(
            DocField("institution", "ref", ref_kind="institution"),
            DocField("role"),
            DocField("duty", "text"),
            DocField("source", "optional_source"),
        ),
    ),
    ContentKind(
        "scenario",
        Scenario,
        ("name", "description", "audience"),
        "name",
        "manage:scenario_edit",
        rows=lambda: Scenario.objects.order_by("position", "slug"),
        label=attrgetter("name_bg"),
        section="scenarios",
        fields=(DocField("slug"), *texts("name", "description", "audience"), DocField("answers")),
        # The table keeps its name from when scenarios lived in the cases app.
        history={"table_name": "cases_historicalscenario"},
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
BY_SECTION = {kind.section: kind for kind in KINDS if kind.section}
BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_of(model: type[models.Model]) -> ContentKind:
    return BY_MODEL[model]


def by_model_name() -> dict[str, ContentKind]:
    """The kinds by their model's name ("step", "transition", …), as the audit trail's filters write them."""
    return {kind.model._meta.model_name: kind for kind in KINDS}


def edit_url(key: str, slug: str) -> str:
    """The coordinators' page for a record of kind `key`: `slug` is its own, or its step's or institution's
    for the parts of one (see ContentKind.edit_slug). "" for anything else."""
    kind = BY_KEY.get(key)
    return reverse(kind.edit_url, kwargs={"slug": slug}) if kind and slug else ""


def document_items(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every item of a roadmap document by kind: the top-level lists and the parts inside them."""
    items: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:  # what they belong to comes first
        if kind.section:
            found = document.get(kind.section)
        elif kind.key == "deadline":
            found = [rule for step in items["step"] for rule in deadline_rules(step)]  # older: one `deadline`
        else:
            parent, key = kind.within
            found = [part for item in items[parent] for part in (item.get(key) or [])]
        items[kind.key] = [item for item in found or [] if isinstance(item, dict)]
    return items
