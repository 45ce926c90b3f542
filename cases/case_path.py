"""A path as the guide, scenario and handover pages show it: the steps with their rules for this case,
what is done, what to do now, the questions still open and the deadlines already running."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from roadmap.models import Event
from roadmap.paths import Answer, Path, progress
from roadmap.projection import EditionInLanguage
from roadmap.published import (
    PublishedInstitution,
    PublishedOption,
    PublishedResponsibility,
    PublishedStep,
)
from roadmap.regimes import RegimeChoice, RuleInCase, StepRules

from .deadlines import DueDate, format_identified_at
from .links import answers_query

# The events whose time an officer can enter (URL parameter → event): `t` is the identification, every
# other event travels under its own name. Deadlines run from them; the dates of some also decide which
# legal regime applies (roadmap.regimes).
EVENT_PARAMETERS = {"t": Event.IDENTIFIED.value} | {
    event.value: event.value for event in Event if event not in (Event.IDENTIFIED, Event.OTHER)
}
EVENT_LABELS = dict(Event.choices)
# The "now" button of an event's field: ?now=<parameter> is answered with a redirect to the same link
# with the current time filled in (so a link never means "whenever it is opened").
NOW_PARAMETER = "now"


@dataclass(repr=False)
class PathStep:
    step: PublishedStep
    rules: StepRules  # the deadlines and legal bases that apply to this case, with due dates
    answer: Answer | None  # for a decision on the path: the answer given
    change_query: str = ""  # the guide link that re-asks this decision

    @property
    def due(self) -> DueDate | None:
        return self.rules.first_due

    own: list[PublishedResponsibility] = field(default_factory=list)  # the reader's institution's part

    @property
    def responsibilities(self) -> list[PublishedResponsibility]:
        return self.own + [r for r in self.step.responsibilities if r not in self.own]


@dataclass(repr=False)
class Actor:
    institution: PublishedInstitution
    first_step: PublishedStep


@dataclass(repr=False)
class OpenFork:
    """A decision the path stops at (not answered, or "not known yet"), with where each answer leads."""

    decision: PublishedStep
    branches: list[tuple[PublishedOption, str]]  # option, the guide link that gives this answer
    not_known: bool  # answered "not known yet" (else not answered at all)


@dataclass(repr=False)
class EventField:
    parameter: str
    event: str
    label: str
    value: str  # YYYY-MM-DDTHH:MM, or ""
    relevant: bool  # a deadline on this path runs from it, or its date picks the legal regime


@dataclass(repr=False)
class CasePath:
    edition: EditionInLanguage
    path: Path
    steps: list[PathStep]
    identified_at: datetime | None
    times: dict[str, datetime] = field(default_factory=dict)  # event → when, as entered
    regimes: dict[str, RegimeChoice] = field(default_factory=dict)  # topic → the regime for this case
    messages: list[str] = field(default_factory=list)
    query: str = ""  # answers (+ time, + edition) as a query string: this path's permalink
    answers_only_query: str = ""  # answers without the time
    time: str = ""  # the identification time as it travels in links
    option_links: list[tuple[PublishedOption, str]] = field(
        default_factory=list
    )  # the pending question's answers
    not_known_link: str = ""  # the pending question answered "not known yet"
    now: datetime | None = None
    own: PublishedInstitution | None = None  # "I am from …"
    carried: dict[str, str] = field(default_factory=dict)  # times and institution, kept in every link

    @property
    def time_values(self) -> dict[str, str]:
        """The entered times as the guide's form fields show them (parameter → YYYY-MM-DDTHH:MM)."""
        by_event = {event: parameter for parameter, event in EVENT_PARAMETERS.items()}
        return {by_event[event]: format_identified_at(moment) for event, moment in self.times.items()}

    @property
    def times_query(self) -> str:
        return urlencode(sorted(self.time_values.items()))

    @property
    def regime_matters(self) -> bool:
        """Whether a step of this path has a rule or a legal basis that depends on the legal regime."""
        return any(rule.rule.regime is not None for item in self.steps for rule in item.rules.rules) or any(
            item.rules.other_references for item in self.steps
        )

    @property
    def regime_key(self) -> str:
        """The regimes this path was shown under (a PDF's cache key: it changes when a new regime starts)."""
        return ",".join(
            sorted(
                f"{topic}={choice.regime.slug}"
                for topic, choice in self.regimes.items()
                if choice.regime is not None
            )
        )

    @property
    def regime_notes(self) -> list[RegimeChoice]:
        return [choice for choice in self.regimes.values() if choice.regime is not None]

    @property
    def actors(self) -> list[Actor]:
        """Who acts on this path, in the order they first lead a step."""
        seen: dict[str, Actor] = {}
        for item in self.steps:
            for responsibility in item.step.leads:
                seen.setdefault(responsibility.institution.slug, Actor(responsibility.institution, item.step))
        return list(seen.values())

    @property
    def current_stage(self):
        return self.path.steps[-1].stage if self.path.steps else None

    @property
    def progress(self) -> int:
        """Per cent of the way to an end point; it only moves forward as answers are added."""
        return progress(self.edition, self.path)

    @property
    def resolved_count(self) -> int:
        """Steps whose place on the path is settled (the decision the path stops at is not)."""
        return len(self.steps) - (1 if self.path.stopped is not None else 0)

    @property
    def _now_from(self) -> int:
        """Index of the first step after the last answered decision: where "now" begins."""
        if not self.path.answers:
            return 0
        last = self.path.answers[-1].decision
        return next(index for index, item in enumerate(self.steps) if item.step is last) + 1

    @property
    def done_steps(self) -> list[PathStep]:
        """The steps before the present: those before the last question answered."""
        return self.steps[: self._now_from]

    @property
    def now_steps(self) -> list[PathStep]:
        """What to do now: the steps since the last answer, up to the open question or the end point."""
        return [item for item in self.steps[self._now_from :] if item.step is not self.path.stopped]

    @property
    def open_forks(self) -> list[OpenFork]:
        stopped = self.path.stopped
        if stopped is None:
            return []
        pairs = self.path.answer_pairs()
        if self.path.open is not None:
            pairs = pairs[:-1]
        return [
            OpenFork(
                decision=stopped,
                branches=[
                    (option, answers_query(pairs + [(stopped.slug, option.key)], **self.carried))
                    for option in stopped.options
                ],
                not_known=self.path.open is not None,
            )
        ]

    @property
    def taking_over(self) -> list[PublishedInstitution]:
        """Who leads what comes next (the steps to do now and the open question), the reader's own
        institution left out: the institution a handover note is for."""
        seen: dict[str, PublishedInstitution] = {}
        items = [item.step for item in self.now_steps] + ([self.path.stopped] if self.path.stopped else [])
        for step in items:
            for responsibility in step.leads:
                if self.own is None or responsibility.institution is not self.own:
                    seen.setdefault(responsibility.institution.slug, responsibility.institution)
        return list(seen.values())

    @property
    def running(self) -> list[tuple[PathStep, RuleInCase]]:
        """The deadlines already running: those on the path whose start event's time is known."""
        return [(item, rule) for item in self.steps for rule in item.rules.applicable if rule.due is not None]

    def _event_fields(self) -> list[EventField]:
        relevant = {rule.rule.start for item in self.steps for rule in item.rules.rules}
        if self.regime_matters:
            relevant |= {"applied", "registered"}
        values = self.time_values
        return [
            EventField(
                parameter=parameter,
                event=event,
                label=str(EVENT_LABELS[event]),
                value=values.get(parameter, ""),
                relevant=event == Event.IDENTIFIED or event in relevant or parameter in values,
            )
            for parameter, event in EVENT_PARAMETERS.items()
        ]

    @property
    def event_fields(self) -> list[EventField]:
        """The time fields the guide's form shows first: the identification, the events a deadline on this
        path runs from (or whose date picks the legal regime) and those already entered."""
        return [field for field in self._event_fields() if field.relevant]

    @property
    def other_event_fields(self) -> list[EventField]:
        return [field for field in self._event_fields() if not field.relevant]

    @property
    def hidden_answers(self) -> list[str]:
        """The answers as the time form's hidden fields carry them."""
        return [f"{decision}:{key}" for decision, key in self.path.answer_pairs()]
