"""The audit trail: who changed what, when, read from django-simple-history's records."""

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap.audit import audit_trail, parse_object_ref, word_diff
from roadmap.models import GlossaryTerm, Institution, Step
from roadmap.services import content_import, save_edit
from roadmap.synthetic import synthetic_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap_copy(db):
    content_import(document=synthetic_document(steps=12, institutions=4, references=3, terms=3))


def edit(instance, actor, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    return save_edit(instance=instance, expected_revision=instance.revision, actor=actor)


def test_audit_trail_records_who_when_and_old_to_new(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-3")
    old_title = step.title_bg
    edit(step, coordinator, title_bg="Нов заглавен текст")

    with translation.override("en"):
        newest = audit_trail().entries[0]

    assert (newest.model_name, newest.object_id, newest.action) == ("step", step.pk, "changed")
    assert newest.user_id == coordinator.pk and newest.user_name == coordinator.username
    assert "step-3" in newest.object_label and "Нов заглавен текст" in newest.object_label
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Title (Bulgarian)", old_title, "Нов заглавен текст")
    ]


def test_audit_trail_shows_created_and_deleted_objects(roadmap_copy, coordinator):
    institution = Institution.objects.get(slug="inst-3")
    pk = institution.pk
    institution.responsibilities.all().delete()
    institution.delete()

    entries = audit_trail(object_ref=("institution", pk)).entries

    assert [e.action for e in entries] == ["deleted", "created"]


def test_audit_trail_filters_by_user_and_by_object(roadmap_copy):
    anna, boris = UserFactory(username="anna"), UserFactory(username="boris")
    first, second = Step.objects.get(slug="step-1"), Step.objects.get(slug="step-2")
    edit(first, anna, summary_en="Anna's summary")
    edit(second, boris, summary_bg="Резюме от Борис")
    edit(first, boris, summary_bg="Още едно резюме")

    by_anna = audit_trail(user_id=anna.pk).entries
    by_boris = audit_trail(user_id=boris.pk).entries
    of_first = audit_trail(object_ref=("step", first.pk)).entries

    assert [(e.object_id, e.user_id) for e in by_anna] == [(first.pk, anna.pk)]
    assert [(e.object_id, e.user_id) for e in by_boris] == [(first.pk, boris.pk), (second.pk, boris.pk)]
    assert [e.action for e in of_first] == ["changed", "changed", "created"]
    assert {e.object_id for e in of_first} == {first.pk}
    # Each change is compared with the record just before it, not with the first one.
    with translation.override("en"):
        latest = audit_trail(object_ref=("step", first.pk)).entries[0]
    assert [c.label for c in latest.changes] == ["Short summary (Bulgarian)"]


def test_audit_trail_long_texts_get_a_word_diff(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-4")
    edit(step, coordinator, body_bg="Първи ред на текста.\n\nВтори ред, който остава непроменен.")
    edit(step, coordinator, body_bg="Първи ред на новия текст.\n\nВтори ред, който остава непроменен.")

    change = audit_trail(object_ref=("step", step.pk)).entries[0].changes[0]

    assert [(p.op, p.text) for p in change.pieces] == [
        ("equal", "Първи ред на "),
        ("delete", "текста."),
        ("insert", "новия текст."),
        ("equal", "\n\nВтори ред, който остава непроменен."),
    ]


def test_word_diff_keeps_the_unchanged_words():
    pieces = word_diff("едно две три", "едно четири три")
    assert "".join(p.text for p in pieces if p.op != "insert") == "едно две три"
    assert "".join(p.text for p in pieces if p.op != "delete") == "едно четири три"


def test_audit_trail_pages_newest_first(roadmap_copy, coordinator):
    step = Step.objects.get(slug="step-5")
    for n in range(5):
        edit(step, coordinator, title_en=f"Title {n}")

    first_page = audit_trail(object_ref=("step", step.pk), per_page=2)
    last_page = audit_trail(object_ref=("step", step.pk), per_page=2, page=3)

    assert first_page.page.paginator.count == 6
    assert [c.new for e in first_page.entries for c in e.changes] == ["Title 4", "Title 3"]
    assert [e.action for e in last_page.entries] == ["changed", "created"]
    assert audit_trail(page="not a number").page.number == 1


def test_audit_trail_queries_do_not_grow_with_history(coordinator, django_assert_max_num_queries):
    content_import(document=synthetic_document(steps=12, institutions=4, references=3, terms=3))
    edit(Step.objects.get(slug="step-1"), coordinator, title_bg="Промяна")
    with django_assert_max_num_queries(26) as small:
        audit_trail()
    content_import(document=synthetic_document(steps=120, institutions=30))
    for step in Step.objects.order_by("pk")[:20]:
        edit(step, coordinator, title_bg=step.title_bg + " (нов)")
    with django_assert_max_num_queries(len(small.captured_queries)):
        trail = audit_trail()
    assert len(trail.entries) == 50


@pytest.mark.parametrize(
    "value, expected",
    [
        ("step:12", ("step", 12)),
        ("scenario:3", ("scenario", 3)),
        ("step:x", None),
        ("user:1", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_object_ref(value, expected):
    assert parse_object_ref(value) == expected


@pytest.fixture
def staff_administrator(db):
    return UserFactory(groups=["administrator"], is_staff=True)


def test_a_change_in_the_django_admin_is_attributed_to_the_signed_in_user(
    client, roadmap_copy, staff_administrator
):
    term = GlossaryTerm.objects.get(slug="term-1")
    client.force_login(staff_administrator)
    response = client.post(
        reverse("admin:roadmap_glossaryterm_change", args=[term.pk]),
        {
            "slug": term.slug,
            "term_bg": term.term_bg,
            "term_en": term.term_en,
            "expansion_bg": "",
            "expansion_en": "",
            "definition_bg": "Ново обяснение.",
            "definition_en": term.definition_en,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    entry = audit_trail(user_id=staff_administrator.pk).entries[0]
    assert (entry.model_name, entry.object_id, entry.action) == ("glossaryterm", term.pk, "changed")
    assert [(c.old, c.new) for c in entry.changes] == [(term.definition_bg, "Ново обяснение.")]
    history_page = client.get(reverse("admin:roadmap_glossaryterm_history", args=[term.pk]))
    assert history_page.status_code == 200
    assert staff_administrator.username in history_page.content.decode()
