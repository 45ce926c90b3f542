"""Shaping a resolved path for the guide, scenario and handover pages (and their PDFs later)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from roadmap.paths import Answer, Path, resolve_path
from roadmap.projection import EditionInLanguage
from roadmap.published import PublishedInstitution, PublishedOption, PublishedScenario, PublishedStep
from roadmap.regimes import RegimeChoice, StepRules, choose_regimes, step_rules

from .deadlines import DueDate, due_date, format_identified_at, parse_identified_at, sofia_day
from .links import answers_query, parse_answers

# The events whose time an officer can enter in the guide (URL parameter → event), besides `t`, the
# identification. Their dates also decide which legal regime applies (roadmap.regimes).
EVENT_PARAMETERS = {"t": "identified", "applied": "applied", "registered": "registered"}

MAX_QUERY_STRING = 4000


@dataclass(repr=False)
class PathStep:
    step: PublishedStep
    rules: StepRules  # the deadlines and legal bases that apply to this case, with due dates
    answer: Answer | None  # for a decision on the path: the answer given
    change_query: str = ""  # the guide link that re-asks this decision

    @property
    def due(self) -> DueDate | None:
        return self.rules.first_due


@dataclass(repr=False)
class Actor:
    institution: PublishedInstitution
    first_step: PublishedStep


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
        """Per cent of the pathway's stages reached (for the progress bar)."""
        if not self.path.steps or not self.edition.stages:
            return 0
        if self.path.complete:
            return 100
        return round(100 * (self.path.steps[-1].stage.position - 1) / len(self.edition.stages))


def path_view(
    *,
    edition: EditionInLanguage,
    answers: dict[str, str],
    identified_at: datetime | None,
    now: datetime,
    messages: list[str] | None = None,
    times: dict[str, datetime] | None = None,
) -> CasePath:
    """Resolve answers against an edition: the legal regime from the dates known, each step's deadline
    rules and legal bases for this case, due dates where the start event's time is known, and the
    "change this answer" links."""
    path = resolve_path(edition, answers)
    times = dict(times or {})
    if identified_at is not None:
        times["identified"] = identified_at
    choices = choose_regimes(
        edition, dates={event: sofia_day(moment) for event, moment in times.items()}, today=sofia_day(now)
    )
    time = format_identified_at(identified_at) if identified_at else None
    links = {
        parameter: format_identified_at(times[event])
        for parameter, event in EVENT_PARAMETERS.items()
        if event in times
    }
    by_decision = {answer.decision.slug: (index, answer) for index, answer in enumerate(path.answers)}
    pairs = path.answer_pairs()
    given = dict(pairs)
    steps = []
    for step in path.steps:
        index, answer = by_decision.get(step.slug, (None, None))
        rules = step_rules(step, choices=choices, answers=given)
        for rule in rules.rules:
            start_at = times.get(rule.rule.start)
            if start_at is not None:
                rule.due = due_date(start_at, rule.rule, now=now)
            else:
                rule.waits_for = bool(times) and rule.rule.unit != "" and rule.applies
        steps.append(
            PathStep(
                step=step,
                rules=rules,
                answer=answer,
                change_query=answers_query(pairs[:index], **links, e=edition.number)
                if index is not None
                else "",
            )
        )
    notes = list(messages or []) + path.errors
    if path.ignored:
        notes.append(_("Some answers in the link are not needed on this path and were left out."))
    option_links = [
        (option, answers_query(pairs + [(path.pending.slug, option.key)], **links, e=edition.number))
        for option in (path.pending.options if path.pending else [])
    ]
    return CasePath(
        edition=edition,
        path=path,
        steps=steps,
        identified_at=identified_at,
        times=times,
        regimes=choices,
        messages=notes,
        query=answers_query(pairs, **links, e=edition.number),
        answers_only_query=answers_query(pairs),
        time=time or "",
        option_links=option_links,
    )


def parse_times(params: QueryDict) -> tuple[dict[str, datetime], list[str]]:
    """The event times in a guide or scenario link (`t`, `applied`, `registered`).

    Times that cannot be read become messages for the reader."""
    times, messages = {}, []
    for parameter, event in EVENT_PARAMETERS.items():
        try:
            moment = parse_identified_at(params.get(parameter, "")[:100])
        except ValueError as error:
            messages.append(str(error))
            continue
        if moment is not None:
            times[event] = moment
    return times, messages


def guide_state(*, edition: EditionInLanguage, query_string: str, now: datetime) -> CasePath:
    """Read the guide's whole state from the query string; bad input becomes messages, never an error."""
    messages: list[str] = []
    if len(query_string) > MAX_QUERY_STRING:
        messages.append(
            _(
                "The link is too long to be a guide link. Start again, or continue from the answers "
                "that could be read."
            )
        )
        query_string = query_string[:MAX_QUERY_STRING].rsplit("&", 1)[0]
    # Parsed here rather than through request.GET, which refuses (400) a link with too many fields.
    params = QueryDict(query_string)
    answers, errors = parse_answers(params.getlist("a")[:200])
    messages += errors
    times, errors = parse_times(params)
    messages += errors
    identified_at = times.pop("identified", None)
    answered_in = params.get("e", "")
    if answered_in.isdigit() and int(answered_in) != edition.number and answers:
        messages.append(
            _(
                "These answers were given for edition %(old)s. They are shown against the current "
                "edition %(new)s; check the path below."
            )
            % {"old": answered_in, "new": edition.number}
        )
    return path_view(
        edition=edition, answers=answers, identified_at=identified_at, now=now, messages=messages, times=times
    )


def path_institutions(view: CasePath) -> list[PublishedInstitution]:
    """Every institution with a role on the path (leads, supports or is informed), in order of first role."""
    seen: dict[str, PublishedInstitution] = {}
    for item in view.steps:
        for responsibility in item.step.responsibilities:
            seen.setdefault(responsibility.institution.slug, responsibility.institution)
    return list(seen.values())


def path_terms(view: CasePath) -> list:
    """The glossary terms used in the path's steps, alphabetically."""
    terms = {term.slug: term for item in view.steps for term in item.step.terms}
    return sorted(terms.values(), key=lambda term: term.term.casefold())


def scenario_state(
    *, edition: EditionInLanguage, slug: str, query_string: str, now: datetime
) -> tuple[PublishedScenario, CasePath] | None:
    """A scenario and its path, with due dates from the times in the link (messages for those that are
    not dates); None for an unknown scenario. The scenario page and its PDF show the same thing."""
    scenario = edition.scenario_map.get(slug)
    if scenario is None:
        return None
    times, messages = parse_times(QueryDict(query_string[:MAX_QUERY_STRING]))
    identified_at = times.pop("identified", None)
    return scenario, path_view(
        edition=edition,
        answers=scenario.answers,
        identified_at=identified_at,
        now=now,
        messages=messages,
        times=times,
    )
