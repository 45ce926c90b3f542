from modeltranslation.translator import TranslationOptions, register

from .models import Scenario


@register(Scenario)
class ScenarioTranslationOptions(TranslationOptions):
    fields = ("name", "description", "audience")
