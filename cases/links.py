"""Answers and event times as they travel in guide links: the query string is the guide's only state."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext as _

MAX_ANSWERS = 60


def parse_answers(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """`["d-emergency:no", …]` from the query string → answers, plus messages for malformed ones."""
    answers: dict[str, str] = {}
    errors: list[str] = []
    if len(values) > MAX_ANSWERS:
        errors.append(
            _("Too many answers in the link; only the first %(count)d were read.") % {"count": MAX_ANSWERS}
        )
        values = values[:MAX_ANSWERS]
    for value in values:
        decision, sep, key = value.partition(":")
        if not sep or not decision or not key or len(value) > 170:
            errors.append(_("An answer in the link could not be read and was left out."))
            continue
        if answers.get(decision, key) != key:
            errors.append(_("The link answers the same question twice; the last answer is used."))
        answers[decision] = key
    return answers, errors


def answers_query(pairs: list[tuple[str, str]], **extra: str | int | None) -> str:
    """The query string that carries answers (and e.g. the identification time) in a link."""
    items = [("a", f"{decision}:{key}") for decision, key in pairs]
    items += [(name, value) for name, value in extra.items() if value not in (None, "")]
    return urlencode(items)
