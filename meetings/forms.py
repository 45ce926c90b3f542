"""Forms of the meeting pages: field-level validation only; the services save. The person forms are
trainings' own (ParticipantForm, ExistingParticipantForm): one person, one record, one form."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from trainings.forms import DateInput

from .models import Meeting, Proposal
from .selectors import institution_label
from .services import MEETING_FIELDS


def _with_kept(items: list[tuple[str, str]], kept: list[str]) -> list[tuple[str, str]]:
    """The current edition's choices, plus slugs a record keeps that the edition no longer has."""
    known = {slug for slug, _label in items}
    missing = [
        (slug, _("%(slug)s (not in the current edition)") % {"slug": slug})
        for slug in kept
        if slug not in known
    ]
    return [*items, *missing]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "date": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("date", css_class="col-md-3"),
                Column("town", css_class="col-md-4"),
                Column("venue", css_class="col-md-5"),
            ),
            "organiser",
            "agenda",
            "minutes",
        )


class ProposalForm(forms.ModelForm):
    owner_institution = forms.ChoiceField(label=capfirst(_("owner institution")))
    step_slugs = forms.MultipleChoiceField(
        label=capfirst(_("roadmap steps concerned")),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Proposal
        fields = ["kind", "text", "owner_institution", "step_slugs"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}

    def __init__(self, *args: Any, edition=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        institutions = [
            (i.slug, institution_label(edition, i.slug))
            for i in (edition.institution_list if edition else [])
        ]
        kept_owner = [self.instance.owner_institution] if self.instance.owner_institution else []
        self.fields["owner_institution"].choices = [("", "—"), *_with_kept(institutions, kept_owner)]
        steps = [
            (step.slug, f"{step.number} {step.title}")
            for stage in (edition.stages if edition else [])
            for step in stage.steps
        ]
        self.fields["step_slugs"].choices = _with_kept(steps, list(self.instance.step_slugs or []))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Proposal.Status.choices)


class MinutesUploadForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("minutes (PDF or DOCX)")),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The type is told by the file's content, not its name. At most %(size)s MB."
        ) % {"size": settings.MEETINGS_MAX_UPLOAD_BYTES // (1024 * 1024)}
