"""Translation status: up to date, outdated (Bulgarian changed after the translation), missing."""

import pytest
from django.utils import translation

from roadmap.models import Document, GlossaryTerm, Step
from roadmap.services import content_import, save_edit
from roadmap.synthetic import synthetic_document
from roadmap.translation_status import MISSING, OUTDATED, UP_TO_DATE, translation_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap_copy(db):
    content_import(document=synthetic_document(steps=12, institutions=4, references=3, terms=3))


def edit(instance, actor=None, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    return save_edit(instance=instance, expected_revision=instance.revision, actor=actor)


def status_of(label: str, group: str = "step", **kwargs) -> str:
    groups = {g.key: g for g in translation_status(**kwargs).groups}
    item = next(item for item in groups[group].items if item.label == label)
    return item.languages["en"].status


def test_imported_items_with_both_languages_are_up_to_date(roadmap_copy):
    status = translation_status()
    assert status.counts[OUTDATED] == 0
    assert status_of(Step.objects.get(slug="step-2").title_bg) == UP_TO_DATE
    assert status.counts[UP_TO_DATE] > 0


def test_bulgarian_edited_after_english_is_outdated_until_english_is_saved(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-2")
    edit(step, coordinator, summary_bg="Ново резюме на български.")
    assert status_of(step.title_bg) == OUTDATED

    edit(step, coordinator, summary_en="A new English summary.")
    assert status_of(step.title_bg) == UP_TO_DATE


def test_english_saved_without_a_change_does_not_count_as_translated(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-2")
    edit(step, coordinator, summary_bg="Ново резюме на български.")
    edit(step, coordinator, position=step.position)  # saved again, texts untouched
    assert status_of(step.title_bg) == OUTDATED


def test_blank_english_is_missing_and_names_the_field(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-2")
    edit(step, coordinator, title_en="")

    with translation.override("en"):
        groups = {g.key: g for g in translation_status().groups}
    cell = next(i for i in groups["step"].items if i.label == step.title_bg).languages["en"]

    assert cell.status == MISSING
    assert cell.missing_fields == ["Title"]


def test_objects_without_history_count_from_their_texts(db):
    Document.objects.bulk_create(
        [
            Document(slug="both", title_bg="Двата езика", title_en="Both languages"),
            Document(slug="only-bg", title_bg="Само български"),
        ]
    )
    groups = {g.key: g for g in translation_status().groups}
    assert [(i.label, i.languages["en"].status) for i in groups["document"].items] == [
        ("Двата езика", UP_TO_DATE),
        ("Само български", MISSING),
    ]


def test_status_filter_keeps_only_matching_items(roadmap_copy, coordinator):
    edit(Step.objects.get(slug="step-2"), coordinator, summary_bg="Ново резюме.")
    edit(GlossaryTerm.objects.get(slug="term-1"), coordinator, definition_en="")

    outdated = translation_status(status="outdated")
    missing = translation_status(status="missing")

    assert [(g.key, len(g.items)) for g in outdated.groups if g.items] == [("step", 1)]
    assert [(g.key, len(g.items)) for g in missing.groups if g.items] == [("term", 1)]
    assert translation_status(status="bogus").status_filter is None


def test_edit_links_point_at_the_manage_pages(roadmap_copy):
    from django.urls import reverse

    groups = {g.key: g for g in translation_status().groups}
    step_item = groups["step"].items[0]
    assert step_item.edit_url == reverse("manage:step_edit", kwargs={"slug": "step-0"})


def test_translation_status_queries_do_not_grow_with_content(coordinator, django_assert_max_num_queries):
    content_import(document=synthetic_document(steps=12, institutions=4, references=3, terms=3))
    with django_assert_max_num_queries(26) as small:
        translation_status()
    content_import(document=synthetic_document(steps=150, institutions=30))
    for step in Step.objects.order_by("pk")[:10]:
        edit(step, coordinator, title_bg=step.title_bg + " (нов)")
    with django_assert_max_num_queries(len(small.captured_queries)):
        status = translation_status()
    assert status.counts[OUTDATED] == 10
