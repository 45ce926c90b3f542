"""Shaping a resolved path for the guide, scenario and handover pages (and their PDFs later)."""

from __future__ import annotations

from datetime import datetime

from django.http import QueryDict
from django.utils.translation import gettext as _

from roadmap.document import NOT_KNOWN
from roadmap.models import Event
from roadmap.paths import resolve_path
from roadmap.perspective import PARAMETER as INSTITUTION_PARAMETER
from roadmap.perspective import own_first, own_institution, own_part
from roadmap.projection import EditionInLanguage
from roadmap.published import (
    PublishedInstitution,
    PublishedScenario,
)
from roadmap.regimes import choose_regimes, step_rules
from roadmap_site.query_strings import query_dict

from .case_path import EVENT_LABELS, EVENT_PARAMETERS, NOW_PARAMETER, CasePath, PathStep
from .deadlines import due_date, format_identified_at, parse_identified_at, sofia_day
from .links import answers_query, parse_answers

MAX_QUERY_STRING = 4000


def path_view(
    *,
    edition: EditionInLanguage,
    answers: dict[str, str],
    identified_at: datetime | None,
    now: datetime,
    messages: list[str] | None = None,
    times: dict[str, datetime] | None = None,
    own: PublishedInstitution | None = None,
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
    if own is not None:
        links[INSTITUTION_PARAMETER] = own.slug
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
                own=own_part(step, own),
            )
        )
    notes = list(dict.fromkeys([*(messages or []), *path.errors]))  # a message once, however often
    if path.ignored:
        notes.append(_("Some answers in the link are not needed on this path and were left out."))
    option_links = [
        (option, answers_query(pairs + [(path.pending.slug, option.key)], **links, e=edition.number))
        for option in (path.pending.options if path.pending else [])
    ]
    not_known_link = (
        answers_query(pairs + [(path.pending.slug, NOT_KNOWN)], **links, e=edition.number)
        if path.pending
        else ""
    )
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
        not_known_link=not_known_link,
        now=now,
        own=own,
        carried={**links, "e": str(edition.number)},
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
    identified = times.get(Event.IDENTIFIED)
    for event, moment in list(times.items()):
        if identified is not None and moment < identified:
            del times[event]
            messages.append(
                _("“%(event)s” cannot come before the child was identified; that time was left out.")
                % {"event": EVENT_LABELS[event]}
            )
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
    params = query_dict(query_string)
    answers, errors = parse_answers(params.getlist("a")[:200])
    messages += errors
    times, errors = parse_times(params)
    messages += errors
    identified_at = times.pop("identified", None)
    own = own_institution(edition, params.get(INSTITUTION_PARAMETER))
    if params.get(INSTITUTION_PARAMETER) and own is None:
        messages.append(
            _("The institution in the link is not in this edition; the duties are shown for all.")
        )
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
        edition=edition,
        answers=answers,
        identified_at=identified_at,
        now=now,
        messages=messages,
        times=times,
        own=own,
    )


def with_now_filled(query_string: str, now: datetime) -> str | None:
    """For a link whose "now" button was pressed (`now=<event parameter>`): the same link with that
    event's time set to `now` (Sofia time, to the minute); None when there is nothing to fill in."""
    params = query_dict(query_string[:MAX_QUERY_STRING]).copy()
    parameter = params.pop(NOW_PARAMETER, [""])[-1]
    if parameter not in EVENT_PARAMETERS:
        return None
    params[parameter] = format_identified_at(now)
    return params.urlencode(safe=":")


def path_institutions(view: CasePath) -> list[PublishedInstitution]:
    """Every institution with a role on the path (leads, supports or is informed), in order of first role,
    the reader's own first."""
    seen: dict[str, PublishedInstitution] = {}
    for item in view.steps:
        for responsibility in own_first(item.step.responsibilities, view.own):
            seen.setdefault(responsibility.institution.slug, responsibility.institution)
    return sorted(seen.values(), key=lambda institution: institution is not view.own)


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
    times, messages = parse_times(query_dict(query_string[:MAX_QUERY_STRING]))
    identified_at = times.pop("identified", None)
    return scenario, path_view(
        edition=edition,
        answers=scenario.answers,
        identified_at=identified_at,
        now=now,
        messages=messages,
        times=times,
    )
