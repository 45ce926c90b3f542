"""The Django admin: for administrators. Coordinators have their own pages under /<lang>/manage/.

Every content admin is also a SimpleHistoryAdmin: an object's "History" button lists its audit-trail
records (who, when, what) next to the usual translated forms.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

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


class HistoryTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Both languages side by side (modeltranslation) and the object's history (django-simple-history)."""


class StepInline(TranslationTabularInline):
    model = Step
    fields = ["position", "slug", "kind", "title"]
    extra = 0
    show_change_link = True


@admin.register(Stage)
class StageAdmin(HistoryTranslationAdmin):
    list_display = ["position", "title", "slug"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [StepInline]


class TransitionInline(TranslationTabularInline):
    model = Transition
    fk_name = "source"
    fields = ["position", "label", "target", "help_text"]
    autocomplete_fields = ["target"]
    extra = 0


class DeadlineRuleInline(TranslationTabularInline):
    model = DeadlineRule
    fields = ["position", "unit", "amount", "start", "event", "regime", "when", "verification"]
    extra = 0


class ResponsibilityInline(TranslationTabularInline):
    model = Responsibility
    fields = ["position", "institution", "role", "duty"]
    autocomplete_fields = ["institution"]
    extra = 0


@admin.register(Step)
class StepAdmin(HistoryTranslationAdmin):
    list_display = ["title", "stage", "position", "kind", "owner", "review_by", "slug"]
    list_filter = ["stage", "kind", "safety_critical"]
    search_fields = ["title", "slug", "summary", "body"]
    autocomplete_fields = ["legal_references", "documents"]
    list_select_related = ["stage"]
    inlines = [TransitionInline, DeadlineRuleInline, ResponsibilityInline]
    fieldsets = [
        (None, {"fields": ["stage", "position", "slug", "kind", "is_start"]}),
        (
            _("Text"),
            {"fields": ["title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes"]},
        ),
        (_("Sources"), {"fields": ["legal_references", "documents"]}),
        (_("Review"), {"fields": ["owner", "review_by", "safety_critical"]}),
    ]


class RegionalOfficeInline(TranslationTabularInline):
    model = RegionalOffice
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(HistoryTranslationAdmin):
    list_display = ["name", "acronym", "kind", "parent", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [RegionalOfficeInline]


@admin.register(Responsibility)
class ResponsibilityAdmin(HistoryTranslationAdmin):
    list_display = ["step", "institution", "role"]
    list_filter = ["role", "institution"]
    search_fields = ["step__title", "institution__name", "duty"]
    autocomplete_fields = ["step", "institution"]
    list_select_related = ["step", "institution"]


@admin.register(LegalAct)
class LegalActAdmin(HistoryTranslationAdmin):
    list_display = ["short_name", "title", "slug"]
    search_fields = ["short_name", "title", "slug"]


@admin.register(LegalReference)
class LegalReferenceAdmin(HistoryTranslationAdmin):
    list_display = ["__str__", "verification", "slug"]
    list_filter = ["act", "verification", "regime"]
    search_fields = ["provision", "summary", "slug"]
    list_select_related = ["act"]


@admin.register(LegalRegime)
class LegalRegimeAdmin(HistoryTranslationAdmin):
    list_display = ["title", "topic", "valid_from", "valid_until", "verification", "slug"]
    search_fields = ["title", "slug", "topic"]


@admin.register(Document)
class DocumentAdmin(HistoryTranslationAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "slug"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(HistoryTranslationAdmin):
    list_display = ["term", "expansion", "slug"]
    search_fields = ["term", "expansion", "definition", "slug"]


@admin.register(Scenario)
class ScenarioAdmin(HistoryTranslationAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions are read-only history."""

    list_display = ["number", "published_at", "published_by", "note"]
    readonly_fields = ["number", "published_at", "published_by", "note", "content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
