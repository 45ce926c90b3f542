"""modeltranslation and the audit history of every content kind (roadmap.content_kinds); editions' notes."""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from .content_kinds import KINDS
from .models import Edition

for _kind in KINDS:
    translator.register(
        _kind.model,
        type(
            f"{_kind.model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _kind.translated}
        ),
    )
translator.register(Edition, type("EditionTranslationOptions", (TranslationOptions,), {"fields": ("note",)}))

# The audit trail. Registered here, after modeltranslation, so that the historical models get the
# per-language columns (title_bg, title_en, …) too: django-simple-history's documented way to combine
# the two libraries. app="roadmap": the historical models live in roadmap.models with the models.
for _kind in KINDS:
    simple_history.register(_kind.model, app="roadmap", **_kind.history)
