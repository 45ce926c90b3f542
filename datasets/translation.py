"""modeltranslation for the profile's series and figures, then their audit trail.

simple_history is registered after modeltranslation, so that the historical models get the per-language
columns too (the way roadmap/translation.py does it)."""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from .models import Figure, Series


class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "unit", "description")


class FigureTranslationOptions(TranslationOptions):
    fields = ("category", "note")


translator.register(Series, SeriesTranslationOptions)
translator.register(Figure, FigureTranslationOptions)

simple_history.register(Series, app="datasets")
simple_history.register(Figure, app="datasets")
