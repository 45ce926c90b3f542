"""The working copy as a whole: replaced by a roadmap document (import), written out as one (export).

Which document key goes to which column is each kind's `fields` (roadmap.content_kinds); this module
adds the structure: positions, the parts inside stages, steps and institutions, and links by slug.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils import translation

from ..content_kinds import BY_KEY, KINDS, ContentKind
from ..document import DocumentError, deadline_rules, parse_date, step_order
from ..languages import language_codes
from ..models import (
    DeadlineRule,
    Document,
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
from ..validation import validate_document

Refs = dict[str, dict[str, models.Model]]  # kind key → slug → saved record


def translated(value: Any) -> dict[str, str]:
    """A document text in every language (`{bg: …}` or a plain Bulgarian string → {"bg": …, "en": ""})."""
    if value is None:
        value = {}
    elif isinstance(value, str):
        value = {"bg": value}
    return {lang: (value.get(lang) or "").strip() for lang in language_codes()}


def _text_columns(field: str, value: Any) -> dict[str, str]:
    return {f"{field}_{lang}": text for lang, text in translated(value).items()}


def _source_columns(source: Any, *, optional: bool) -> dict[str, Any]:
    """A document's `source` mapping as the columns of a Verifiable model. Without a source a claim is
    "not verified" (or, where the status is optional, makes no claim of its own)."""
    source = source if isinstance(source, dict) else {}
    status = source.get("status") or ("" if optional else "unverified")
    return {
        "verification": status,
        "source_kind": source.get("kind") or ("official" if status == "verified" else ""),
        "source_url": source.get("url") or "",
        "checked_on": parse_date(source.get("checked")),
        **_text_columns("source_title", source.get("title")),
        **_text_columns("verification_note", source.get("note")),
    }


def columns(kind: ContentKind, item: dict[str, Any], refs: Refs) -> dict[str, Any]:
    """A document item's values as keyword arguments of its kind's model."""
    values: dict[str, Any] = {}
    for doc_field in kind.fields:
        value = item.get(doc_field.key)
        if doc_field.type == "text":
            values.update(_text_columns(doc_field.column, value))
        elif doc_field.type in ("source", "optional_source"):
            values.update(_source_columns(value, optional=doc_field.type == "optional_source"))
        elif doc_field.type == "ref":
            values[doc_field.column] = refs.get(doc_field.ref_kind, {}).get(value) if value else None
        elif doc_field.type == "date":
            values[doc_field.column] = parse_date(value)
        elif doc_field.type == "flag":
            values[doc_field.column] = bool(value)
        elif value not in (None, ""):
            values[doc_field.column] = value
        elif doc_field.default is not None:
            values[doc_field.column] = doc_field.default
        else:
            values[doc_field.column] = kind.model._meta.get_field(doc_field.column).get_default()
    return values


class WorkingCopyChanged(Exception):
    """The working copy is no longer the one an import was previewed against."""


def working_copy_digest(document: dict[str, Any] | None = None) -> str:
    """A fingerprint of the working copy's content (or of `document`, an export of it): any saved change
    to the working copy changes it."""
    document = content_export() if document is None else document
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def content_import(
    *,
    document: dict[str, Any],
    actor: AbstractBaseUser | None = None,
    reason: str = "",
    expected_digest: str | None = None,
) -> dict[str, int]:
    """Replace the whole working copy with a document; refused whole (nothing written) if invalid, or
    (WorkingCopyChanged) when `expected_digest` is given and the working copy changed since.

    The audit trail gets a "created" record per imported object, attributed to `actor` (or the signed-in
    user of the request), so that later edits have a starting point to be compared with."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    # Inside the transaction (on SQLite an IMMEDIATE one, so no other write comes in between): a
    # coordinator who previewed the import must not wipe out edits saved after that preview.
    if expected_digest is not None and working_copy_digest() != expected_digest:
        raise WorkingCopyChanged
    with translation.override("bg"):
        _clear_working_copy()
        counts = _write(document)
        user = actor if actor is not None and actor.is_authenticated else None
        # bulk_create bypasses django-simple-history's signals: write the "created" records here.
        for kind in KINDS:
            kind.model.history.bulk_history_create(
                list(kind.model.objects.all()), default_user=user, default_change_reason=reason
            )
    return counts


def _clear_working_copy() -> None:
    Institution.objects.update(parent=None)
    for kind in reversed(KINDS):  # parts before what they belong to, what cites before what is cited
        kind.model.objects.all().delete()


def _create(kind: ContentKind, items: Iterable[dict[str, Any]], refs: Refs, **extra: Any) -> dict[str, Any]:
    """Create the items of a top-level kind (positions in document order where the model has them)."""
    has_position = any(f.name == "position" for f in kind.model._meta.fields)
    kind.model.objects.bulk_create(
        kind.model(**columns(kind, item, refs), **({"position": n} if has_position else {}), **extra)
        for n, item in enumerate(items, start=1)
    )
    refs[kind.key] = {obj.slug: obj for obj in kind.model.objects.all()}
    return refs[kind.key]


def _write(document: dict[str, Any]) -> dict[str, int]:
    refs: Refs = {}
    section = {kind.key: document.get(kind.section) or [] for kind in KINDS if kind.section}
    _create(BY_KEY["regime"], section["regime"], refs)
    _write_institutions(section["institution"], refs)
    for key in ("legal_act", "legal_reference", "document", "term", "stage"):
        _create(BY_KEY[key], section[key], refs)
    stage_kind, steps = BY_KEY["step"], []
    for stage_item in section["stage"]:
        stage = refs["stage"][stage_item["slug"]]
        steps += [
            Step(stage=stage, position=n, **columns(stage_kind, item, refs))
            for n, item in enumerate(stage_item.get("steps") or [], start=1)
        ]
    Step.objects.bulk_create(steps)
    refs["step"] = {s.slug: s for s in Step.objects.all()}
    parts = _write_step_parts(document, refs)
    _create(BY_KEY["scenario"], section["scenario"], refs)
    steps_by_slug = refs["step"]
    return {
        "stages": len(refs["stage"]),
        "steps": len(steps_by_slug),
        "decisions": sum(1 for s in steps_by_slug.values() if s.kind == Step.Kind.DECISION),
        "institutions": len(refs["institution"]),
        "legal_references": len(refs["legal_reference"]),
        "documents": len(refs["document"]),
        "glossary": len(refs["term"]),
        "responsibilities": parts["responsibility"],
        "scenarios": len(refs["scenario"]),
        "regimes": len(refs["regime"]),
        "deadline_rules": parts["deadline"],
    }


def _write_institutions(items: list[dict[str, Any]], refs: Refs) -> None:
    kind, office_kind = BY_KEY["institution"], BY_KEY["office"]
    Institution.objects.bulk_create(
        Institution(
            **columns(kind, item, refs),
            contacts_source_url=(item.get("contacts_source") or {}).get("url") or "",
            contacts_checked_on=parse_date((item.get("contacts_source") or {}).get("checked")),
        )
        for item in items
    )
    institutions = refs["institution"] = {i.slug: i for i in Institution.objects.all()}
    with_parent = []
    for item in items:
        if item.get("parent"):
            institutions[item["slug"]].parent = institutions[item["parent"]]
            with_parent.append(institutions[item["slug"]])
    Institution.objects.bulk_update(with_parent, ["parent"])
    RegionalOffice.objects.bulk_create(
        RegionalOffice(institution=institutions[item["slug"]], **columns(office_kind, office, refs))
        for item in items
        for office in item.get("offices") or []
    )


def _write_step_parts(document: dict[str, Any], refs: Refs) -> dict[str, int]:
    """Each step's options (or next step), deadline rules, duties, legal references and documents."""
    option, deadline, duty = BY_KEY["option"], BY_KEY["deadline"], BY_KEY["responsibility"]
    transitions, rules, duties, step_refs, step_docs = [], [], [], [], []
    for item in step_order(document):
        step = refs["step"][item["slug"]]
        for n, rule in enumerate(deadline_rules(item), start=1):  # older documents: one `deadline`
            values = columns(deadline, rule, refs)
            if rule["unit"] == "immediately":
                values["amount"] = None
            rules.append(DeadlineRule(step=step, position=n, **values))
        if item.get("next"):
            transitions.append(Transition(source=step, target=refs["step"][item["next"]], position=1))
        transitions += [
            Transition(source=step, position=n, **columns(option, o, refs))
            for n, o in enumerate(item.get("options") or [], start=1)
        ]
        duties += [
            Responsibility(step=step, position=n, **columns(duty, r, refs))
            for n, r in enumerate(item.get("responsibilities") or [], start=1)
        ]
        step_refs += [
            Step.legal_references.through(step=step, legalreference=refs["legal_reference"][slug])
            for slug in item.get("legal_references") or []
        ]
        step_docs += [
            Step.documents.through(step=step, document=refs["document"][slug])
            for slug in item.get("documents") or []
        ]
    Transition.objects.bulk_create(transitions)
    DeadlineRule.objects.bulk_create(rules)
    Responsibility.objects.bulk_create(duties)
    Step.legal_references.through.objects.bulk_create(step_refs, ignore_conflicts=True)
    Step.documents.through.objects.bulk_create(step_docs, ignore_conflicts=True)
    return {"deadline": len(rules), "responsibility": len(duties)}


# export


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}


def _texts(obj: models.Model, field: str) -> dict[str, str]:
    values = {lang: getattr(obj, f"{field}_{lang}") or "" for lang in language_codes()}
    return {lang: text for lang, text in values.items() if text}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _source(obj: models.Model) -> dict[str, Any] | None:
    """A Verifiable's source as a document mapping; None when it states nothing (an optional status)."""
    source = _compact(
        {
            "status": obj.verification,
            "kind": obj.source_kind,
            "url": obj.source_url,
            "title": _texts(obj, "source_title"),
            "checked": _date(obj.checked_on),
            "note": _texts(obj, "verification_note"),
        }
    )
    return source or None


def as_document(kind: ContentKind, obj: models.Model, **extra: Any) -> dict[str, Any]:
    """A record as a document item: the inverse of `columns` (related records must be selected)."""
    item: dict[str, Any] = {}
    for doc_field in kind.fields:
        if doc_field.type == "text":
            item[doc_field.key] = _texts(obj, doc_field.column)
        elif doc_field.type in ("source", "optional_source"):
            item[doc_field.key] = _source(obj)
        elif doc_field.type == "ref":
            related = getattr(obj, doc_field.column) if getattr(obj, f"{doc_field.column}_id") else None
            item[doc_field.key] = related.slug if related is not None else None
        elif doc_field.type == "date":
            item[doc_field.key] = _date(getattr(obj, doc_field.column))
        elif doc_field.type == "flag":
            item[doc_field.key] = True if getattr(obj, doc_field.column) else None
        else:
            item[doc_field.key] = getattr(obj, doc_field.column)
    return _compact({**item, **extra})


def _grouped(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


def content_export() -> dict[str, Any]:
    """The whole working copy as a roadmap document (all languages), in a fixed number of queries."""
    kinds = BY_KEY
    regimes = LegalRegime.objects.order_by("topic", F("valid_from").asc(nulls_first=True), "slug")
    offices = _grouped(RegionalOffice.objects.order_by("region", "name_bg"), "institution_id")
    institutions = [
        as_document(
            kinds["institution"],
            i,
            parent=i.parent.slug if i.parent_id else None,
            contacts_source=_compact({"url": i.contacts_source_url, "checked": _date(i.contacts_checked_on)}),
            offices=[as_document(kinds["office"], o) for o in offices.get(i.pk, [])],
        )
        for i in Institution.objects.select_related("parent").order_by("slug")
    ]
    references = LegalReference.objects.select_related("act", "regime").order_by("act__slug", "slug")
    return {
        "regimes": [as_document(kinds["regime"], r) for r in regimes],
        "scenarios": [
            as_document(kinds["scenario"], s) for s in Scenario.objects.order_by("position", "slug")
        ],
        "institutions": institutions,
        "legal_acts": [as_document(kinds["legal_act"], a) for a in LegalAct.objects.order_by("slug")],
        "legal_references": [as_document(kinds["legal_reference"], r) for r in references],
        "documents": [as_document(kinds["document"], d) for d in Document.objects.order_by("slug")],
        "glossary": [as_document(kinds["term"], t) for t in GlossaryTerm.objects.order_by("slug")],
        "stages": _export_stages(),
    }


def _export_stages() -> list[dict[str, Any]]:
    kinds = BY_KEY
    # Retired steps stay in the working copy but are left out of editions, with their edges and duties.
    transitions = _grouped(
        Transition.objects.select_related("target")
        .filter(source__retired=False)
        .exclude(target__retired=True)
        .order_by("source_id", "position"),
        "source_id",
    )
    duties = _grouped(
        Responsibility.objects.select_related("institution")
        .filter(step__retired=False)
        .order_by("step_id", "position", "id"),
        "step_id",
    )
    rules = _grouped(
        DeadlineRule.objects.select_related("regime")
        .filter(step__retired=False)
        .order_by("step_id", "position"),
        "step_id",
    )
    step_refs: dict[int, list[str]] = {}
    for step_id, slug in Step.legal_references.through.objects.order_by("id").values_list(
        "step_id", "legalreference__slug"
    ):
        step_refs.setdefault(step_id, []).append(slug)
    step_docs: dict[int, list[str]] = {}
    for step_id, slug in Step.documents.through.objects.order_by("id").values_list(
        "step_id", "document__slug"
    ):
        step_docs.setdefault(step_id, []).append(slug)
    steps_by_stage: dict[int, list[dict[str, Any]]] = {}
    for step in Step.objects.filter(retired=False).select_related("owner").order_by("stage_id", "position"):
        outgoing = transitions.get(step.pk, [])
        links: dict[str, Any] = {}
        if step.kind == Step.Kind.DECISION:
            links["options"] = [as_document(kinds["option"], t) for t in outgoing]
        elif outgoing and outgoing[0].target_id:
            links["next"] = outgoing[0].target.slug
        steps_by_stage.setdefault(step.stage_id, []).append(
            as_document(
                kinds["step"],
                step,
                legal_references=step_refs.get(step.pk, []),
                documents=step_docs.get(step.pk, []),
                responsibilities=[as_document(kinds["responsibility"], r) for r in duties.get(step.pk, [])],
                deadlines=[as_document(kinds["deadline"], rule) for rule in rules.get(step.pk, [])],
                **links,
            )
        )
    return [
        as_document(kinds["stage"], s, steps=steps_by_stage.get(s.pk, []))
        for s in Stage.objects.order_by("position")
    ]
