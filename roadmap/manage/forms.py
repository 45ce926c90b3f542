"""What every coordinator form shares: both languages side by side, and the revision it was opened at."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..languages import language_codes


def translated(*fields: str) -> list[str]:
    """Form field names for translated model fields: ("title",) → ["title_bg", "title_en"]."""
    return [f"{field}_{code}" for field in fields for code in language_codes()]


def require_default_language(form: forms.ModelForm, fields: tuple[str, ...]) -> None:
    """modeltranslation makes every language column optional; Bulgarian (the default language) stays
    required wherever the model requires the field itself."""
    for field in fields:
        name = f"{field}_{settings.LANGUAGE_CODE}"
        if name in form.fields and not form._meta.model._meta.get_field(field).blank:
            form.fields[name].required = True


class CoordinatorForm(forms.ModelForm):
    """A ModelForm whose translated fields (Meta.translated) are laid out as one row per field with a
    column per language (Bulgarian first), and which carries the revision it was opened at.

    Subclasses list `Meta.fields` explicitly (translated columns via `translated(...)`) and name the
    translated base fields in `translated_fields`. Save through roadmap.services.save_edit with
    `expected_revision=form.cleaned_data["revision"]`.
    """

    translated_fields: tuple[str, ...] = ()

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "revision" not in self.data:
            self.fields["revision"].initial = getattr(self.instance, "revision", None)
        languages = dict(settings.LANGUAGES)
        for field in self.translated_fields:
            for code in language_codes():
                name = f"{field}_{code}"
                if name in self.fields:
                    base_label = self.fields[name].label.rsplit(" [", 1)[0]
                    self.fields[name].label = f"{base_label} ({languages[code]})"
                    # Bulgarian is required where the model requires the field; other languages never are.
                    if code != settings.LANGUAGE_CODE:
                        self.fields[name].required = False
        require_default_language(self, self.translated_fields)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self._layout_items())

    def _layout_items(self) -> list:
        items, done = [], set()
        for name in self.fields:
            if name in done:
                continue
            base, _sep, code = name.rpartition("_")
            if base in self.translated_fields and code in language_codes():
                columns = [
                    Column(Field(f"{base}_{c}"), css_class="col-12 col-lg-6")
                    for c in language_codes()
                    if f"{base}_{c}" in self.fields
                ]
                done.update(f"{base}_{c}" for c in language_codes())
                items.append(Row(*columns, css_class=f"translated-row translated-{base}"))
            else:
                done.add(name)
                items.append(Field(name))
        return items

    @property
    def expected_revision(self) -> int | None:
        return self.cleaned_data.get("revision")


def source_fields(*, compact: bool = False) -> list[str]:
    """Form field names of a claim's source (roadmap.models.Verifiable); `compact` leaves out the title."""
    names = ["verification", "source_kind", "source_url", "checked_on", *translated("verification_note")]
    return names if compact else [*names[:3], *translated("source_title"), *names[3:]]


SOURCE_WIDGETS = {
    "checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    **{f"verification_note_{code}": forms.Textarea(attrs={"rows": 2}) for code in ("bg", "en")},
}


def label_languages(form: forms.BaseForm, fields: tuple[str, ...]) -> None:
    """ "note (bg)" labels for the translated columns of a form that is not a CoordinatorForm (rows)."""
    languages = dict(settings.LANGUAGES)
    for field in fields:
        for code in language_codes():
            name = f"{field}_{code}"
            if name in form.fields:
                base_label = str(form.fields[name].label).rsplit(" [", 1)[0]
                form.fields[name].label = f"{base_label} ({languages[code]})"
                form.fields[name].required = False


class SourceFormMixin:
    """A claim flagged here says why: setting "not verified" needs the reason coordinators will see in the
    queue (claims that were already flagged, e.g. imported without a source, can be edited as they are)."""

    def clean(self):
        cleaned = super().clean()
        if (
            "verification" in self.changed_data
            and cleaned.get("verification") == "unverified"
            and not (cleaned.get("verification_note_bg") or "").strip()
        ):
            self.add_error(
                "verification_note_bg",
                _("Say what is not verified and why: coordinators see it in the verification queue."),
            )
        return cleaned
