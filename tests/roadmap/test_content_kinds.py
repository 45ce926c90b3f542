"""The registry of content kinds is complete: every content model is in it, and everything that iterates
kinds (translation, audit, admin, diff, document fields) finds what it needs for each."""

from django.apps import apps
from django.contrib import admin
from modeltranslation.translator import translator

from roadmap.content_kinds import BY_KEY, KINDS, document_items
from roadmap.diff import COMPARED_APART, KIND_MESSAGES
from roadmap.document import SECTIONS
from roadmap.models import Edition, StepChangeNote


def content_models():
    """Every model of the roadmap app but editions, the audit trail's own and the change notes raised on
    steps (notes to coordinators, never published)."""
    return {
        model
        for model in apps.get_app_config("roadmap").get_models()
        if model not in (Edition, StepChangeNote) and not model.__name__.startswith("Historical")
    }


def test_every_content_model_is_a_kind_with_history_translation_and_admin():
    assert {kind.model for kind in KINDS} == content_models()
    for kind in KINDS:
        assert hasattr(kind.model, "history"), kind.key
        assert set(translator.get_options_for_model(kind.model).fields) == set(kind.translated)
        assert kind.name_field in kind.translated, kind.key
        assert admin.site.is_registered(kind.model) or kind.within, kind.key


def test_document_sections_are_the_kinds_with_a_section_and_each_is_told_in_diffs():
    assert {kind.section for kind in KINDS if kind.section} == set(SECTIONS)
    for kind in KINDS:
        if kind.section and kind.key not in COMPARED_APART:
            assert len(KIND_MESSAGES[kind.key]) == 3, kind.key


def test_document_fields_name_real_columns_and_refs_name_kinds():
    for kind in KINDS:
        columns = {f.name for f in kind.model._meta.get_fields()} | {f"{name}_bg" for name in kind.translated}
        for field in kind.fields:
            if field.type in ("source", "optional_source"):
                assert hasattr(kind.model, "verification"), kind.key
            elif field.type == "text":
                assert field.column in kind.translated, (kind.key, field.key)
            else:
                assert field.column in columns, (kind.key, field.key)
            if field.type == "ref":
                assert field.ref_kind in BY_KEY, (kind.key, field.key)


def test_document_items_walks_every_part(small_roadmap):
    items = document_items(small_roadmap.content)
    assert len(items["step"]) == 50 and len(items["institution"]) == 20
    assert items["responsibility"] and items["deadline"] and items["option"]
    steps = [step for stage in small_roadmap.content["stages"] for step in stage["steps"]]
    assert len(items["option"]) == sum(len(step.get("options") or []) for step in steps)
