"""Resolving answers to the decisions into one ordered path through a published edition.

Used by the scenarios (and the publish check, which runs them all), and by the guide and the flowchart
in cases/. Answers are non-identifying (decision slug → option key) and live only in URLs: nothing is
stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .document import NOT_KNOWN
from .projection import EditionInLanguage
from .published import PublishedOption, PublishedStep

MAX_PATH_LENGTH = 1000


@dataclass(repr=False)
class Answer:
    decision: PublishedStep
    option: PublishedOption

    def __repr__(self) -> str:
        return f"<Answer {self.decision.slug}={self.option.key}>"


@dataclass(repr=False)
class Path:
    steps: list[PublishedStep] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    pending: PublishedStep | None = None  # the decision that still needs an answer
    open: PublishedStep | None = None  # the decision answered "not known yet": the path stops there
    outcome: PublishedStep | None = None  # where the path ends, once complete
    errors: list[str] = field(default_factory=list)  # answers that could not be used
    ignored: list[str] = field(default_factory=list)  # valid answers this path does not need

    def __repr__(self) -> str:
        return f"<Path {[s.slug for s in self.steps]} pending={self.pending and self.pending.slug}>"

    @property
    def complete(self) -> bool:
        return self.outcome is not None

    @property
    def slugs(self) -> list[str]:
        return [step.slug for step in self.steps]

    @property
    def stopped(self) -> PublishedStep | None:
        """The decision where the path stops for now: unanswered, or answered "not known yet"."""
        return self.open or self.pending

    def answer_pairs(self) -> list[tuple[str, str]]:
        """The answers as they travel in links, "not known yet" included."""
        pairs = [(answer.decision.slug, answer.option.key) for answer in self.answers]
        return pairs + ([(self.open.slug, NOT_KNOWN)] if self.open is not None else [])

    def taken_edges(self) -> set[tuple[str, str]]:
        return {(a.slug, b.slug) for a, b in zip(self.steps, self.steps[1:], strict=False)}


def resolve_path(edition: EditionInLanguage, answers: dict[str, str]) -> Path:
    """Walk from the start: actions follow `next`, decisions the given answer, until an outcome, a
    decision not answered yet or one answered "not known yet"."""
    path = Path()
    for slug in answers:
        step = edition.steps.get(slug)
        if step is None or step.kind != "decision":
            path.errors.append(_("The question “%(slug)s” is not part of this edition.") % {"slug": slug})
    current, seen = edition.start, set()
    while current is not None and len(path.steps) < MAX_PATH_LENGTH:
        if current.slug in seen:
            path.errors.append(_("The answers lead in a circle at “%(title)s”.") % {"title": current.title})
            path.pending = current if current.kind == "decision" else None
            break
        seen.add(current.slug)
        path.steps.append(current)
        if current.kind == "outcome":
            path.outcome = current
            break
        if current.kind == "action":
            current = current.next
            continue
        key = answers.get(current.slug)
        if key == NOT_KNOWN:
            path.open = current
            break
        option = next((o for o in current.options if o.key == key), None) if key is not None else None
        if option is None:
            if key is not None:
                path.errors.append(
                    _("“%(answer)s” is not an answer to “%(question)s”.")
                    % {"answer": key, "question": current.question or current.title}
                )
            path.pending = current
            break
        path.answers.append(Answer(current, option))
        current = option.target
    used = {answer.decision.slug for answer in path.answers}
    for slug in answers:
        step = edition.steps.get(slug)
        if step is not None and step.kind == "decision" and slug not in used and step is not path.stopped:
            path.ignored.append(slug)
    return path


def remaining_steps(edition: EditionInLanguage) -> dict[str, int]:
    """For every step, the fewest steps from it to an end point (itself included); computed once per
    loaded edition. Steps that reach no end point are left out."""
    cached = getattr(edition, "_remaining_steps", None)
    if cached is not None:
        return cached
    incoming: dict[str, list[str]] = {}
    for step in edition.steps.values():
        targets = [step.next] if step.kind == "action" else [option.target for option in step.options]
        for target in targets:
            if target is not None:
                incoming.setdefault(target.slug, []).append(step.slug)
    remaining = {slug: 1 for slug, step in edition.steps.items() if step.kind == "outcome"}
    queue = list(remaining)
    for slug in queue:  # breadth-first from the end points, backwards
        for before in incoming.get(slug, []):
            if before not in remaining:
                remaining[before] = remaining[slug] + 1
                queue.append(before)
    edition._remaining_steps = remaining
    return remaining


def progress(edition: EditionInLanguage, path: Path) -> int:
    """Per cent of the way to an end point: steps resolved ÷ (steps resolved + the fewest still ahead),
    the best value over the path's beginnings, so that adding answers never moves it back."""
    if path.complete:
        return 100
    remaining = remaining_steps(edition)
    best = 0.0
    for count, step in enumerate(path.steps, 1):
        ahead = remaining.get(step.slug)
        if ahead is not None:
            best = max(best, (count - 1) / (count - 1 + ahead))
    return min(99, round(100 * best))
