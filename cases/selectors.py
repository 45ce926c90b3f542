"""Shaping a resolved path for the guide, scenario and handover pages (and their PDFs later)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.http import QueryDict
from django.utils.translation import gettext as _

from roadmap.editions import InstitutionView, LocalEdition, OptionView, ScenarioView, StepView

from .deadlines import DueDate, due_date, format_identified_at, parse_identified_at
from .paths import Answer, Path, answers_query, parse_answers, resolve_path

MAX_QUERY_STRING = 4000


@dataclass(repr=False)
class PathStep:
    step: StepView
    due: DueDate | None
    answer: Answer | None          # for a decision on the path: the answer given
    change_query: str = ""         # the guide link that re-asks this decision


@dataclass(repr=False)
class Actor:
    institution: InstitutionView
    first_step: StepView


@dataclass(repr=False)
class PathView:
    edition: LocalEdition
    path: Path
    steps: list[PathStep]
    identified_at: datetime | None
    messages: list[str] = field(default_factory=list)
    query: str = ""                # answers (+ time, + edition) as a query string: this path's permalink
    answers_only_query: str = ""   # answers without the time
    time: str = ""                 # the identification time as it travels in links
    option_links: list[tuple[OptionView, str]] = field(default_factory=list)  # the pending question's answers

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


def path_view(*, edition: LocalEdition, answers: dict[str, str], identified_at: datetime | None,
              now: datetime, messages: list[str] | None = None) -> PathView:
    """Resolve answers against an edition and attach due dates and "change this answer" links."""
    path = resolve_path(edition, answers)
    time = format_identified_at(identified_at) if identified_at else None
    by_decision = {answer.decision.slug: (index, answer) for index, answer in enumerate(path.answers)}
    pairs = path.answer_pairs()
    steps = []
    for step in path.steps:
        index, answer = by_decision.get(step.slug, (None, None))
        steps.append(PathStep(
            step=step,
            due=due_date(identified_at, step.deadline, now=now) if identified_at and step.deadline else None,
            answer=answer,
            change_query=answers_query(pairs[:index], t=time, e=edition.number) if index is not None else "",
        ))
    notes = list(messages or []) + path.errors
    if path.ignored:
        notes.append(_("Some answers in the link are not needed on this path and were left out."))
    option_links = [
        (option, answers_query(pairs + [(path.pending.slug, option.key)], t=time, e=edition.number))
        for option in (path.pending.options if path.pending else [])
    ]
    return PathView(edition=edition, path=path, steps=steps, identified_at=identified_at, messages=notes,
                    query=answers_query(pairs, t=time, e=edition.number), answers_only_query=answers_query(pairs),
                    time=time or "", option_links=option_links)


def guide_state(*, edition: LocalEdition, query_string: str, now: datetime) -> PathView:
    """Read the guide's whole state from the query string; bad input becomes messages, never an error."""
    messages: list[str] = []
    if len(query_string) > MAX_QUERY_STRING:
        messages.append(_("The link is too long to be a guide link. Start again, or continue from the answers that could be read."))
        query_string = query_string[:MAX_QUERY_STRING].rsplit("&", 1)[0]
    # Parsed here rather than through request.GET, which refuses (400) a link with too many fields.
    params = QueryDict(query_string)
    answers, errors = parse_answers(params.getlist("a")[:200])
    messages += errors
    identified_at = None
    try:
        identified_at = parse_identified_at(params.get("t", "")[:100])
    except ValueError as error:
        messages.append(str(error))
    answered_in = params.get("e", "")
    if answered_in.isdigit() and int(answered_in) != edition.number and answers:
        messages.append(_("These answers were given for edition %(old)s. They are shown against the current edition %(new)s; check the path below.")
                        % {"old": answered_in, "new": edition.number})
    return path_view(edition=edition, answers=answers, identified_at=identified_at, now=now, messages=messages)


def path_institutions(view: PathView) -> list[InstitutionView]:
    """Every institution with a role on the path (leads, supports or is informed), in order of first role."""
    seen: dict[str, InstitutionView] = {}
    for item in view.steps:
        for responsibility in item.step.responsibilities:
            seen.setdefault(responsibility.institution.slug, responsibility.institution)
    return list(seen.values())


def path_terms(view: PathView) -> list:
    """The glossary terms used in the path's steps, alphabetically."""
    terms = {term.slug: term for item in view.steps for term in item.step.terms}
    return sorted(terms.values(), key=lambda term: term.term.casefold())


def scenario_state(*, edition: LocalEdition, slug: str, identified: str, now: datetime
                   ) -> tuple[ScenarioView, PathView] | None:
    """A scenario and its path, with due dates from the `t` parameter (a message when it is not a
    date); None for an unknown scenario. The scenario page and its PDF show the same thing."""
    scenario = edition.scenario_map.get(slug)
    if scenario is None:
        return None
    messages, identified_at = [], None
    try:
        identified_at = parse_identified_at(identified[:100])
    except ValueError as error:
        messages.append(str(error))
    return scenario, path_view(edition=edition, answers=scenario.answers, identified_at=identified_at,
                               now=now, messages=messages)
