"""Forms of the publishing section: a new edition's note, a roll-back's reason, two editions to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    """The note of a new edition in every language: officers read it on the editions page in theirs."""

    note_bg = forms.CharField(
        label=_("What changed and why (Bulgarian)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Officers read this note on the editions page. Say in plain words what changed and why."),
    )
    note_en = forms.CharField(
        label=_("What changed and why (English)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The same note for the English pages. Empty: they show the Bulgarian note."),
    )

    def clean_note_bg(self) -> str:
        note = " ".join(self.cleaned_data["note_bg"].split())
        if not note:
            raise forms.ValidationError(_("Say what changed and why."))
        return note

    def clean_note_en(self) -> str:
        return " ".join(self.cleaned_data["note_en"].split())

    @property
    def notes(self) -> dict[str, str]:
        return {"bg": self.cleaned_data["note_bg"], "en": self.cleaned_data["note_en"]}


class RollbackForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the roll-back"), max_length=500)

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Say why you roll back."))
        return reason


WORKING = "working"


class CompareForm(forms.Form):
    """Two versions to compare: edition numbers, and for `b` also the working copy."""

    a = forms.TypedChoiceField(label=_("From"), coerce=str)
    b = forms.TypedChoiceField(label=_("To"), coerce=str)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        editions = [(str(n), _("Edition %(number)d") % {"number": n}) for n in numbers]
        self.fields["a"].choices = editions
        self.fields["b"].choices = [(WORKING, _("Working copy")), *editions]
