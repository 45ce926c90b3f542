"""Reading published editions: the only source of every reader page, the guide, search and PDFs.

An edition's JSON is loaded once per process and cached by its number; for each language it is
turned once into plain objects (rendered Markdown, resolved links, the matrix, a search index), so a
page costs one small query (the latest edition number) whatever the size of the roadmap.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

import nh3
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt

from .document import deadline_rules, option_key, parse_date
from .models import Edition, Event, Institution, Responsibility, SourceKind, Verification

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "abbr", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ROLE_ORDER = ("leads", "supports", "informed")
SEARCH_GROUPS = ("steps", "institutions", "legal_references", "glossary")
MAX_QUERY_LENGTH = 200
MAX_RESULTS_PER_GROUP = 50


def render_markdown(text: str) -> str:
    """Markdown from editors → sanitised HTML (no raw HTML, no scripts, only http(s)/mailto links)."""
    if not text:
        return ""
    html = _markdown.render(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def pick(value: Any, lang: str) -> str:
    """The text in `lang`, falling back to Bulgarian (MODELTRANSLATION_FALLBACK_LANGUAGES)."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE) or ""


class _ShortRepr:
    """The views reference each other (step → stage → steps …): a generated repr would explode."""

    def __repr__(self) -> str:
        key = getattr(self, "slug", None) or getattr(self, "label", None) or id(self)
        return f"<{type(self).__name__} {key}>"


@dataclass(eq=False, repr=False)
class SourceView(_ShortRepr):
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


def _source_view(raw: Any, lang: str, *, optional: bool = False) -> SourceView | None:
    """A document `source` → SourceView. Missing: None where the status is optional (no claim of its own),
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
    return SourceView(status=status, status_label=str(dict(Verification.choices).get(status, status)), kind=kind,
                      kind_label=str(dict(SourceKind.choices).get(kind, "")) if kind else "",
                      url=raw.get("url") or "", title=pick(raw.get("title"), lang), checked=checked,
                      note=pick(raw.get("note"), lang))


@dataclass(eq=False, repr=False)
class RegimeView(_ShortRepr):
    slug: str
    topic: str
    title: str
    description_html: SafeString
    decided_by: str
    decided_by_label: str
    valid_from: date | None
    valid_until: date | None
    source: SourceView | None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None
                                                                        or day <= self.valid_until)

    def in_force(self, today: date) -> bool:
        return self.covers(today)


@dataclass(eq=False, repr=False)
class Term(_ShortRepr):
    slug: str
    term: str
    expansion: str
    definition: str
    definition_html: SafeString
    source: SourceView | None = None
    term_bg: str = ""

    @property
    def explanation(self) -> str:
        return f"{self.expansion} — {self.definition}" if self.expansion else self.definition


@dataclass(eq=False, repr=False)
class LegalActView(_ShortRepr):
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
class LegalReferenceView(_ShortRepr):
    slug: str
    act: LegalActView
    provision: str
    summary: str
    url: str
    source: SourceView | None = None
    regime: RegimeView | None = None
    steps: list[StepView] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.provision} {self.act.short_name}"

    @property
    def link(self) -> str:
        return self.url or self.act.link


@dataclass(eq=False, repr=False)
class DocumentView(_ShortRepr):
    slug: str
    title: str
    description_html: SafeString
    url: str


@dataclass(eq=False, repr=False)
class OfficeView(_ShortRepr):
    region: str
    region_label: str
    name: str
    address: str
    phone: str
    email: str


@dataclass(eq=False, repr=False)
class InstitutionView(_ShortRepr):
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
    offices: list[OfficeView]
    contacts_source_url: str = ""
    contacts_checked: date | None = None
    is_hotline: bool = False
    source: SourceView | None = None
    name_bg: str = ""
    parent: InstitutionView | None = None
    children: list[InstitutionView] = field(default_factory=list)
    duties: list[ResponsibilityView] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.acronym or self.name

    @property
    def has_contacts(self) -> bool:
        return bool(self.website or self.phone or self.email or self.address or self.offices)

    def duties_by_stage(self) -> list[tuple[StageView, list[ResponsibilityView]]]:
        groups: dict[str, tuple[StageView, list[ResponsibilityView]]] = {}
        for duty in self.duties:
            groups.setdefault(duty.step.stage.slug, (duty.step.stage, []))[1].append(duty)
        return list(groups.values())

    def lineage(self) -> list[InstitutionView]:
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain


@dataclass(eq=False, repr=False)
class ResponsibilityView(_ShortRepr):
    institution: InstitutionView
    step: StepView
    role: str
    role_label: str
    duty_html: SafeString
    source: SourceView | None = None


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
    regime: RegimeView | None = None
    when: tuple[str, str] | None = None   # (decision slug, option key): only after that answer
    when_label: str = ""                   # "Eurodac hit? — Yes", in the reader's language
    source: SourceView | None = None


@dataclass(eq=False, repr=False)
class OptionView(_ShortRepr):
    key: str
    label: str
    help: str
    target: StepView


@dataclass(eq=False, repr=False)
class StageView(_ShortRepr):
    slug: str
    position: int
    title: str
    summary_html: SafeString
    steps: list[StepView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class StepView(_ShortRepr):
    slug: str
    number: str
    kind: str
    kind_label: str
    is_start: bool
    stage: StageView
    title: str
    summary: str
    summary_html: SafeString
    body_html: SafeString
    question: str
    why_we_ask_html: SafeString
    warnings: list[str]
    child_notes_html: SafeString
    deadlines: list[Deadline]
    owner: InstitutionView | None = None
    review_by: date | None = None
    safety_critical: bool = False
    legal_references: list[LegalReferenceView] = field(default_factory=list)
    documents: list[DocumentView] = field(default_factory=list)
    responsibilities: list[ResponsibilityView] = field(default_factory=list)
    options: list[OptionView] = field(default_factory=list)
    next: StepView | None = None
    previous_in_order: StepView | None = None
    next_in_order: StepView | None = None
    incoming: list[StepView] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    @property
    def deadline(self) -> Deadline | None:
        """The deadline that applies when nothing about the case is known: the first unconditional rule
        of a regime in force today (or of no regime)."""
        today = date.today()
        for rule in self.deadlines:
            if rule.when is None and (rule.regime is None or rule.regime.in_force(today)):
                return rule
        return None

    def with_role(self, role: str) -> list[ResponsibilityView]:
        return [r for r in self.responsibilities if r.role == role]

    @property
    def leads(self) -> list[ResponsibilityView]:
        return self.with_role("leads")

    @property
    def supports(self) -> list[ResponsibilityView]:
        return self.with_role("supports")

    @property
    def informed(self) -> list[ResponsibilityView]:
        return self.with_role("informed")


@dataclass(eq=False, repr=False)
class ScenarioView(_ShortRepr):
    slug: str
    name: str
    description_html: SafeString
    audience: str
    answers: dict[str, str]


@dataclass
class SearchEntry:
    group: str
    slug: str
    title: str
    snippet: str
    title_folded: str
    haystack: str


@dataclass
class SearchResults:
    query: str
    groups: list[tuple[str, str, list[SearchEntry]]]
    total: int


class _GlossaryAnnotator:
    """Wraps the first mention of each glossary term in a text block in <abbr title=…>."""

    _SPLIT = re.compile(r"(<[^>]+>)")

    def __init__(self, terms: list[Term]):
        self.by_text: dict[str, Term] = {}
        alternatives = []
        for term in sorted(terms, key=lambda t: len(t.term), reverse=True):
            if not term.term:
                continue
            self.by_text[term.term.casefold()] = term
            pattern = re.escape(term.term)
            alternatives.append(pattern if term.term.isupper() or not term.term.isalpha() else f"(?i:{pattern})")
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])") if alternatives else None
        )

    def annotate(self, html: str, used: dict[str, Term]) -> str:
        if not self.pattern or not html:
            return html
        seen: set[str] = set()
        parts, inside = [], 0
        for chunk in self._SPLIT.split(html):
            if chunk.startswith("<"):
                tag = chunk[1:].split(None, 1)[0].rstrip(">").lower() if len(chunk) > 2 else ""
                if tag in ("a", "abbr", "code"):
                    inside += 1
                elif tag in ("/a", "/abbr", "/code"):
                    inside = max(0, inside - 1)
                parts.append(chunk)
            elif inside:
                parts.append(chunk)
            else:
                parts.append(self.pattern.sub(lambda m: self._wrap(m, seen, used), chunk))
        return "".join(parts)

    def _wrap(self, match: re.Match, seen: set[str], used: dict[str, Term]) -> str:
        text = match.group(0)
        term = self.by_text.get(text.casefold())
        if term is None or term.slug in seen:
            return text
        seen.add(term.slug)
        used.setdefault(term.slug, term)
        return f'<abbr title="{escape(term.explanation)}">{text}</abbr>'


def _deadline(raw: dict[str, Any] | None, lang: str, regimes: dict[str, RegimeView] | None = None
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
        label = (_("Within %(period)s %(event)s") % {"period": period, "event": event} if event
                 else _("Within %(period)s") % {"period": period})
    # Older editions named no start event: such a rule gets no due date (never one from the wrong moment).
    start = raw.get("start") or Event.OTHER
    when = raw.get("when") or ""
    decision, _sep, key = when.partition(":")
    return Deadline(unit=unit, amount=amount, event=event, note=note, label=label, start=start,
                    start_label=str(dict(Event.choices).get(start, start)), expiry=pick(raw.get("expiry"), lang),
                    regime=(regimes or {}).get(raw.get("regime")), when=(decision, key) if key else None,
                    source=_source_view(raw.get("source"), lang))


def _date_or_none(value: Any) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


class LocalEdition:
    """One edition in one language, as plain objects ready for templates."""

    def __init__(self, edition: PublishedEdition, lang: str):
        self.number = edition.number
        self.published_at = edition.published_at
        self.note = pick(edition.note, lang)
        self.lang = lang
        with translation.override(lang):
            self._build(edition.content, lang)

    def _build(self, content: dict[str, Any], lang: str) -> None:
        from .regions import Region

        kind_labels = dict(Institution.Kind.choices)
        role_labels = dict(Responsibility.Role.choices)
        region_labels = dict(Region.choices)
        step_kind_labels = {"action": _("Action"), "decision": _("Decision"), "outcome": _("Outcome")}

        event_labels = dict(Event.choices)
        self.regimes: dict[str, RegimeView] = {}
        for item in content.get("regimes") or []:
            self.regimes[item["slug"]] = RegimeView(
                slug=item["slug"], topic=item.get("topic") or "", title=pick(item.get("title"), lang),
                description_html=mark_safe(render_markdown(pick(item.get("description"), lang))),
                decided_by=item.get("decided_by") or Event.REGISTERED,
                decided_by_label=str(event_labels.get(item.get("decided_by") or Event.REGISTERED, "")),
                valid_from=parse_date(item.get("from")), valid_until=parse_date(item.get("until")),
                source=_source_view(item.get("source"), lang),
            )
        self.regime_list = sorted(self.regimes.values(),
                                  key=lambda r: (r.topic, r.valid_from or date.min, r.slug))

        self.glossary = sorted(
            (Term(slug=t["slug"], term=pick(t.get("term"), lang), expansion=pick(t.get("expansion"), lang),
                  definition=pick(t.get("definition"), lang),
                  definition_html=mark_safe(render_markdown(pick(t.get("definition"), lang))),
                  source=_source_view(t.get("source"), lang, optional=True), term_bg=pick(t.get("term"), "bg"))
             for t in content.get("glossary") or []),
            key=lambda t: t.term.casefold(),
        )
        annotator = _GlossaryAnnotator(self.glossary)

        self.institutions: dict[str, InstitutionView] = {}
        for item in content.get("institutions") or []:
            self.institutions[item["slug"]] = InstitutionView(
                slug=item["slug"], name=pick(item.get("name"), lang), acronym=pick(item.get("acronym"), lang),
                kind=item["kind"], kind_label=str(kind_labels.get(item["kind"], item["kind"])),
                description_html=mark_safe(render_markdown(pick(item.get("description"), lang))),
                website=item.get("website") or "", phone=item.get("phone") or "", email=item.get("email") or "",
                address=pick(item.get("address"), lang),
                contacts_source_url=(item.get("contacts_source") or {}).get("url") or "",
                contacts_checked=_date_or_none((item.get("contacts_source") or {}).get("checked")),
                is_hotline=bool(item.get("hotline")), source=_source_view(item.get("source"), lang, optional=True),
                name_bg=pick(item.get("name"), "bg"),
                offices=[OfficeView(region=o["region"], region_label=str(region_labels.get(o["region"], o["region"])),
                                    name=pick(o.get("name"), lang), address=pick(o.get("address"), lang),
                                    phone=o.get("phone") or "", email=o.get("email") or "")
                         for o in item.get("offices") or []],
            )
        for item in content.get("institutions") or []:
            if item.get("parent"):
                child, parent = self.institutions[item["slug"]], self.institutions[item["parent"]]
                child.parent = parent
                parent.children.append(child)
        self.institution_list = sorted(self.institutions.values(), key=lambda i: i.name.casefold())
        self.hotlines = [i for i in self.institutions.values() if i.is_hotline and i.phone]

        self.legal_acts = {
            a["slug"]: LegalActView(slug=a["slug"], short_name=pick(a.get("short_name"), lang),
                                    title=pick(a.get("title"), lang), url=a.get("url") or "",
                                    celex=a.get("celex") or "", lang=lang)
            for a in content.get("legal_acts") or []
        }
        self.legal_references = {
            r["slug"]: LegalReferenceView(slug=r["slug"], act=self.legal_acts[r["act"]],
                                          provision=pick(r.get("provision"), lang),
                                          summary=pick(r.get("summary"), lang), url=r.get("url") or "",
                                          source=_source_view(r.get("source"), lang),
                                          regime=self.regimes.get(r.get("regime")))
            for r in content.get("legal_references") or []
        }
        self.documents = {
            d["slug"]: DocumentView(slug=d["slug"], title=pick(d.get("title"), lang),
                                    description_html=mark_safe(render_markdown(pick(d.get("description"), lang))),
                                    url=d.get("url") or "")
            for d in content.get("documents") or []
        }

        self.stages: list[StageView] = []
        self.steps: dict[str, StepView] = {}
        raw_steps: list[dict[str, Any]] = []
        for position, stage_item in enumerate(content.get("stages") or [], start=1):
            stage = StageView(slug=stage_item["slug"], position=position, title=pick(stage_item.get("title"), lang),
                              summary_html=mark_safe(render_markdown(pick(stage_item.get("summary"), lang))))
            self.stages.append(stage)
            for number, item in enumerate(stage_item.get("steps") or [], start=1):
                used: dict[str, Term] = {}

                def md(key: str, item=item, used=used) -> SafeString:
                    return mark_safe(annotator.annotate(render_markdown(pick(item.get(key), lang)), used))

                step = StepView(
                    slug=item["slug"], number=f"{position}.{number}", kind=item["kind"],
                    kind_label=step_kind_labels.get(item["kind"], item["kind"]), is_start=bool(item.get("start")),
                    stage=stage, title=pick(item.get("title"), lang), summary=pick(item.get("summary"), lang),
                    summary_html=md("summary"), body_html=md("body"), question=pick(item.get("question"), lang),
                    why_we_ask_html=md("why_we_ask"),
                    warnings=[line.strip(" -•\t") for line in pick(item.get("warnings"), lang).splitlines()
                              if line.strip(" -•\t")],
                    child_notes_html=md("child_notes"),
                    deadlines=[rule for rule in (_deadline(raw, lang, self.regimes) for raw in deadline_rules(item))
                               if rule is not None],
                    review_by=_date_or_none(item.get("review_by")), safety_critical=bool(item.get("safety_critical")),
                )
                step.terms = sorted(used.values(), key=lambda t: t.term.casefold())
                stage.steps.append(step)
                self.steps[step.slug] = step
                raw_steps.append(item)

        self.step_list = [step for stage in self.stages for step in stage.steps]
        self.start = next((s for s in self.step_list if s.is_start), self.step_list[0] if self.step_list else None)
        for index, (step, item) in enumerate(zip(self.step_list, raw_steps, strict=True)):
            step.previous_in_order = self.step_list[index - 1] if index else None
            step.next_in_order = self.step_list[index + 1] if index + 1 < len(self.step_list) else None
            step.legal_references = [self.legal_references[s] for s in item.get("legal_references") or []]
            for reference in step.legal_references:
                reference.steps.append(step)
            step.documents = [self.documents[s] for s in item.get("documents") or []]
            step.owner = self.institutions.get(item.get("owner"))
            for resp in item.get("responsibilities") or []:
                view = ResponsibilityView(
                    institution=self.institutions[resp["institution"]], step=step, role=resp["role"],
                    role_label=str(role_labels.get(resp["role"], resp["role"])),
                    duty_html=mark_safe(render_markdown(pick(resp.get("duty"), lang))),
                    source=_source_view(resp.get("source"), lang, optional=True),
                )
                step.responsibilities.append(view)
                view.institution.duties.append(view)
            step.responsibilities.sort(key=lambda r: ROLE_ORDER.index(r.role))
            # A published edition always has its targets (the check refuses it otherwise); a preview of
            # an unfinished working copy may not: such links are left out rather than failing the page.
            if item.get("next") in self.steps:
                step.next = self.steps[item["next"]]
                step.next.incoming.append(step)
            for option in item.get("options") or []:
                target = self.steps.get(option.get("target"))
                if target is None:
                    continue
                step.options.append(OptionView(key=option_key(option), label=pick(option.get("label"), lang),
                                               help=pick(option.get("help"), lang), target=target))
                if step not in target.incoming:
                    target.incoming.append(step)

        for step in self.step_list:
            for rule in step.deadlines:
                if rule.when:
                    decision = self.steps.get(rule.when[0])
                    option = next((o for o in decision.options if o.key == rule.when[1]), None) if decision else None
                    if decision is not None and option is not None:
                        rule.when_label = f"{decision.question or decision.title} — {option.label}"

        self.scenarios = [
            ScenarioView(slug=item["slug"], name=pick(item.get("name"), lang),
                         description_html=mark_safe(annotator.annotate(
                             render_markdown(pick(item.get("description"), lang)), {})),
                         audience=pick(item.get("audience"), lang), answers=dict(item.get("answers") or {}))
            for item in content.get("scenarios") or []
        ]
        self.scenario_map = {scenario.slug: scenario for scenario in self.scenarios}
        self.legal_reference_list = sorted(self.legal_references.values(),
                                           key=lambda r: (r.act.short_name.casefold(), r.slug))
        self.counts = {
            "stages": len(self.stages),
            "steps": len(self.step_list),
            "decisions": sum(1 for s in self.step_list if s.kind == "decision"),
            "institutions": len(self.institutions),
            "legal_references": len(self.legal_references),
            "glossary": len(self.glossary),
            "scenarios": len(self.scenarios),
        }
        self._search_entries = self._build_search(content)

    @property
    def cache_key(self) -> str:
        """Names this edition in caches: a rebuilt database reuses numbers, never (number, publication time)."""
        return f"{self.number}@{self.published_at.isoformat()}"

    def regimes_in_force(self, today: date) -> str:
        """The slugs of the regimes in force on `today` (what the "current rule" of a page depends on)."""
        return ",".join(regime.slug for regime in self.regime_list if regime.in_force(today))

    # the responsibility matrix

    @cached_property
    def matrix(self) -> dict[str, Any]:
        """Steps × institutions (only institutions with at least one duty), cells are role codes."""
        columns = [i for i in self.institution_list if i.duties]
        columns.sort(key=lambda i: (-len(i.duties), i.short.casefold()))
        rows = []
        for stage in self.stages:
            stage_rows = []
            for step in stage.steps:
                roles = {r.institution.slug: r.role for r in step.responsibilities}
                stage_rows.append((step, [roles.get(column.slug, "") for column in columns]))
            rows.append((stage, stage_rows))
        return {"columns": columns, "rows": rows}

    # search

    def _build_search(self, content: dict[str, Any]) -> list[SearchEntry]:
        def all_languages(*values: Any) -> str:
            texts = []
            for value in values:
                if isinstance(value, dict):
                    texts.extend(v for v in value.values() if v)
                elif value:
                    texts.append(str(value))
            return " ".join(texts).casefold()

        entries = []
        raw_steps = [step for stage in content.get("stages") or [] for step in stage.get("steps") or []]
        for raw, step in zip(raw_steps, self.step_list, strict=True):
            duties = [r.get("duty") for r in raw.get("responsibilities") or []]
            entries.append(SearchEntry(
                group="steps", slug=step.slug, title=f"{step.number} {step.title}", snippet=step.summary,
                title_folded=all_languages(raw.get("title")),
                haystack=all_languages(raw.get("title"), raw.get("summary"), raw.get("body"), raw.get("question"),
                                       raw.get("warnings"), raw.get("child_notes"), *duties, raw["slug"]),
            ))
        for raw in content.get("institutions") or []:
            view = self.institutions[raw["slug"]]
            entries.append(SearchEntry(
                group="institutions", slug=view.slug,
                title=f"{view.name} ({view.acronym})" if view.acronym else view.name,
                snippet=view.kind_label, title_folded=all_languages(raw.get("name"), raw.get("acronym")),
                haystack=all_languages(raw.get("name"), raw.get("acronym"), raw.get("description"), raw["slug"]),
            ))
        for raw in content.get("legal_references") or []:
            view = self.legal_references[raw["slug"]]
            act = next((a for a in content.get("legal_acts") or [] if a["slug"] == raw["act"]), {})
            entries.append(SearchEntry(
                group="legal_references", slug=view.slug, title=view.label, snippet=view.summary,
                title_folded=all_languages(raw.get("provision"), act.get("short_name")),
                haystack=all_languages(raw.get("provision"), raw.get("summary"), act.get("short_name"),
                                       act.get("title")),
            ))
        for raw in content.get("glossary") or []:
            term = next(t for t in self.glossary if t.slug == raw["slug"])
            entries.append(SearchEntry(
                group="glossary", slug=term.slug, title=term.term, snippet=term.expansion or term.definition,
                title_folded=all_languages(raw.get("term"), raw.get("expansion")),
                haystack=all_languages(raw.get("term"), raw.get("expansion"), raw.get("definition")),
            ))
        return entries

    def search(self, query: str) -> SearchResults:
        """Case-insensitive (full Unicode case folding), partial-word search in every language."""
        query = " ".join((query or "")[:MAX_QUERY_LENGTH].split())
        tokens = [token for token in query.casefold().split(" ") if token][:12]
        labels = {"steps": _("Steps"), "institutions": _("Institutions"),
                  "legal_references": _("Legal references"), "glossary": _("Glossary terms")}
        if not tokens:
            return SearchResults(query=query, groups=[], total=0)
        found: dict[str, list[tuple[int, int, SearchEntry]]] = {group: [] for group in SEARCH_GROUPS}
        for order, entry in enumerate(self._search_entries):
            if all(token in entry.haystack for token in tokens):
                in_title = all(token in entry.title_folded for token in tokens)
                found[entry.group].append((0 if in_title else 1, order, entry))
        groups = []
        total = 0
        for group in SEARCH_GROUPS:
            hits = [entry for _rank, _order, entry in sorted(found[group], key=lambda hit: hit[:2])]
            total += len(hits)
            if hits:
                groups.append((group, labels[group], hits[:MAX_RESULTS_PER_GROUP]))
        return SearchResults(query=query, groups=groups, total=total)


class PublishedEdition:
    def __init__(self, number: int, published_at: datetime, note: str | dict[str, str], content: dict[str, Any]):
        # `note` per language ({"bg": …, "en": …}), or one text
        self.number = number
        self.published_at = published_at
        self.note = note
        self.content = content
        self._local: dict[str, LocalEdition] = {}
        self._lock = threading.Lock()

    @property
    def cache_key(self) -> str:
        """Names this edition in caches: a rebuilt database reuses numbers, never (number, publication time)."""
        return f"{self.number}@{self.published_at.isoformat()}"

    def localized(self, lang: str) -> LocalEdition:
        if lang not in self._local:
            with self._lock:
                if lang not in self._local:
                    self._local[lang] = LocalEdition(self, lang)
        return self._local[lang]


_cache: dict[int, PublishedEdition] = {}
_cache_lock = threading.Lock()
_CACHED_EDITIONS = 3


def load_edition(number: int) -> PublishedEdition | None:
    """An edition by number, from the process cache or (once) from the database."""
    edition = _cache.get(number)
    if edition is not None:
        return edition
    note_columns = [f"note_{code}" for code, _name in settings.LANGUAGES]
    row = Edition.objects.filter(number=number).values("number", "published_at", *note_columns, "content").first()
    if row is None:
        return None
    notes = {column.rsplit("_", 1)[1]: row.pop(column) or "" for column in note_columns}
    edition = PublishedEdition(note=notes, **row)
    with _cache_lock:
        _cache[number] = edition
        for old in sorted(_cache)[:-_CACHED_EDITIONS]:
            del _cache[old]
    return edition


def latest_edition() -> PublishedEdition | None:
    number = Edition.objects.latest_number()
    return load_edition(number) if number is not None else None


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def current_edition(request: HttpRequest) -> LocalEdition | None:
    """The latest edition in the request's language, looked up once per request."""
    if not hasattr(request, "_roadmap_edition"):
        edition = latest_edition()
        request._roadmap_edition = (
            edition.localized(translation.get_language() or settings.LANGUAGE_CODE) if edition else None
        )
    return request._roadmap_edition


def current_edition_or_404(request: HttpRequest) -> LocalEdition:
    """The latest edition for a reader page, or a 404 (in the visitor's language) before the first one."""
    edition = current_edition(request)
    if edition is None:
        raise Http404(_("The roadmap has not been published yet."))
    return edition
