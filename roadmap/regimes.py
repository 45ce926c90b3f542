"""Which legal regime applies to a case, and which of a step's deadline rules follow from it.

Regimes of one topic follow each other in time (Dublin III for applications registered until 30 June
2026, the AMMR from 1 July 2026): the date of the regime's deciding event picks one. When that date is
not known, the regime is assumed from what is known (no deciding event can come before the child is
identified, nor, for a case handled now, before today), and the other regimes that could still apply
are kept as alternatives, so a page can show the current rule first and the previous one beside it.

Pure functions over a published edition's plain objects: no models, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .projection import EditionInLanguage
from .published import Deadline, PublishedLegalReference, PublishedRegime, PublishedStep

BASIS_DATE = "date"  # the deciding event's date was given
BASIS_IDENTIFIED = "identified"  # the child was identified after the last regime began: only it is possible
BASIS_TODAY = "today"  # nothing known: the regime in force today is assumed


@dataclass
class RegimeChoice:
    topic: str
    regime: PublishedRegime | None
    basis: str
    alternatives: list[PublishedRegime] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return self.basis in (BASIS_DATE, BASIS_IDENTIFIED)


def choose_regimes(
    edition: EditionInLanguage, *, dates: dict[str, date], today: date
) -> dict[str, RegimeChoice]:
    """For every topic: the regime that applies, given the dates (event → day, Sofia time) known."""
    topics: dict[str, list[PublishedRegime]] = {}
    for regime in edition.regime_list:
        topics.setdefault(regime.topic, []).append(regime)
    identified = dates.get("identified")
    # The deciding event (an application, its registration) never comes before the child is identified;
    # with nothing known, the case is taken to be handled now.
    earliest = identified or today
    choices = {}
    for topic, regimes in topics.items():
        known = next((r for r in regimes if dates.get(r.decided_by) and r.covers(dates[r.decided_by])), None)
        if known is not None:
            choices[topic] = RegimeChoice(topic, known, BASIS_DATE)
            continue
        possible = [r for r in regimes if r.valid_until is None or r.valid_until >= earliest]
        if identified is not None and len(possible) == 1:
            choices[topic] = RegimeChoice(topic, possible[0], BASIS_IDENTIFIED)
            continue
        chosen = next((r for r in possible if r.covers(today)), None) or (possible or regimes)[-1]
        others = possible if identified is not None else regimes
        choices[topic] = RegimeChoice(topic, chosen, BASIS_TODAY, [r for r in others if r is not chosen])
    return choices


def regime_period(regime: PublishedRegime) -> str:
    """ "for applications registered from 1.07.2026" — when the regime applies, in the reader's language."""
    # A published regime (PublishedRegime) or the working copy's model (the coordinators' list).
    event = getattr(regime, "decided_by_label", None) or regime.get_decided_by_display()
    start = date_format(regime.valid_from, "j.m.Y") if regime.valid_from else ""
    end = date_format(regime.valid_until, "j.m.Y") if regime.valid_until else ""
    if start and end:
        return _("when %(event)s between %(start)s and %(end)s") % {
            "event": event,
            "start": start,
            "end": end,
        }
    if start:
        return _("when %(event)s on or after %(start)s") % {"event": event, "start": start}
    if end:
        return _("when %(event)s on or before %(end)s") % {"event": event, "end": end}
    return ""


@dataclass
class RuleInCase:
    """A deadline rule of a step as it stands for one case: it applies, or it is shown as the rule for
    another regime or another answer (`condition` says which). `due` is filled in by the deadline
    calculator when the time of the rule's start event is known."""

    rule: Deadline
    applies: bool
    condition: str = ""
    regime_note: str = ""  # the rule's regime and when it applies ("AMMR: when … on or after 1.07.2026")
    due: Any = None
    waits_for: bool = False  # the case has times, but not this rule's start event


@dataclass
class StepRules:
    """What a step says for one case: the deadline rules and legal references that apply, and those of
    the other regimes or answers still possible."""

    rules: list[RuleInCase]
    references: list[PublishedLegalReference]
    other_references: list[tuple[PublishedLegalReference, str]]

    @property
    def applicable(self) -> list[RuleInCase]:
        return [rule for rule in self.rules if rule.applies]

    @property
    def alternatives(self) -> list[RuleInCase]:
        return [rule for rule in self.rules if not rule.applies]

    @property
    def first_due(self):
        return next((rule.due for rule in self.rules if rule.applies and rule.due is not None), None)


def step_rules(
    step: PublishedStep, *, choices: dict[str, RegimeChoice], answers: dict[str, str]
) -> StepRules:
    references, others = references_for_case(step, choices=choices)
    return StepRules(
        rules=rules_for_case(step, choices=choices, answers=answers),
        references=references,
        other_references=others,
    )


def rules_for_case(
    step: PublishedStep, *, choices: dict[str, RegimeChoice], answers: dict[str, str]
) -> list[RuleInCase]:
    """The rules of `step` for a case: the applicable ones first, then the alternatives still possible (the
    rules of a regime that may yet apply, and those that follow an answer not given yet)."""
    applicable: list[RuleInCase] = []
    alternatives: list[RuleInCase] = []
    matched_conditions = {
        rule.regime.slug if rule.regime else ""
        for rule in step.deadlines
        if rule.when and answers.get(rule.when[0]) == rule.when[1]
    }
    for rule in step.deadlines:
        regime_note, other_regime = "", False
        if rule.regime is not None:
            choice = choices.get(rule.regime.topic)
            if choice is not None and choice.regime is not rule.regime:
                if rule.regime not in choice.alternatives:
                    continue  # a regime that cannot apply to this case
                other_regime = True
            regime_note = f"{rule.regime.title}: {regime_period(rule.regime)}"
        unanswered = False
        if rule.when:
            answer = answers.get(rule.when[0])
            if answer is not None and answer != rule.when[1]:
                continue
            unanswered = answer is None
        elif (rule.regime.slug if rule.regime else "") in matched_conditions:
            continue  # a rule for the answer given replaces the general rule of the same regime
        if other_regime or unanswered:
            parts = [regime_note] if regime_note else []
            if unanswered:
                parts.append(_("if: %(condition)s") % {"condition": rule.when_label})
            alternatives.append(RuleInCase(rule, False, "; ".join(parts), regime_note=regime_note))
        else:
            applicable.append(RuleInCase(rule, True, regime_note=regime_note))
    return applicable + alternatives


def step_rules_today(step: PublishedStep, *, edition: EditionInLanguage) -> StepRules:
    """A step's rules for a reader who has told nothing about the case: the regime in force today first."""
    return step_rules(step, choices=choose_regimes(edition, dates={}, today=timezone.localdate()), answers={})


def references_for_case(step: PublishedStep, *, choices: dict[str, RegimeChoice]):
    """The step's legal references for a case: (applicable, [(reference, condition)] of other regimes)."""
    applicable, others = [], []
    for reference in step.legal_references:
        regime = reference.regime
        choice = choices.get(regime.topic) if regime is not None else None
        if regime is None or choice is None or choice.regime is regime:
            applicable.append(reference)
        elif regime in choice.alternatives:
            others.append((reference, f"{regime.title}: {regime_period(regime)}"))
    return applicable, others


def validity(
    edition: EditionInLanguage, *, today: date
) -> list[tuple[PublishedRegime, list[PublishedRegime]]]:
    """For the edition's validity note: per topic, the regime in force today and the others."""
    choices = choose_regimes(edition, dates={}, today=today)
    return [(choice.regime, choice.alternatives) for choice in choices.values() if choice.regime is not None]
