"""Reads that shape the directory and scenario management pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from roadmap.models import Document, GlossaryTerm, Institution, LegalAct, LegalReference, Responsibility, Step
from roadmap.projection import EditionInLanguage


@dataclass
class UsageRow:
    """One place that still uses an item: what to show and where to edit it (a manage URL name)."""

    label: str
    detail: str
    url_name: str
    slug: str


def institution_list() -> QuerySet[Institution]:
    """Every institution with its parent, the number of its duties and of its regional offices."""
    return (
        Institution.objects.select_related("parent")
        .annotate(
            duty_count=Count("responsibilities", distinct=True), office_count=Count("offices", distinct=True)
        )
        .order_by("slug")
    )


def institution_usage(institution: Institution) -> list[UsageRow]:
    """What keeps an institution from being deleted: its duties in steps, then its child institutions."""
    if institution.pk is None:
        return []
    duties = institution.responsibilities.select_related("step").order_by("step__slug")
    children = institution.children.order_by("slug")
    return usage_rows([*duties, *children])


def usage_rows(items: list) -> list[UsageRow]:
    """Responsibilities, steps and institutions (e.g. DeleteRefused.blockers) as rows with edit links."""
    rows = []
    for item in items:
        if isinstance(item, Responsibility):
            rows.append(
                UsageRow(item.step.title, item.get_role_display(), "manage:step_edit", item.step.slug)
            )
        elif isinstance(item, Step):
            rows.append(UsageRow(item.title, "", "manage:step_edit", item.slug))
        elif isinstance(item, Institution):
            rows.append(
                UsageRow(str(item), _("part of this institution"), "manage:institution_edit", item.slug)
            )
    return rows


def steps_using(item: LegalReference | Document) -> list[UsageRow]:
    """The steps that cite a legal reference or use a document."""
    if item.pk is None:
        return []
    return usage_rows(list(item.steps.order_by("slug")))


def legal_act_list() -> QuerySet[LegalAct]:
    """Every legal act with its references, each annotated with the number of steps citing it."""
    references = LegalReference.objects.annotate(step_count=Count("steps")).order_by("slug")
    return LegalAct.objects.prefetch_related(Prefetch("references", queryset=references)).order_by("slug")


def document_list() -> QuerySet[Document]:
    return Document.objects.annotate(step_count=Count("steps")).order_by("slug")


def term_list() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.order_by("slug")


def decision_steps(edition: EditionInLanguage) -> list:
    """The decision steps of an edition in pathway order."""
    return [step for step in edition.steps.values() if step.kind == "decision"]
