"""The pathway check: what blocks publishing (errors) and what only deserves attention (warnings).

`pathway_check(document)` reads a roadmap document (the working copy's `content_export()`, an import,
an edition) and returns a CheckReport. Every Finding says in plain words what is wrong, in the active
language, and names what it is about (kind + slug), so the check page can link to the thing to fix.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .content_kinds import BY_KEY, KINDS, edit_url
from .document import Problem, deadline_rules, parse_date
from .editions import PublishedEdition
from .languages import language_codes, pick
from .paths import resolve_path
from .validation import validate_document

# The kinds by their list in the document; steps are found inside stages.
SECTION_KINDS = {**{kind.section: kind.key for kind in KINDS if kind.section}, "steps": "step"}
_INDEXED = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?:\.steps\[(?P<step>\d+)\])?")
_NAMED = re.compile(r"^(?P<section>[a-z_]+)\.(?P<slug>[a-z0-9-]+)")


@dataclass(frozen=True)
class Finding:
    """One problem: a stable code, a plain-language message, and the object it is about."""

    code: str
    message: str
    kind: str = ""
    slug: str = ""
    label: str = ""
    where: str = ""

    @property
    def edit_url(self) -> str:
        return edit_url(self.kind, self.slug)

    def as_problem(self) -> Problem:
        return Problem(self.where, self.message)


@dataclass
class CheckReport:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        return not self.errors

    def codes(self) -> set[str]:
        return {f.code for f in self.errors + self.warnings}


def _label(kind: str, item: Any, lang: str) -> str:
    """An item's name (the field that names its kind), or its slug."""
    if not isinstance(item, dict):
        return ""
    name_field = BY_KEY[kind].name_field if kind in BY_KEY else ""
    return (
        pick(item.get(name_field), lang)
        if name_field and item.get(name_field)
        else str(item.get("slug") or "")
    )


def _status(item: dict, *, optional: bool = False) -> str:
    """A claim's verification status in a document (no source: not verified, or none where optional)."""
    source = item.get("source")
    if isinstance(source, dict) and source.get("status"):
        return source["status"]
    return "" if optional else "unverified"


def _list(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _steps(document: dict) -> list[dict]:
    return [step for stage in _list(document.get("stages")) for step in _list(stage.get("steps"))]


class _Checker:
    def __init__(self, document: Any):
        self.original = document
        self.document = document if isinstance(document, dict) else {}
        self.lang = translation.get_language() or "bg"
        self.report = CheckReport()

    def finding(self, code: str, message: str, kind: str, item: Any, where: str = "") -> Finding:
        slug = item.get("slug") if isinstance(item, dict) and isinstance(item.get("slug"), str) else ""
        section = {v: k for k, v in SECTION_KINDS.items()}.get(kind, kind)
        return Finding(
            code=code,
            message=message,
            kind=kind,
            slug=slug,
            label=_label(kind, item, self.lang),
            where=where or (f"{section}.{slug}" if slug else section),
        )

    def error(self, *args, **kwargs) -> None:
        self.report.errors.append(self.finding(*args, **kwargs))

    def warning(self, *args, **kwargs) -> None:
        self.report.warnings.append(self.finding(*args, **kwargs))

    # structure (roadmap.document.validate_document), located and classified

    def _locate(self, where: str) -> tuple[str, Any]:
        match = _INDEXED.match(where)
        if match:
            items = _list(self.document.get(match["section"]))
            index = int(match["index"])
            item = items[index] if index < len(items) else None
            if match["step"] is not None and item is not None:
                steps = _list(item.get("steps"))
                position = int(match["step"])
                return "step", steps[position] if position < len(steps) else None
            return SECTION_KINDS.get(match["section"], ""), item
        match = _NAMED.match(where)
        if match and match["section"] in SECTION_KINDS:
            kind = SECTION_KINDS[match["section"]]
            pool = _steps(self.document) if kind == "step" else _list(self.document.get(match["section"]))
            return kind, next((i for i in pool if i.get("slug") == match["slug"]), {"slug": match["slug"]})
        return "", None

    def structure(self) -> bool:
        problems = validate_document(self.original)
        too_few, no_target = (
            _("A decision needs at least two options."),
            _("The option leads nowhere: choose the step it leads to."),
        )
        missing_bg = {_("The Bulgarian text is required."), _("This text is required.")}
        for problem in problems:
            if problem.message == too_few:
                code = "decision_options"
            elif problem.message == no_target:
                code = "option_target"
            elif problem.message in missing_bg:
                code = "missing_bg"
            else:
                code = "structure"
            kind, item = self._locate(problem.where)
            self.error(code, problem.message, kind, item or {}, where=problem.where)
        return not problems

    # the pathway as a graph

    def graph(self) -> None:
        steps = _steps(self.document)
        by_slug = {s["slug"]: s for s in steps if isinstance(s.get("slug"), str)}

        def targets(step: dict) -> list[str]:
            found = [step.get("next")] + [o.get("target") for o in _list(step.get("options"))]
            return [t for t in found if isinstance(t, str) and t in by_slug]

        for step in steps:
            if step.get("kind") == "action" and not step.get("next"):
                self.error(
                    "dead_end",
                    _("This action leads nowhere: give it a next step or make it an outcome."),
                    "step",
                    step,
                )
            responsibilities = _list(step.get("responsibilities"))
            if not any(r.get("role") == "leads" for r in responsibilities):
                self.error("no_lead", _("No institution leads this step."), "step", step)
            for resp in responsibilities:
                duty = resp.get("duty")
                if isinstance(duty, dict) and any(duty.values()) and not (duty.get("bg") or "").strip():
                    self.error("missing_bg", _("A duty at this step has no Bulgarian text."), "step", step)
                    break
        start = next((s["slug"] for s in steps if s.get("start") and s.get("slug") in by_slug), None)
        if start is not None:
            reached, queue = {start}, deque([start])
            while queue:
                for target in targets(by_slug[queue.popleft()]):
                    if target not in reached:
                        reached.add(target)
                        queue.append(target)
            for step in steps:
                if step.get("slug") in by_slug and step["slug"] not in reached:
                    self.error("unreachable", _("No path from the start reaches this step."), "step", step)
        # Steps from which no end can be reached are caught in a cycle. Ends are outcomes and the dead ends
        # reported above (their predecessors are fine once the dead end is fixed).
        incoming: dict[str, list[str]] = {slug: [] for slug in by_slug}
        for slug, step in by_slug.items():
            for target in targets(step):
                incoming[target].append(slug)
        ends = [slug for slug, step in by_slug.items() if step.get("kind") == "outcome" or not targets(step)]
        escapes, queue = set(ends), deque(ends)
        while queue:
            for source in incoming[queue.popleft()]:
                if source not in escapes:
                    escapes.add(source)
                    queue.append(source)
        for slug, step in by_slug.items():
            if slug not in escapes:
                self.error(
                    "cycle",
                    _(
                        "From this step the pathway goes round in a circle: no outcome can be "
                        "reached. Give one of the steps of the circle a way out."
                    ),
                    "step",
                    step,
                )

    def contacts(self) -> None:
        for item in _list(self.document.get("institutions")):
            has_contacts = any(item.get(key) for key in ("phone", "email", "address")) or any(
                any(office.get(key) for key in ("phone", "email", "address"))
                for office in _list(item.get("offices"))
            )
            if has_contacts and not (item.get("contacts_source") or {}).get("url"):
                self.error(
                    "contacts_unsourced",
                    _(
                        "The contacts have no source: give the public page they come "
                        "from, or remove them. Never publish a number nobody published."
                    ),
                    "institution",
                    item,
                )

    def scenarios(self) -> None:
        if not self.document.get("scenarios"):
            return

        edition = PublishedEdition(0, timezone.now(), "", self.document).localized(self.lang)
        raw = {s.get("slug"): s for s in _list(self.document.get("scenarios"))}
        for scenario in edition.scenarios:
            path = resolve_path(edition, scenario.answers)
            item = raw.get(scenario.slug, {"slug": scenario.slug})
            for message in path.errors:
                self.error("scenario", message, "scenario", item)
            if not path.complete:
                stop = path.pending or path.steps[-1]
                self.error(
                    "scenario",
                    _("The scenario stops at “%(title)s” and no longer reaches an outcome.")
                    % {"title": stop.title},
                    "scenario",
                    item,
                )

    # warnings

    def warnings(self) -> None:
        doc = self.document
        english = "en" in language_codes()
        groups = [(kind.key, _list(doc.get(kind.section))) for kind in KINDS if kind.section]
        groups.append(("step", _steps(doc)))
        if english:
            for kind, items in groups:
                for item in items:
                    missing = sorted(field_label(path) for path in _missing_english(item))
                    if missing:
                        self.warning(
                            "missing_en",
                            _("English text missing: %(fields)s.") % {"fields": ", ".join(missing)},
                            kind,
                            item,
                        )
        for step in _steps(doc):
            if step.get("kind") in ("action", "decision") and not step.get("legal_references"):
                self.warning("no_legal_basis", _("No legal basis is given for this step."), "step", step)
            if step.get("kind") == "action" and not deadline_rules(step):
                self.warning("no_deadline", _("This action has no deadline."), "step", step)
        self.verification()
        for item in _list(doc.get("legal_acts")):
            if not item.get("url") and not item.get("celex"):
                self.warning(
                    "no_act_link",
                    _("This act has no link to an official or authoritative full text."),
                    "legal_act",
                    item,
                )
        for item in _list(doc.get("institutions")):
            if not any(item.get(key) for key in ("website", "phone", "email", "address", "offices")):
                self.warning(
                    "no_contacts",
                    _("This institution has no contacts (website, phone, e-mail or address)."),
                    "institution",
                    item,
                )

    def verification(self) -> None:
        """Safety-critical steps whose legal basis, deadlines or duties are not verified; reviews overdue."""
        references = {r.get("slug"): r for r in _list(self.document.get("legal_references"))}
        today = timezone.localdate()
        for step in _steps(self.document):
            try:
                review_by = parse_date(step.get("review_by"))
            except ValueError:
                review_by = None
            if review_by is not None and review_by < today:
                self.warning(
                    "review_overdue",
                    _("The review of this step was due on %(date)s.")
                    % {"date": review_by.strftime("%d.%m.%Y")},
                    "step",
                    step,
                )
            if not step.get("safety_critical"):
                continue
            claims = []
            for slug in step.get("legal_references") or []:
                reference = references.get(slug)
                if isinstance(reference, dict) and _status(reference) == "unverified":
                    claims.append(pick(reference.get("provision"), self.lang) or slug)
            for rule in deadline_rules(step):
                if _status(rule) == "unverified":
                    claims.append(_("a deadline"))
            for resp in _list(step.get("responsibilities")):
                if _status(resp, optional=True) == "unverified":
                    claims.append(_("the duty of %(institution)s") % {"institution": resp.get("institution")})
            if claims:
                self.warning(
                    "unverified_critical",
                    _("Safety-critical step with claims not verified: %(claims)s.")
                    % {"claims": ", ".join(claims)},
                    "step",
                    step,
                )

    def run(self) -> CheckReport:
        sound = self.structure()
        if isinstance(self.document.get("stages"), list):
            self.graph()
        self.contacts()
        if sound and not self.report.errors:
            self.scenarios()
        self.warnings()
        return self.report


# The document's text keys named as the editing forms name them (the models' verbose names).
FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "summary": gettext_lazy("summary"),
    "body": gettext_lazy("what to do"),
    "question": gettext_lazy("question"),
    "why_we_ask": gettext_lazy("why we ask"),
    "warnings": gettext_lazy("warnings"),
    "child_notes": gettext_lazy("talking with the child"),
    "deadline": gettext_lazy("deadline"),
    "event": gettext_lazy("deadline counted from"),
    "note": gettext_lazy("deadline note"),
    "options": gettext_lazy("answers"),
    "label": gettext_lazy("answer"),
    "help": gettext_lazy("explanation"),
    "responsibilities": gettext_lazy("responsibilities"),
    "duty": gettext_lazy("what exactly it does"),
    "name": gettext_lazy("name"),
    "acronym": gettext_lazy("acronym"),
    "description": gettext_lazy("description"),
    "address": gettext_lazy("address"),
    "offices": gettext_lazy("regional offices"),
    "short_name": gettext_lazy("short name"),
    "provision": gettext_lazy("provision"),
    "term": gettext_lazy("term"),
    "expansion": gettext_lazy("full form"),
    "definition": gettext_lazy("explanation"),
    "audience": gettext_lazy("who meets this case"),
    "deadlines": gettext_lazy("deadlines"),
    "expiry": gettext_lazy("when it passes"),
    "source": gettext_lazy("source"),
}
# Keys whose meaning depends on what they belong to.
SOURCE_LABELS = {"title": gettext_lazy("source title"), "note": gettext_lazy("what is not verified and why")}


def field_label(path: str) -> str:
    """ "options.label" → "answers → answer", in the active language."""
    parts = path.split(".")
    labels = [
        str(SOURCE_LABELS[part])
        if index and parts[index - 1] == "source" and part in SOURCE_LABELS
        else str(FIELD_LABELS.get(part, part))
        for index, part in enumerate(parts)
    ]
    return " → ".join(labels)


def _missing_english(item: dict, prefix: str = "") -> set[str]:
    """Names of the texts of an item (and its options, duties, deadline) with Bulgarian but no English."""
    missing = set()
    for key, value in item.items():
        if key in ("steps", "answers"):
            continue
        if isinstance(value, dict) and "bg" in value and not isinstance(value.get("bg"), dict):
            if (value.get("bg") or "").strip() and not (value.get("en") or "").strip():
                missing.add(f"{prefix}{key}")
        elif isinstance(value, dict):
            missing |= _missing_english(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    missing |= _missing_english(entry, f"{prefix}{key}.")
    return missing


def pathway_check(document: dict[str, Any]) -> CheckReport:
    """Check a roadmap document: errors (block publishing) and warnings (shown, do not block)."""
    return _Checker(document).run()
