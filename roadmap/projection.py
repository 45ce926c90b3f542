"""An edition's frozen JSON in one language → linked plain objects (roadmap.published) for templates.

Built once per edition and language (roadmap.editions caches it): Markdown rendered and sanitised,
glossary terms marked, links between steps, institutions and references resolved, the search index made.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from .document import deadline_rules, option_key, parse_date
from .languages import pick
from .markdown import GlossaryAnnotator, render_markdown
from .models import Event, Institution, Responsibility
from .published import (
    PublishedDocument,
    PublishedInstitution,
    PublishedLegalAct,
    PublishedLegalReference,
    PublishedOffice,
    PublishedOption,
    PublishedRegime,
    PublishedResponsibility,
    PublishedScenario,
    PublishedStage,
    PublishedStep,
    Term,
    date_or_none,
    deadline_from_document,
    edition_cache_key,
    provision_sort_key,
    source_from_document,
)
from .regions import Region
from .search import SearchIndex, SearchResults

ROLE_ORDER = ("leads", "supports", "informed")


class EditionInLanguage:
    """One edition in one language, as linked plain objects ready for templates."""

    def __init__(
        self,
        *,
        number: int,
        published_at: datetime,
        note: Any,
        content: dict[str, Any],
        lang: str,
        changed_steps: dict[str, str] | None = None,
    ):
        self.number = number
        self.published_at = published_at
        self.note = pick(note, lang)
        self.lang = lang
        with translation.override(lang):
            self._regimes(content)
            self._glossary(content)
            self._institutions(content)
            self._legal(content)
            self._stages(content)
            self._link_steps(content)
            self._scenarios(content)
            self._index = SearchIndex(content, self)
        # the steps this edition added or changed (roadmap.diff.changed_steps), for their badges
        self.changed_steps = {slug: how for slug, how in (changed_steps or {}).items() if slug in self.steps}
        for slug, how in self.changed_steps.items():
            self.steps[slug].change = how
        self.counts = {
            "stages": len(self.stages),
            "steps": len(self.step_list),
            "decisions": sum(1 for s in self.step_list if s.kind == "decision"),
            "institutions": len(self.institutions),
            "legal_references": len(self.legal_references),
            "glossary": len(self.glossary),
            "scenarios": len(self.scenarios),
        }

    @property
    def cache_key(self) -> str:
        return edition_cache_key(self.number, self.published_at)

    def regimes_in_force(self, today: date) -> str:
        """The slugs of the regimes in force on `today` (what the "current rule" of a page depends on)."""
        return ",".join(regime.slug for regime in self.regime_list if regime.in_force(today))

    def search(self, query: str) -> SearchResults:
        return self._index.search(query)

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

    # building, in dependency order

    def _text(self, item: dict[str, Any], key: str) -> str:
        return pick(item.get(key), self.lang)

    def _html(self, item: dict[str, Any], key: str):
        return render_markdown(self._text(item, key))

    def _regimes(self, content: dict[str, Any]) -> None:
        event_labels = dict(Event.choices)
        self.regimes: dict[str, PublishedRegime] = {}
        for item in content.get("regimes") or []:
            decided_by = item.get("decided_by") or Event.REGISTERED
            self.regimes[item["slug"]] = PublishedRegime(
                slug=item["slug"],
                topic=item.get("topic") or "",
                title=self._text(item, "title"),
                description_html=self._html(item, "description"),
                decided_by=decided_by,
                decided_by_label=str(event_labels.get(decided_by, "")),
                valid_from=parse_date(item.get("from")),
                valid_until=parse_date(item.get("until")),
                source=source_from_document(item.get("source"), self.lang),
            )
        self.regime_list = sorted(
            self.regimes.values(), key=lambda r: (r.topic, r.valid_from or date.min, r.slug)
        )

    def _glossary(self, content: dict[str, Any]) -> None:
        self.glossary = sorted(
            (
                Term(
                    slug=t["slug"],
                    term=self._text(t, "term"),
                    expansion=self._text(t, "expansion"),
                    definition=self._text(t, "definition"),
                    definition_html=self._html(t, "definition"),
                    source=source_from_document(t.get("source"), self.lang, optional=True),
                    term_bg=pick(t.get("term"), "bg"),
                )
                for t in content.get("glossary") or []
            ),
            key=lambda t: t.term.casefold(),
        )
        self._annotator = GlossaryAnnotator(self.glossary)

    def _institutions(self, content: dict[str, Any]) -> None:
        kind_labels, region_labels = dict(Institution.Kind.choices), dict(Region.choices)
        self.institutions: dict[str, PublishedInstitution] = {}
        for item in content.get("institutions") or []:
            contacts_source = item.get("contacts_source") or {}
            offices = [
                PublishedOffice(
                    region=o["region"],
                    region_label=str(region_labels.get(o["region"], o["region"])),
                    name=self._text(o, "name"),
                    address=self._text(o, "address"),
                    phone=o.get("phone") or "",
                    email=o.get("email") or "",
                )
                for o in item.get("offices") or []
            ]
            self.institutions[item["slug"]] = PublishedInstitution(
                slug=item["slug"],
                name=self._text(item, "name"),
                acronym=self._text(item, "acronym"),
                kind=item["kind"],
                kind_label=str(kind_labels.get(item["kind"], item["kind"])),
                description_html=self._html(item, "description"),
                website=item.get("website") or "",
                phone=item.get("phone") or "",
                email=item.get("email") or "",
                address=self._text(item, "address"),
                contacts_source_url=contacts_source.get("url") or "",
                contacts_checked=date_or_none(contacts_source.get("checked")),
                is_hotline=bool(item.get("hotline")),
                source=source_from_document(item.get("source"), self.lang, optional=True),
                name_bg=pick(item.get("name"), "bg"),
                offices=offices,
            )
        for item in content.get("institutions") or []:
            if item.get("parent"):
                child, parent = self.institutions[item["slug"]], self.institutions[item["parent"]]
                child.parent = parent
                parent.children.append(child)
        self.institution_list = sorted(self.institutions.values(), key=lambda i: i.name.casefold())
        self.hotlines = [i for i in self.institutions.values() if i.is_hotline and i.phone]

    def _legal(self, content: dict[str, Any]) -> None:
        self.legal_acts = {
            a["slug"]: PublishedLegalAct(
                slug=a["slug"],
                short_name=self._text(a, "short_name"),
                title=self._text(a, "title"),
                url=a.get("url") or "",
                celex=a.get("celex") or "",
                lang=self.lang,
            )
            for a in content.get("legal_acts") or []
        }
        self.legal_references = {
            r["slug"]: PublishedLegalReference(
                slug=r["slug"],
                act=self.legal_acts[r["act"]],
                provision=self._text(r, "provision"),
                summary=self._text(r, "summary"),
                url=r.get("url") or "",
                source=source_from_document(r.get("source"), self.lang),
                regime=self.regimes.get(r.get("regime")),
            )
            for r in content.get("legal_references") or []
        }
        self.legal_reference_list = sorted(
            self.legal_references.values(),
            key=lambda r: (r.act.short_name.casefold(), provision_sort_key(r.provision), r.slug),
        )
        self.documents = {
            d["slug"]: PublishedDocument(
                slug=d["slug"],
                title=self._text(d, "title"),
                description_html=self._html(d, "description"),
                url=d.get("url") or "",
            )
            for d in content.get("documents") or []
        }

    def _stages(self, content: dict[str, Any]) -> None:
        kind_labels = {"action": _("Action"), "decision": _("Decision"), "outcome": _("Outcome")}
        self.stages: list[PublishedStage] = []
        self.steps: dict[str, PublishedStep] = {}
        for position, stage_item in enumerate(content.get("stages") or [], start=1):
            stage = PublishedStage(
                slug=stage_item["slug"],
                position=position,
                title=self._text(stage_item, "title"),
                summary_html=self._html(stage_item, "summary"),
            )
            self.stages.append(stage)
            for number, item in enumerate(stage_item.get("steps") or [], start=1):
                used: dict[str, Term] = {}

                def annotated(key: str, item=item, used=used):
                    return self._annotator.annotate(self._html(item, key), used)

                warnings = [line.strip(" -•\t") for line in self._text(item, "warnings").splitlines()]
                rules = (deadline_from_document(raw, self.lang, self.regimes) for raw in deadline_rules(item))
                step = PublishedStep(
                    slug=item["slug"],
                    number=f"{position}.{number}",
                    kind=item["kind"],
                    kind_label=kind_labels.get(item["kind"], item["kind"]),
                    is_start=bool(item.get("start")),
                    stage=stage,
                    title=self._text(item, "title"),
                    summary=self._text(item, "summary"),
                    summary_html=annotated("summary"),
                    body_html=annotated("body"),
                    question=self._text(item, "question"),
                    why_we_ask_html=annotated("why_we_ask"),
                    warnings=[line for line in warnings if line],
                    child_notes_html=annotated("child_notes"),
                    deadlines=[rule for rule in rules if rule is not None],
                    review_by=date_or_none(item.get("review_by")),
                    safety_critical=bool(item.get("safety_critical")),
                )
                step.terms = sorted(used.values(), key=lambda t: t.term.casefold())
                stage.steps.append(step)
                self.steps[step.slug] = step
        self.step_list = [step for stage in self.stages for step in stage.steps]
        self.start = next(
            (s for s in self.step_list if s.is_start), self.step_list[0] if self.step_list else None
        )

    def _link_steps(self, content: dict[str, Any]) -> None:
        role_labels = dict(Responsibility.Role.choices)
        raw_steps = [item for stage in content.get("stages") or [] for item in stage.get("steps") or []]
        for index, (step, item) in enumerate(zip(self.step_list, raw_steps, strict=True)):
            step.previous_in_order = self.step_list[index - 1] if index else None
            step.next_in_order = self.step_list[index + 1] if index + 1 < len(self.step_list) else None
            step.legal_references = [self.legal_references[s] for s in item.get("legal_references") or []]
            for reference in step.legal_references:
                reference.steps.append(step)
            step.documents = [self.documents[s] for s in item.get("documents") or []]
            step.owner = self.institutions.get(item.get("owner"))
            for resp in item.get("responsibilities") or []:
                duty = PublishedResponsibility(
                    institution=self.institutions[resp["institution"]],
                    step=step,
                    role=resp["role"],
                    role_label=str(role_labels.get(resp["role"], resp["role"])),
                    duty_html=self._html(resp, "duty"),
                    source=source_from_document(resp.get("source"), self.lang, optional=True),
                )
                step.responsibilities.append(duty)
                duty.institution.duties.append(duty)
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
                step.options.append(
                    PublishedOption(
                        key=option_key(option),
                        label=self._text(option, "label"),
                        help=self._text(option, "help"),
                        target=target,
                    )
                )
                if step not in target.incoming:
                    target.incoming.append(step)
        for step in self.step_list:
            for rule in step.deadlines:
                decision = self.steps.get(rule.when[0]) if rule.when else None
                option = (
                    next((o for o in decision.options if o.key == rule.when[1]), None) if decision else None
                )
                if option is not None:
                    rule.when_label = f"{decision.question or decision.title} — {option.label}"

    def _scenarios(self, content: dict[str, Any]) -> None:
        self.scenarios = [
            PublishedScenario(
                slug=item["slug"],
                name=self._text(item, "name"),
                description_html=self._annotator.annotate(self._html(item, "description"), {}),
                audience=self._text(item, "audience"),
                answers=dict(item.get("answers") or {}),
            )
            for item in content.get("scenarios") or []
        ]
        self.scenario_map = {scenario.slug: scenario for scenario in self.scenarios}
