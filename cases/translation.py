import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Scenario


@register(Scenario)
class ScenarioTranslationOptions(TranslationOptions):
    fields = ("name", "description", "audience")


# The audit trail, registered after modeltranslation (see roadmap/translation.py).
simple_history.register(Scenario)
