"""Writes to the roadmap: importing the working copy, and publishing it as an edition."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .document import DocumentError, Problem, deadline_rules, parse_date, step_order
from .languages import language_codes
from .models import (
    DeadlineRule,
    Document,
    Edition,
    GlossaryTerm,
    Institution,
    LegalAct,
    LegalReference,
    LegalRegime,
    RegionalOffice,
    Responsibility,
    Scenario,
    Stage,
    Step,
    Transition,
)
from .validation import validate_document


def _translated(value: Any) -> dict[str, str]:
    """Spread a document text into modeltranslation columns (`{bg: …}` → title_bg=…, title_en="")."""
    if value is None:
        value = {}
    elif isinstance(value, str):
        value = {"bg": value}
    return {lang: (value.get(lang) or "").strip() for lang in language_codes()}


def _columns(field: str, value: Any) -> dict[str, str]:
    return {f"{field}_{lang}": text for lang, text in _translated(value).items()}


def _source_columns(source: Any, *, optional: bool = False) -> dict[str, Any]:
    """A document's `source` mapping as the columns of a Verifiable model. Without a source a claim is
    "not verified" (or, where the status is optional, makes no claim of its own)."""
    source = source if isinstance(source, dict) else {}
    status = source.get("status") or ("" if optional else "unverified")
    return {
        "verification": status,
        "source_kind": source.get("kind") or ("official" if status == "verified" else ""),
        "source_url": source.get("url") or "",
        "checked_on": parse_date(source.get("checked")),
        **_columns("source_title", source.get("title")),
        **_columns("verification_note", source.get("note")),
    }


def pathway_problems(document: dict[str, Any]) -> list[Problem]:
    """What makes a document unpublishable: the errors of the pathway check (roadmap.checks)."""
    from .checks import pathway_check

    return [finding.as_problem() for finding in pathway_check(document).errors]


@transaction.atomic
def content_import(*, document: dict[str, Any], actor: AbstractBaseUser | None = None,
                   reason: str = "") -> dict[str, int]:
    """Replace the whole working copy with a document; refused whole (nothing written) if invalid.

    The audit trail gets a "created" record per imported object, attributed to `actor` (or the signed-in
    user of the request), so that later edits have a starting point to be compared with."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    with translation.override("bg"):
        _clear_working_copy()
        counts = _write(document)
        _record_import_history(actor=actor, reason=reason)
    return counts


def _record_import_history(*, actor: AbstractBaseUser | None, reason: str) -> None:
    # bulk_create bypasses django-simple-history's signals: write the "created" records ourselves.
    user = actor if actor is not None and actor.is_authenticated else None
    for model in (LegalRegime, Institution, RegionalOffice, LegalAct, LegalReference, Document, GlossaryTerm,
                  Stage, Step, Transition, DeadlineRule, Responsibility, Scenario):
        model.history.bulk_history_create(list(model.objects.all()), default_user=user,
                                          default_change_reason=reason)


def _clear_working_copy() -> None:
    Scenario.objects.all().delete()
    DeadlineRule.objects.all().delete()
    Responsibility.objects.all().delete()
    Transition.objects.all().delete()
    Step.legal_references.through.objects.all().delete()
    Step.documents.through.objects.all().delete()
    Step.objects.all().delete()
    Stage.objects.all().delete()
    LegalReference.objects.all().delete()
    LegalRegime.objects.all().delete()
    LegalAct.objects.all().delete()
    Document.objects.all().delete()
    GlossaryTerm.objects.all().delete()
    RegionalOffice.objects.all().delete()
    Institution.objects.update(parent=None)
    Institution.objects.all().delete()


def _write(document: dict[str, Any]) -> dict[str, int]:
    LegalRegime.objects.bulk_create(
        LegalRegime(slug=item["slug"], topic=item["topic"], decided_by=item.get("decided_by") or "registered",
                    valid_from=parse_date(item.get("from")), valid_until=parse_date(item.get("until")),
                    **_columns("title", item.get("title")), **_columns("description", item.get("description")),
                    **_source_columns(item.get("source")))
        for item in document.get("regimes") or []
    )
    regimes = {r.slug: r for r in LegalRegime.objects.all()}
    institutions = {}
    for item in document.get("institutions") or []:
        contacts_source = item.get("contacts_source") or {}
        institutions[item["slug"]] = Institution(
            slug=item["slug"],
            kind=item["kind"],
            website=item.get("website") or "",
            phone=item.get("phone") or "",
            email=item.get("email") or "",
            is_hotline=bool(item.get("hotline")),
            contacts_source_url=contacts_source.get("url") or "",
            contacts_checked_on=parse_date(contacts_source.get("checked")),
            **_columns("name", item.get("name")),
            **_columns("acronym", item.get("acronym")),
            **_columns("description", item.get("description")),
            **_columns("address", item.get("address")),
            **_source_columns(item.get("source"), optional=True),
        )
    Institution.objects.bulk_create(institutions.values())
    institutions = {i.slug: i for i in Institution.objects.all()}
    with_parent = []
    for item in document.get("institutions") or []:
        if item.get("parent"):
            institution = institutions[item["slug"]]
            institution.parent = institutions[item["parent"]]
            with_parent.append(institution)
    Institution.objects.bulk_update(with_parent, ["parent"])
    RegionalOffice.objects.bulk_create(
        RegionalOffice(
            institution=institutions[item["slug"]],
            region=office["region"],
            phone=office.get("phone") or "",
            email=office.get("email") or "",
            **_columns("name", office.get("name")),
            **_columns("address", office.get("address")),
        )
        for item in document.get("institutions") or []
        for office in item.get("offices") or []
    )

    LegalAct.objects.bulk_create(
        LegalAct(slug=item["slug"], url=item.get("url") or "", celex=item.get("celex") or "",
                 **_columns("short_name", item.get("short_name")),
                 **_columns("title", item.get("title")))
        for item in document.get("legal_acts") or []
    )
    acts = {a.slug: a for a in LegalAct.objects.all()}
    LegalReference.objects.bulk_create(
        LegalReference(slug=item["slug"], act=acts[item["act"]], url=item.get("url") or "",
                       regime=regimes.get(item.get("regime")),
                       **_columns("provision", item.get("provision")), **_columns("summary", item.get("summary")),
                       **_source_columns(item.get("source")))
        for item in document.get("legal_references") or []
    )
    Document.objects.bulk_create(
        Document(slug=item["slug"], url=item.get("url") or "", **_columns("title", item.get("title")),
                 **_columns("description", item.get("description")))
        for item in document.get("documents") or []
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(slug=item["slug"], **_columns("term", item.get("term")),
                     **_columns("expansion", item.get("expansion")), **_columns("definition", item.get("definition")),
                     **_source_columns(item.get("source"), optional=True))
        for item in document.get("glossary") or []
    )

    Stage.objects.bulk_create(
        Stage(slug=item["slug"], position=position, **_columns("title", item.get("title")),
              **_columns("summary", item.get("summary")))
        for position, item in enumerate(document.get("stages") or [], start=1)
    )
    stages = {s.slug: s for s in Stage.objects.all()}
    new_steps = []
    for stage_item in document.get("stages") or []:
        for position, item in enumerate(stage_item.get("steps") or [], start=1):
            new_steps.append(Step(
                stage=stages[stage_item["slug"]],
                slug=item["slug"],
                position=position,
                kind=item["kind"],
                is_start=bool(item.get("start")),
                owner=institutions.get(item.get("owner")),
                review_by=parse_date(item.get("review_by")),
                safety_critical=bool(item.get("safety_critical")),
                **_columns("title", item.get("title")),
                **_columns("summary", item.get("summary")),
                **_columns("body", item.get("body")),
                **_columns("question", item.get("question")),
                **_columns("why_we_ask", item.get("why_we_ask")),
                **_columns("warnings", item.get("warnings")),
                **_columns("child_notes", item.get("child_notes")),
            ))
    Step.objects.bulk_create(new_steps)
    steps = {s.slug: s for s in Step.objects.all()}
    references = {r.slug: r for r in LegalReference.objects.all()}
    documents = {d.slug: d for d in Document.objects.all()}

    transitions, responsibilities, rules, step_refs, step_docs = [], [], [], [], []
    for item in step_order(document):
        step = steps[item["slug"]]
        for position, rule in enumerate(deadline_rules(item), start=1):
            rules.append(DeadlineRule(
                step=step, position=position, unit=rule["unit"],
                amount=None if rule["unit"] == "immediately" else rule.get("amount"),
                # Older documents named no start event: no due date is computed for such a rule.
                start=rule.get("start") or "other", regime=regimes.get(rule.get("regime")),
                when=rule.get("when") or "",
                **_columns("event", rule.get("event")), **_columns("note", rule.get("note")),
                **_columns("expiry", rule.get("expiry")), **_source_columns(rule.get("source")),
            ))
        if item.get("next"):
            transitions.append(Transition(source=step, target=steps[item["next"]], position=1))
        for position, option in enumerate(item.get("options") or [], start=1):
            transitions.append(Transition(
                source=step, target=steps[option["target"]], position=position, key=option.get("key") or "",
                **_columns("label", option.get("label")), **_columns("help_text", option.get("help")),
            ))
        for position, resp in enumerate(item.get("responsibilities") or [], start=1):
            responsibilities.append(Responsibility(
                step=step, institution=institutions[resp["institution"]], role=resp["role"], position=position,
                **_columns("duty", resp.get("duty")), **_source_columns(resp.get("source"), optional=True),
            ))
        step_refs += [Step.legal_references.through(step=step, legalreference=references[slug])
                      for slug in item.get("legal_references") or []]
        step_docs += [Step.documents.through(step=step, document=documents[slug])
                      for slug in item.get("documents") or []]
    Scenario.objects.bulk_create(
        Scenario(slug=item["slug"], position=position, answers=dict(item["answers"]),
                 **_columns("name", item.get("name")), **_columns("description", item.get("description")),
                 **_columns("audience", item.get("audience")))
        for position, item in enumerate(document.get("scenarios") or [], start=1)
    )
    Transition.objects.bulk_create(transitions)
    DeadlineRule.objects.bulk_create(rules)
    Responsibility.objects.bulk_create(responsibilities)
    Step.legal_references.through.objects.bulk_create(step_refs, ignore_conflicts=True)
    Step.documents.through.objects.bulk_create(step_docs, ignore_conflicts=True)
    return {
        "stages": len(stages),
        "steps": len(steps),
        "decisions": sum(1 for s in steps.values() if s.kind == Step.Kind.DECISION),
        "institutions": len(institutions),
        "legal_references": len(references),
        "documents": len(documents),
        "glossary": len(document.get("glossary") or []),
        "responsibilities": len(responsibilities),
        "scenarios": len(document.get("scenarios") or []),
        "regimes": len(regimes),
        "deadline_rules": len(rules),
    }


def _text(obj: Any, field: str) -> dict[str, str]:
    values = {lang: getattr(obj, f"{field}_{lang}") or "" for lang in language_codes()}
    return {lang: text for lang, text in values.items() if text}


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}


def _source(obj: Any) -> dict[str, Any] | None:
    """A Verifiable's source as a document mapping; None when it states nothing (an optional status)."""
    source = _compact({
        "status": obj.verification, "kind": obj.source_kind, "url": obj.source_url,
        "title": _text(obj, "source_title"),
        "checked": obj.checked_on.isoformat() if obj.checked_on else None,
        "note": _text(obj, "verification_note"),
    })
    return source or None


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def content_export() -> dict[str, Any]:
    """The whole working copy as a roadmap document (all languages), in a fixed number of queries."""
    regimes = [
        _compact({"slug": r.slug, "topic": r.topic, "title": _text(r, "title"),
                  "description": _text(r, "description"), "decided_by": r.decided_by,
                  "from": _date(r.valid_from), "until": _date(r.valid_until), "source": _source(r)})
        for r in LegalRegime.objects.order_by("topic", F("valid_from").asc(nulls_first=True), "slug")
    ]
    offices: dict[int, list[RegionalOffice]] = {}
    for office in RegionalOffice.objects.order_by("region", "name_bg"):
        offices.setdefault(office.institution_id, []).append(office)
    institutions = [
        _compact({
            "slug": i.slug, "kind": i.kind, "parent": i.parent.slug if i.parent_id else None,
            "name": _text(i, "name"), "acronym": _text(i, "acronym"), "description": _text(i, "description"),
            "website": i.website, "phone": i.phone, "email": i.email, "address": _text(i, "address"),
            "contacts_source": _compact({"url": i.contacts_source_url, "checked": _date(i.contacts_checked_on)}),
            "hotline": True if i.is_hotline else None, "source": _source(i),
            "offices": [
                _compact({"region": o.region, "name": _text(o, "name"), "address": _text(o, "address"),
                          "phone": o.phone, "email": o.email})
                for o in offices.get(i.pk, [])
            ],
        })
        for i in Institution.objects.select_related("parent").order_by("slug")
    ]
    legal_acts = [
        _compact({"slug": a.slug, "short_name": _text(a, "short_name"), "title": _text(a, "title"), "url": a.url,
                  "celex": a.celex})
        for a in LegalAct.objects.order_by("slug")
    ]
    legal_references = [
        _compact({"slug": r.slug, "act": r.act.slug, "provision": _text(r, "provision"),
                  "summary": _text(r, "summary"), "url": r.url, "regime": r.regime.slug if r.regime_id else None,
                  "source": _source(r)})
        for r in LegalReference.objects.select_related("act", "regime").order_by("act__slug", "slug")
    ]
    documents = [
        _compact({"slug": d.slug, "title": _text(d, "title"), "description": _text(d, "description"), "url": d.url})
        for d in Document.objects.order_by("slug")
    ]
    glossary = [
        _compact({"slug": t.slug, "term": _text(t, "term"), "expansion": _text(t, "expansion"),
                  "definition": _text(t, "definition"), "source": _source(t)})
        for t in GlossaryTerm.objects.order_by("slug")
    ]

    transitions: dict[int, list[Transition]] = {}
    # Retired steps stay in the working copy but are left out of editions, with their edges and duties.
    for transition in (Transition.objects.select_related("target").filter(source__retired=False)
                       .exclude(target__retired=True).order_by("source_id", "position")):
        transitions.setdefault(transition.source_id, []).append(transition)
    responsibilities: dict[int, list[Responsibility]] = {}
    for resp in (Responsibility.objects.select_related("institution").filter(step__retired=False)
                 .order_by("step_id", "position", "id")):
        responsibilities.setdefault(resp.step_id, []).append(resp)
    rules: dict[int, list[DeadlineRule]] = {}
    for rule in DeadlineRule.objects.select_related("regime").filter(step__retired=False).order_by("step_id",
                                                                                                   "position"):
        rules.setdefault(rule.step_id, []).append(rule)
    step_refs: dict[int, list[str]] = {}
    for step_id, slug in Step.legal_references.through.objects.order_by("id").values_list(
            "step_id", "legalreference__slug"):
        step_refs.setdefault(step_id, []).append(slug)
    step_docs: dict[int, list[str]] = {}
    for step_id, slug in Step.documents.through.objects.order_by("id").values_list("step_id", "document__slug"):
        step_docs.setdefault(step_id, []).append(slug)
    steps_by_stage: dict[int, list[dict[str, Any]]] = {}
    for step in Step.objects.filter(retired=False).select_related("owner").order_by("stage_id", "position"):
        outgoing = transitions.get(step.pk, [])
        item = {
            "slug": step.slug, "kind": step.kind, "start": True if step.is_start else None,
            "title": _text(step, "title"), "summary": _text(step, "summary"), "body": _text(step, "body"),
            "question": _text(step, "question"), "why_we_ask": _text(step, "why_we_ask"),
            "warnings": _text(step, "warnings"), "child_notes": _text(step, "child_notes"),
            "legal_references": step_refs.get(step.pk, []), "documents": step_docs.get(step.pk, []),
            "responsibilities": [
                _compact({"institution": r.institution.slug, "role": r.role, "duty": _text(r, "duty"),
                          "source": _source(r)})
                for r in responsibilities.get(step.pk, [])
            ],
            "deadlines": [
                _compact({"unit": rule.unit, "amount": rule.amount, "start": rule.start,
                          "event": _text(rule, "event"), "note": _text(rule, "note"),
                          "expiry": _text(rule, "expiry"), "regime": rule.regime.slug if rule.regime_id else None,
                          "when": rule.when, "source": _source(rule)})
                for rule in rules.get(step.pk, [])
            ],
            "owner": step.owner.slug if step.owner_id else None, "review_by": _date(step.review_by),
            "safety_critical": True if step.safety_critical else None,
        }
        if step.kind == Step.Kind.DECISION:
            item["options"] = [
                _compact({"key": t.key, "label": _text(t, "label"), "help": _text(t, "help_text"),
                          "target": t.target.slug if t.target_id else None})
                for t in outgoing
            ]
        elif outgoing and outgoing[0].target_id:
            item["next"] = outgoing[0].target.slug
        steps_by_stage.setdefault(step.stage_id, []).append(_compact(item))
    stages = [
        _compact({"slug": s.slug, "title": _text(s, "title"), "summary": _text(s, "summary"),
                  "steps": steps_by_stage.get(s.pk, [])})
        for s in Stage.objects.order_by("position")
    ]
    scenarios = [
        _compact({"slug": s.slug, "name": _text(s, "name"), "description": _text(s, "description"),
                  "audience": _text(s, "audience"), "answers": s.answers})
        for s in Scenario.objects.order_by("position", "slug")
    ]
    return {
        "regimes": regimes,
        "scenarios": scenarios,
        "institutions": institutions,
        "legal_acts": legal_acts,
        "legal_references": legal_references,
        "documents": documents,
        "glossary": glossary,
        "stages": stages,
    }


def edition_publish(*, actor: AbstractBaseUser | None = None, note: str | dict[str, str] = "") -> Edition:
    """Freeze the working copy as edition N+1; refused (DocumentError) while the pathway has errors."""
    document = content_export()
    problems = pathway_problems(document)
    if problems:
        raise DocumentError(problems)
    return _new_edition(document=document, actor=actor, note=note)


def _new_edition(*, document: dict[str, Any], actor: AbstractBaseUser | None,
                 note: str | dict[str, str]) -> Edition:
    notes = _translated(note)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                number = (Edition.objects.latest_number() or 0) + 1
                return Edition.objects.create(
                    number=number,
                    published_at=timezone.now(),
                    published_by=actor if actor is not None and actor.is_authenticated else None,
                    note=notes["bg"], **{f"note_{lang}": text for lang, text in notes.items()},
                    content=document,
                )
        except IntegrityError:
            # Two coordinators published at the same moment: take the next number.
            continue
    raise RuntimeError("Could not allocate an edition number.")


class EditionNotFound(Exception):
    pass


@transaction.atomic
def edition_rollback(*, number: int, actor: AbstractBaseUser | None = None, reason: str = "") -> Edition:
    """Republish edition `number`'s content as edition N+1 and load it into the working copy, together.

    History is never rewritten: the old edition stays, the new one says it is a roll-back.
    """
    old = Edition.objects.filter(number=number).values("content").first()
    if old is None:
        raise EditionNotFound(number)
    content_import(document=old["content"])
    notes = {}
    for lang in language_codes():
        with translation.override(lang):
            notes[lang] = _("Roll-back to edition %(number)d: %(reason)s") % {"number": number, "reason": reason}
    return _new_edition(document=old["content"], actor=actor, note=notes)
