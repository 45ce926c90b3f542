"""The coordinators' scenario form: texts in both languages and one answer per decision step."""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from ..content_kinds import BY_KEY
from ..models import Scenario
from ..published import PublishedStep
from .directory_forms import DirectoryForm
from .forms import translated

ANSWER_PREFIX = "answer__"


class ScenarioForm(DirectoryForm):
    """`decisions` are the decision steps of the working copy (PublishedSteps of a preview edition); the
    chosen option keys become the scenario's `answers` ({decision slug: option key})."""

    translated_fields = BY_KEY["scenario"].translated

    class Meta:
        model = Scenario
        fields = ["slug", "position", *translated("name", "description", "audience")]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, decisions: list[PublishedStep], **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.instance.answers or {}
        self.answer_fields: list[tuple[str, PublishedStep]] = []
        for decision in decisions:
            name = f"{ANSWER_PREFIX}{decision.slug}"
            self.fields[name] = forms.ChoiceField(
                label=f"{decision.number} {decision.question or decision.title}".strip(),
                choices=[
                    ("", _("— not asked")),
                    *((option.key, option.label or option.key) for option in decision.options),
                ],
                required=False,
                initial=answers.get(decision.slug, ""),
            )
            self.answer_fields.append((name, decision))
        if self.answer_fields:
            plain = [
                item
                for item in self._layout_items()
                if getattr(item, "fields", [None])[0] not in dict(self.answer_fields)
            ]
            self.helper.layout = Layout(
                *plain, Fieldset(_("Answers to the decisions"), *(name for name, _d in self.answer_fields))
            )

    def clean(self):
        cleaned = super().clean()
        self.instance.answers = {
            decision.slug: cleaned[name] for name, decision in self.answer_fields if cleaned.get(name)
        }
        return cleaned
