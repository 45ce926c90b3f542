"""The guide offline: a published edition as one JSON document, and the handover note as plain text.

The document carries everything static/js/guide-resolver.js needs to compute what cases.selectors
computes on the server (the path, open forks, deadlines with working days and the handover note), in one
language: steps, decisions and options, responsibilities, deadline rules, legal regimes, the Bulgarian
public holidays of the years a deadline can fall in, and the texts of the note. It is built from the
published edition's plain objects (roadmap.projection), never from the working copy, once per edition
and language per process. `handover_text` is the server's note in the same words: the reference the
client's note is tested against (tests/cases/test_offline_resolver.py).
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from roadmap import perspective
from roadmap.document import NOT_KNOWN
from roadmap.projection import EditionInLanguage
from roadmap.published import Deadline
from roadmap.regimes import regime_period

from . import deadlines, links, selectors
from .case_path import EVENT_LABELS, EVENT_PARAMETERS, CasePath
from .deadlines import SOFIA

FORMAT = 1
# The holidays shipped: from the earliest date the guide reads to ten years after the edition was
# published (a deadline entered then falls at most a few months after a date at most two years ahead).
HOLIDAY_YEARS_AFTER_PUBLISHING = 10


def texts() -> dict[str, str]:
    """The words of the guide and its handover note, in the active language (%(name)s placeholders)."""
    return {
        "note_title": _("Handover note: unaccompanied foreign child"),
        "prepared": _(
            "Prepared with the roadmap, edition %(number)s of %(date)s. It holds no personal data: fill in "
            "the blanks by hand."
        ),
        "identified": _("Identified (date, time, place)"),
        "handed_over_by": _("Handed over by (institution, name, phone)"),
        "answers_given": _("Situation (answers given)"),
        "not_known_yet": _("not known yet"),
        "not_answered_yet": _("not answered yet"),
        "no_answers": _("No answers given yet."),
        "taken_over_by": _("Taken over by"),
        "write_in": _("Write in the institution that takes over:"),
        "now": _("What to do now"),
        "last_steps": _("The last steps"),
        "still_open": _("Still open"),
        "if_answer": _("If “%(answer)s”:"),
        "running": _("Deadlines already running"),
        "none_running": _("None: no time of an event that starts a deadline was entered."),
        "done": _("Steps done"),
        "none_done": _("None yet."),
        "answer": _("Answer:"),
        "due": _("due %(when)s"),
        "immediately_since": _("immediately — since %(when)s"),
        "overdue": _("overdue"),
        "starts_when": _("starts when %(event)s"),
        "not_known_option": _("Not known yet"),
        "question_help": _(
            "The guide stops here and shows what to do now; the question stays open in the handover note."
        ),
        "complete": _("Done: the path reaches an end point."),
        "change": _("change"),
        "this_is_now_known": _("this is now known"),
        "regime_date": _("applies: %(period)s."),
        "regime_identified": _("applies: the child was identified after it took effect."),
        "regime_today": _("shown as the rule in force today."),
        "regime_instead": _("%(regime)s applies instead %(period)s."),
        "regime_enter": _("Enter the registration date below to apply one."),
        "other_edition": _(
            "These answers were given for edition %(old)s. They are shown against the current edition "
            "%(new)s; check the path below."
        ),
    }


def _deadline(rule: Deadline) -> dict[str, Any]:
    return {
        "unit": rule.unit,
        "amount": rule.amount,
        "label": rule.label,
        "start": rule.start,
        "start_label": rule.start_label,
        "expiry": rule.expiry,
        "regime": rule.regime.slug if rule.regime else None,
        "when": list(rule.when) if rule.when else None,
        "when_label": rule.when_label,
    }


def _holidays(published_at: datetime) -> dict[str, Any]:
    last = published_at.astimezone(SOFIA).year + HOLIDAY_YEARS_AFTER_PUBLISHING
    years = range(deadlines.MIN_YEAR, last + 1)
    days = sorted(day for year in years for day in deadlines._public_holidays(year))
    return {"from": deadlines.MIN_YEAR, "until": last, "dates": [day.isoformat() for day in days]}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def edition_document(edition: EditionInLanguage) -> dict[str, Any]:
    """Everything the offline guide needs of one edition in one language, as JSON-ready data."""
    with translation.override(edition.lang):
        steps = {}
        for step in edition.step_list:
            steps[step.slug] = {
                "number": step.number,
                "kind": step.kind,
                "kind_label": step.kind_label,
                "stage": step.stage.slug,
                "title": step.title,
                "summary": step.summary,
                "question": step.question,
                "why_we_ask_html": str(step.why_we_ask_html),
                "next": step.next.slug if step.next else None,
                "options": [
                    {"key": o.key, "label": o.label, "help": o.help, "target": o.target.slug}
                    for o in step.options
                ],
                "deadlines": [_deadline(rule) for rule in step.deadlines],
                "responsibilities": [
                    {
                        "institution": r.institution.slug,
                        "role": r.role,
                        "role_label": r.role_label,
                        "duty": strip_tags(str(r.duty_html)).strip(),
                    }
                    for r in step.responsibilities
                ],
                "references": [reference.slug for reference in step.legal_references],
            }
        return {
            "format": FORMAT,
            "edition": {
                "number": edition.number,
                "published_at": edition.published_at.isoformat(),
                "published_on": edition.published_at.astimezone(SOFIA).date().isoformat(),
                "note": edition.note,
                "lang": edition.lang,
            },
            "start": edition.start.slug if edition.start else None,
            "stages": [
                {
                    "slug": stage.slug,
                    "position": stage.position,
                    "title": stage.title,
                    "steps": [step.slug for step in stage.steps],
                }
                for stage in edition.stages
            ],
            "steps": steps,
            "institutions": {
                i.slug: {"name": i.name, "acronym": i.acronym, "short": i.short}
                for i in edition.institution_list
            },
            "legal_references": {
                r.slug: {"label": r.label, "link": r.link, "regime": r.regime.slug if r.regime else None}
                for r in edition.legal_reference_list
            },
            "regimes": [
                {
                    "slug": regime.slug,
                    "topic": regime.topic,
                    "title": regime.title,
                    "decided_by": regime.decided_by,
                    "from": _iso(regime.valid_from),
                    "until": _iso(regime.valid_until),
                    "period": regime_period(regime),
                }
                for regime in edition.regime_list
            ],
            "events": [
                {"parameter": parameter, "event": event, "label": str(EVENT_LABELS[event])}
                for parameter, event in EVENT_PARAMETERS.items()
            ],
            "holidays": _holidays(edition.published_at),
            "limits": {
                "max_query_string": selectors.MAX_QUERY_STRING,
                "max_answers": links.MAX_ANSWERS,
                "min_year": deadlines.MIN_YEAR,
                "max_years_ahead": deadlines.MAX_YEARS_AHEAD,
                "max_input_length": deadlines.MAX_INPUT_LENGTH,
                "not_known": NOT_KNOWN,
                "max_slug_length": perspective.MAX_SLUG_LENGTH,
            },
            "texts": texts(),
        }


_documents: dict[tuple[str, str], tuple[bytes, str]] = {}
_documents_lock = threading.Lock()
_CACHED_DOCUMENTS = 8


def edition_json(edition: EditionInLanguage) -> tuple[bytes, str]:
    """The document as compact UTF-8 JSON and its ETag, built once per edition and language."""
    key = (edition.cache_key, edition.lang)
    cached = _documents.get(key)
    if cached is None:
        body = json.dumps(edition_document(edition), ensure_ascii=False, separators=(",", ":")).encode()
        cached = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        with _documents_lock:
            _documents[key] = cached
            while len(_documents) > _CACHED_DOCUMENTS:
                del _documents[next(iter(_documents))]
    return cached


def clear_cache() -> None:
    with _documents_lock:
        _documents.clear()


def _moment(value: datetime) -> str:
    """`j.m.Y H:i` in Sofia time, as the handover page shows a time."""
    local = value.astimezone(SOFIA)
    return f"{local.day}.{local.month:02d}.{local.year} {local.hour:02d}:{local.minute:02d}"


def rule_text(rule, words: dict[str, str]) -> str:
    """A deadline rule of a step for this case: its due time when it runs, else the rule itself."""
    due = rule.due
    if due is None:
        text = rule.rule.label
        if rule.waits_for:
            text += f" ({words['starts_when'] % {'event': rule.rule.start_label}})"
        return text
    if due.immediate:
        return words["immediately_since"] % {"when": _moment(due.at)}
    text = words["due"] % {"when": _moment(due.at)}
    return f"{text} — {words['overdue']}" if due.overdue else text


def _step_line(item, words: dict[str, str]) -> str:
    step = item.step
    line = f"- {step.number} {step.title}"
    leads = [r.institution.short for r in step.leads]
    if leads:
        line += f" [{', '.join(leads)}]"
    if item.answer is not None:
        line += f" — {words['answer']} {item.answer.option.label}"
    rules = [rule_text(rule, words) for rule in item.rules.applicable]
    if rules:
        line += " — " + "; ".join(rules)
    return line


def handover_text(view: CasePath) -> str:
    """The handover note of a guide state as plain text, with the handover page's sections."""
    words = texts()
    edition = view.edition
    published = edition.published_at.astimezone(SOFIA)
    lines = [
        words["note_title"],
        words["prepared"]
        % {"number": edition.number, "date": f"{published.day}.{published.month:02d}.{published.year}"},
        f"{words['identified']}: {_moment(view.identified_at) if view.identified_at else ''}",
        f"{words['handed_over_by']}: {view.own.name if view.own else ''}",
        "",
        f"## {words['answers_given']}",
    ]
    for answer in view.path.answers:
        lines.append(f"- {answer.decision.question or answer.decision.title} — {answer.option.label}")
    if view.path.open:
        lines.append(f"- {view.path.open.question or view.path.open.title} — {words['not_known_yet']}")
    if not view.path.answers and not view.path.open:
        lines.append(f"- {words['no_answers']}")
    lines += ["", f"## {words['taken_over_by']}"]
    taking_over = [
        f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
        for institution in view.taking_over
    ]
    lines.append("; ".join(taking_over) if taking_over else f"{words['write_in']} ______________________")
    if view.now_steps:
        lines += ["", f"## {words['last_steps'] if view.path.complete else words['now']}"]
        lines += [_step_line(item, words) for item in view.now_steps]
    for fork in view.open_forks:
        lines += ["", f"## {words['still_open']}"]
        state = words["not_known_yet"] if fork.not_known else words["not_answered_yet"]
        lines.append(f"- {fork.decision.number} {fork.decision.question or fork.decision.title} — {state}")
        for option, _query in fork.branches:
            branch = words["if_answer"] % {"answer": option.label}
            lines.append(f"  - {branch} {option.target.number} {option.target.title}")
    lines += ["", f"## {words['running']}"]
    running = [
        f"- {item.step.number} {item.step.title} — {rule_text(rule, words)}" for item, rule in view.running
    ]
    lines += running or [words["none_running"]]
    lines += ["", f"## {words['done']}"]
    done = view.done_steps
    lines += [_step_line(item, words) for item in done] if done else [words["none_done"]]
    return "\n".join(lines)
