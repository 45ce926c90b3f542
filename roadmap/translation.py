import simple_history
from modeltranslation.translator import TranslationOptions, register

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


@register(Stage)
class StageTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "question", "why_we_ask", "warnings", "child_notes")


@register(Transition)
class TransitionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text")


@register(LegalRegime)
class LegalRegimeTranslationOptions(TranslationOptions):
    fields = ("title", "description", "source_title", "verification_note")


@register(DeadlineRule)
class DeadlineRuleTranslationOptions(TranslationOptions):
    fields = ("event", "note", "expiry", "source_title", "verification_note")


@register(Edition)
class EditionTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Scenario)
class ScenarioTranslationOptions(TranslationOptions):
    fields = ("name", "description", "audience")


@register(Institution)
class InstitutionTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "description", "address", "source_title", "verification_note")


@register(RegionalOffice)
class RegionalOfficeTranslationOptions(TranslationOptions):
    fields = ("name", "address")


@register(Responsibility)
class ResponsibilityTranslationOptions(TranslationOptions):
    fields = ("duty", "source_title", "verification_note")


@register(LegalAct)
class LegalActTranslationOptions(TranslationOptions):
    fields = ("short_name", "title")


@register(LegalReference)
class LegalReferenceTranslationOptions(TranslationOptions):
    fields = ("provision", "summary", "source_title", "verification_note")


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "expansion", "definition", "source_title", "verification_note")


# The audit trail. Registered here, after modeltranslation, so that the historical models get the
# per-language columns (title_bg, title_en, …) too: django-simple-history's documented way to combine
# the two libraries.
for _model in (Stage, Transition, Institution, RegionalOffice, Responsibility, LegalAct, LegalReference,
               LegalRegime, DeadlineRule, Document, GlossaryTerm):
    simple_history.register(_model)
simple_history.register(Step, m2m_fields=["legal_references", "documents"])
# The table keeps its name from when scenarios lived in the cases app.
simple_history.register(Scenario, table_name="cases_historicalscenario")
