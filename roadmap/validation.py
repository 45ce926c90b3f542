"""Checking a roadmap document completely: every problem with its location, so an import can be
refused whole with messages a coordinator can act on (the format: fixtures/README.md)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .document import (
    CELEX_RE,
    DEADLINE_UNITS,
    INSTITUTION_KINDS,
    NOT_KNOWN,
    ROLES,
    SECTIONS,
    SLUG_RE,
    STEP_KINDS,
    WHEN_RE,
    Problem,
    events,
    option_key,
)
from .field_checks import FieldChecks
from .models import periods_overlap
from .regions import Region


class _Validator(FieldChecks):
    def __init__(self, document: Any):
        super().__init__(document)
        self.regime_slugs: set[str] = set()

    def run(self) -> list[Problem]:
        if not isinstance(self.document, dict):
            self.add("document", _("The document must be a mapping of sections."))
            return self.problems
        for key in self.document:
            if key not in SECTIONS:
                self.add(str(key), _("Unknown section."))
        regimes = self.items("regimes")
        self.regime_slugs = self.slugs(regimes, "regimes")
        self._regimes(regimes)

        institutions = self.items("institutions")
        institution_slugs = self.slugs(institutions, "institutions")
        for i, item in enumerate(institutions):
            where = f"institutions[{i}]"
            self.choice(item, "kind", where, INSTITUTION_KINDS)
            self.text(item, "name", where, required=True, max_length=250)
            self.text(item, "acronym", where, max_length=40)
            self.text(item, "description", where)
            self.text(item, "address", where, max_length=300)
            self.url(item, "website", where)
            self.plain(item, "phone", where, max_length=100)
            self.plain(item, "email", where, max_length=254)
            if item.get("parent") is not None:
                self.ref(
                    item["parent"],
                    institution_slugs - {item.get("slug")},
                    f"{where}.parent",
                    _("institution"),
                )
            self.flag(item, "hotline", where)
            self.source(item, where, optional=True)
            self._contacts_source(item, where)
            for j, office in enumerate(item.get("offices") or []):
                owhere = f"{where}.offices[{j}]"
                if not isinstance(office, dict):
                    self.add(owhere, _("Expected a mapping."))
                    continue
                self.choice(office, "region", owhere, Region.values)
                self.text(office, "name", owhere, required=True, max_length=250)
                self.text(office, "address", owhere, max_length=300)
                self.plain(office, "phone", owhere, max_length=100)
                self.plain(office, "email", owhere, max_length=254)
        self._parent_cycles(institutions)

        acts = self.items("legal_acts")
        act_slugs = self.slugs(acts, "legal_acts")
        for i, item in enumerate(acts):
            where = f"legal_acts[{i}]"
            self.text(item, "short_name", where, required=True, max_length=60)
            self.text(item, "title", where, required=True, max_length=300)
            self.url(item, "url", where)
            celex = item.get("celex")
            if celex not in (None, "") and (not isinstance(celex, str) or not CELEX_RE.match(celex)):
                self.add(f"{where}.celex", _("A CELEX number looks like 32024R1351."))

        references = self.items("legal_references")
        reference_slugs = self.slugs(references, "legal_references")
        for i, item in enumerate(references):
            where = f"legal_references[{i}]"
            self.ref(item.get("act"), act_slugs, f"{where}.act", _("legal act"))
            self.text(item, "provision", where, required=True, max_length=120)
            self.text(item, "summary", where, required=True)
            self.url(item, "url", where)
            if item.get("regime") is not None:
                self.ref(item["regime"], self.regime_slugs, f"{where}.regime", _("legal regime"))
            self.source(item, where)

        documents = self.items("documents")
        document_slugs = self.slugs(documents, "documents")
        for i, item in enumerate(documents):
            where = f"documents[{i}]"
            self.text(item, "title", where, required=True, max_length=250)
            self.text(item, "description", where)
            self.url(item, "url", where)

        terms = self.items("glossary")
        self.slugs(terms, "glossary")
        for i, item in enumerate(terms):
            where = f"glossary[{i}]"
            self.text(item, "term", where, required=True, max_length=120)
            self.text(item, "expansion", where, max_length=300)
            self.text(item, "definition", where, required=True)
            self.source(item, where, optional=True)

        stages = self.items("stages")
        self.slugs(stages, "stages")
        steps_where: list[tuple[str, dict]] = []
        for i, stage in enumerate(stages):
            where = f"stages[{i}]"
            self.text(stage, "title", where, required=True, max_length=200)
            self.text(stage, "summary", where)
            steps = stage.get("steps") or []
            if not isinstance(steps, list):
                self.add(f"{where}.steps", _("Expected a list."))
                continue
            for j, step in enumerate(steps):
                if isinstance(step, dict):
                    steps_where.append((f"{where}.steps[{j}]", step))
                else:
                    self.add(f"{where}.steps[{j}]", _("Expected a mapping."))
        step_slugs: set[str] = set()
        for where, step in steps_where:
            slug = step.get("slug")
            if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80:
                self.add(
                    f"{where}.slug", _("A slug is required: lower-case Latin letters, digits and hyphens.")
                )
            elif slug in step_slugs:
                self.add(f"{where}.slug", _("The slug “%(slug)s” is used twice.") % {"slug": slug})
            else:
                step_slugs.add(slug)
        starts = [where for where, step in steps_where if step.get("start")]
        if steps_where and len(starts) != 1:
            self.add(
                "stages",
                _("Exactly one step must be marked as the start (found %(count)d).") % {"count": len(starts)},
            )
        decisions = {
            step.get("slug"): {option_key(o) for o in step.get("options") or [] if isinstance(o, dict)}
            for _where, step in steps_where
            if step.get("kind") == "decision"
        }
        for where, step in steps_where:
            self._step(step, where, step_slugs, institution_slugs, reference_slugs, document_slugs)
            self._deadlines(step, where, decisions)
        scenarios = self.items("scenarios")
        self.slugs(scenarios, "scenarios")
        for i, item in enumerate(scenarios):
            where = f"scenarios[{i}]"
            self.text(item, "name", where, required=True, max_length=200)
            self.text(item, "description", where)
            self.text(item, "audience", where, max_length=300)
            answers = item.get("answers")
            if not isinstance(answers, dict) or not answers:
                self.add(f"{where}.answers", _("Expected the answers: decision slug → option key."))
                continue
            for decision, key in answers.items():
                if decision not in decisions:
                    self.add(
                        f"{where}.answers.{decision}", _("Unknown decision “%(slug)s”.") % {"slug": decision}
                    )
                elif key not in decisions[decision]:
                    self.add(
                        f"{where}.answers.{decision}",
                        _("The decision has no option “%(key)s”.") % {"key": key},
                    )
        return self.problems

    def _regimes(self, regimes: list[dict]) -> None:
        periods: dict[str, list[tuple[int, Any, Any]]] = {}
        for i, item in enumerate(regimes):
            where = f"regimes[{i}]"
            topic = item.get("topic")
            if not isinstance(topic, str) or not SLUG_RE.match(topic):
                self.add(
                    f"{where}.topic", _("A topic is required: lower-case Latin letters, digits and hyphens.")
                )
            self.text(item, "title", where, required=True, max_length=200)
            self.text(item, "description", where)
            self.choice(item, "decided_by", where, events())
            start, end = self.date(item, "from", where), self.date(item, "until", where)
            if start and end and end < start:
                self.add(f"{where}.until", _("The end date is before the start date."))
            self.source(item, where)
            if isinstance(topic, str):
                periods.setdefault(topic, []).append((i, start, end))
        for topic, spans in periods.items():
            for n, (i, start, end) in enumerate(spans):
                for j, other_start, other_end in spans[:n]:
                    if periods_overlap((start, end), (other_start, other_end)):
                        self.add(
                            f"regimes[{i}].from",
                            _(
                                "The dates overlap with regimes[%(other)d] of the same topic “%(topic)s”: "
                                "regimes of one topic must follow each other."
                            )
                            % {"other": j, "topic": topic},
                        )

    def _contacts_source(self, item: dict, where: str) -> None:
        # A missing source is the pathway check's error (it blocks publishing, not importing an old edition).
        source = item.get("contacts_source")
        if source is None:
            return
        if not isinstance(source, dict):
            self.add(f"{where}.contacts_source", _("Expected a mapping: url, checked."))
            return
        self.url(source, "url", f"{where}.contacts_source")
        if not source.get("url"):
            self.add(f"{where}.contacts_source.url", _("Give the public page the contacts come from."))
        self.date(source, "checked", f"{where}.contacts_source")

    def _deadlines(self, step: dict, where: str, decisions: dict[str, set]) -> None:
        if step.get("deadline") is not None and step.get("deadlines") is not None:
            self.add(f"{where}.deadline", _("Give the deadlines as one list (deadlines), not both forms."))
        if step.get("deadlines") is not None and not isinstance(step.get("deadlines"), list):
            self.add(f"{where}.deadlines", _("Expected a list of deadline rules."))
            return
        single = step.get("deadline")
        if single is not None and not isinstance(single, dict):
            self.add(f"{where}.deadline", _("Expected a mapping with unit, amount and event."))
            return
        rules = step.get("deadlines") if step.get("deadlines") is not None else ([single] if single else [])
        for k, rule in enumerate(rules):
            dwhere = f"{where}.deadlines[{k}]" if step.get("deadlines") is not None else f"{where}.deadline"
            if not isinstance(rule, dict):
                self.add(dwhere, _("Expected a mapping with unit, amount and event."))
                continue
            self.choice(rule, "unit", dwhere, DEADLINE_UNITS)
            amount = rule.get("amount")
            if rule.get("unit") == "immediately":
                if amount is not None:
                    self.add(f"{dwhere}.amount", _("“Immediately” takes no amount."))
            elif not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= 10_000:
                self.add(f"{dwhere}.amount", _("Give a whole number from 1 to 10000."))
            if rule.get("start") is not None:
                self.choice(rule, "start", dwhere, events())
            self.text(rule, "event", dwhere, max_length=200)
            self.text(rule, "note", dwhere, max_length=300)
            self.text(rule, "expiry", dwhere, max_length=300)
            if rule.get("regime") is not None:
                self.ref(rule["regime"], self.regime_slugs, f"{dwhere}.regime", _("legal regime"))
            when = rule.get("when")
            if when not in (None, ""):
                match = WHEN_RE.match(when) if isinstance(when, str) else None
                if match is None:
                    self.add(f"{dwhere}.when", _("Write the decision's slug, a colon and the option's key."))
                elif match["decision"] not in decisions:
                    self.add(
                        f"{dwhere}.when", _("Unknown decision “%(slug)s”.") % {"slug": match["decision"]}
                    )
                elif match["key"] not in decisions[match["decision"]]:
                    self.add(
                        f"{dwhere}.when", _("The decision has no option “%(key)s”.") % {"key": match["key"]}
                    )
            self.source(rule, dwhere)

    def _parent_cycles(self, institutions: list[dict]) -> None:
        parents = {item.get("slug"): item.get("parent") for item in institutions}
        for slug in parents:
            seen, current = set(), slug
            while current is not None and current in parents:
                if current in seen:
                    self.add(f"institutions.{slug}.parent", _("The parents form a cycle."))
                    break
                seen.add(current)
                current = parents[current]

    def _step(
        self,
        step: dict,
        where: str,
        step_slugs: set[str],
        institutions: set[str],
        references: set[str],
        documents: set[str],
    ) -> None:
        self.choice(step, "kind", where, STEP_KINDS)
        kind = step.get("kind")
        self.text(step, "title", where, required=True, max_length=200)
        for key in ("summary", "body", "why_we_ask", "warnings", "child_notes"):
            self.text(step, key, where)
        self.text(step, "question", where, required=kind == "decision", max_length=300)
        if step.get("owner") is not None:
            self.ref(step["owner"], institutions, f"{where}.owner", _("institution"))
        self.date(step, "review_by", where)
        self.flag(step, "safety_critical", where)
        for key, known, label in (
            ("legal_references", references, _("legal reference")),
            ("documents", documents, _("document")),
        ):
            values = step.get(key) or []
            if not isinstance(values, list):
                self.add(f"{where}.{key}", _("Expected a list of slugs."))
                continue
            for k, value in enumerate(values):
                self.ref(value, known, f"{where}.{key}[{k}]", label)
        responsibilities = step.get("responsibilities") or []
        seen: set[str] = set()
        for k, item in enumerate(responsibilities):
            rwhere = f"{where}.responsibilities[{k}]"
            if not isinstance(item, dict):
                self.add(rwhere, _("Expected a mapping."))
                continue
            self.ref(item.get("institution"), institutions, f"{rwhere}.institution", _("institution"))
            self.choice(item, "role", rwhere, ROLES)
            self.text(item, "duty", rwhere)
            self.source(item, rwhere, optional=True)
            if item.get("institution") in seen:
                self.add(f"{rwhere}.institution", _("An institution has one role per step."))
            seen.add(item.get("institution"))
        if step.get("next") is not None:
            if kind != "action":
                self.add(f"{where}.next", _("Only an action has a next step."))
            self.ref(step["next"], step_slugs, f"{where}.next", _("step"))
        options = step.get("options") or []
        if options and kind != "decision":
            self.add(f"{where}.options", _("Only a decision has options."))
        if kind == "decision" and len(options) < 2:
            self.add(f"{where}.options", _("A decision needs at least two options."))
        keys: set[str] = set()
        for k, option in enumerate(options if isinstance(options, list) else []):
            owhere = f"{where}.options[{k}]"
            if not isinstance(option, dict):
                self.add(owhere, _("Expected a mapping."))
                continue
            key = option_key(option)
            if option.get("key") is not None and (not isinstance(key, str) or not SLUG_RE.match(key)):
                self.add(f"{owhere}.key", _("A key is lower-case Latin letters, digits and hyphens."))
            elif key == NOT_KNOWN:
                self.add(
                    f"{owhere}.key",
                    _("“%(key)s” is kept for the answer “not known yet”: give the option another key.")
                    % {"key": NOT_KNOWN},
                )
            elif key in keys:
                self.add(f"{owhere}.key", _("Two options lead to the same step: give each a distinct key."))
            keys.add(key)
            self.text(option, "label", owhere, required=True, max_length=200)
            self.text(option, "help", owhere, max_length=300)
            if option.get("target") is None:
                self.add(f"{owhere}.target", _("The option leads nowhere: choose the step it leads to."))
            else:
                self.ref(option["target"], step_slugs, f"{owhere}.target", _("step"))


def validate_document(document: Any) -> list[Problem]:
    """Every structural problem of a document; an empty list means it can be imported."""
    return _Validator(document).run()
