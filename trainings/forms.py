"""Forms of the trainers' pages: field-level validation only; the services save."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from roadmap.regions import Region

from .models import Participant, Registration, TrainingSession
from .selectors import trainer_accounts
from .services import RESULT_FIELDS, SESSION_FIELDS, DayDetails
from .tables import MAX_BYTES


def _slug_choices(items: list[tuple[str, str]], selected: list[str]) -> list[tuple[str, str]]:
    """The current edition's choices, plus slugs a session keeps that the edition no longer has."""
    known = {slug for slug, _label in items}
    missing = [
        (slug, _("%(slug)s (not in the current edition)") % {"slug": slug})
        for slug in selected or []
        if slug not in known
    ]
    return [*items, *missing]


def searchable(**attrs: Any) -> dict[str, Any]:
    """Attributes of a long select that static/js/searchable-select.js turns into a searchable one (Tom
    Select); without JavaScript it stays a plain select."""
    return {
        "data-searchable": "",
        "data-searchable-none": _("Nothing matches."),
        "data-searchable-help": _("Type to search; choose as many as you need, remove one with its ×."),
        **attrs,
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SessionForm(forms.ModelForm):
    target_institutions = forms.MultipleChoiceField(
        label=capfirst(_("target institutions")),
        required=False,
        widget=forms.SelectMultiple(attrs=searchable(size=8)),
    )
    covered_stages = forms.MultipleChoiceField(
        label=capfirst(_("stages covered")),
        required=False,
        widget=forms.SelectMultiple(attrs=searchable(size=6)),
    )
    covered_steps = forms.MultipleChoiceField(
        label=capfirst(_("steps covered")),
        required=False,
        widget=forms.SelectMultiple(attrs=searchable(size=10)),
    )

    class Meta:
        model = TrainingSession
        # What session_save writes, and the organisers it saves separately; the layout below orders them.
        fields = [*SESSION_FIELDS, "organisers"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "organisers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, edition=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        instance = self.instance
        institutions = [
            (i.slug, f"{i.name} ({i.acronym})" if i.acronym else i.name)
            for i in (edition.institution_list if edition else [])
        ]
        stages = [(s.slug, f"{s.position}. {s.title}") for s in (edition.stages if edition else [])]
        steps = [
            (step.slug, f"{step.number} {step.title}")
            for s in (edition.stages if edition else [])
            for step in s.steps
        ]
        self.fields["target_institutions"].choices = _slug_choices(institutions, instance.target_institutions)
        self.fields["covered_stages"].choices = _slug_choices(stages, instance.covered_stages)
        self.fields["covered_steps"].choices = _slug_choices(steps, instance.covered_steps)
        self.fields["organisers"].queryset = trainer_accounts()
        self.fields["organisers"].required = False
        for name in ("target_institutions", "covered_stages", "covered_steps"):
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Session"),
                "title",
                Row(
                    Column("region", css_class="col-md-4"),
                    Column("town", css_class="col-md-4"),
                    Column("venue", css_class="col-md-4"),
                ),
                Row(
                    Column("start_date", css_class="col-md-3"),
                    Column("end_date", css_class="col-md-3"),
                    Column("format", css_class="col-md-3"),
                    Column("language", css_class="col-md-3"),
                ),
                Row(
                    Column("status", css_class="col-md-4"),
                    Column("capacity", css_class="col-md-4"),
                    Column("days_required", css_class="col-md-4"),
                ),
            ),
            Fieldset(_("People"), "trainers", "organisers", "target_institutions"),
            Fieldset(_("Funding"), "issuer", "funding_programme", "project_code", "funder_line"),
            Fieldset(_("Roadmap covered"), "covered_stages", "covered_steps"),
        )

    def session_save_arguments(self, days: BaseSessionDayFormSet | None) -> dict[str, Any]:
        """fields, organisers and day_details for services.session_save, from this valid form and, for a
        session that has days, its valid day formset."""
        fields = {name: value for name, value in self.cleaned_data.items() if name != "organisers"}
        details = {} if days is None else days.day_details(start=fields["start_date"], end=fields["end_date"])
        return {"fields": fields, "organisers": self.cleaned_data["organisers"], "day_details": details}


class SessionDayForm(forms.Form):
    date = forms.DateField(widget=forms.HiddenInput)
    agenda = forms.CharField(
        label=capfirst(_("agenda")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_hours = forms.DecimalField(
        label=capfirst(_("contact hours")),
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        initial=Decimal(6),
    )


class BaseSessionDayFormSet(forms.BaseFormSet):
    """The days of an existing session, one form a date, for its agenda and contact hours."""

    @classmethod
    def of_session(cls, session: TrainingSession, data=None) -> BaseSessionDayFormSet:
        initial = [
            {"date": day.date, "agenda": day.agenda, "contact_hours": day.contact_hours}
            for day in session.days.order_by("date")
        ]
        return cls(data, initial=initial, prefix="days")

    def day_details(self, *, start: datetime.date, end: datetime.date) -> dict[datetime.date, DayDetails]:
        """The details to save for the new dates start–end (a valid formset). A day the new dates drop is left
        out, so session_save deletes it, unless the trainer just edited it: then session_save refuses it."""
        details = {}
        for form in self.forms:
            date = form.cleaned_data.get("date")
            if date and (start <= date <= end or form.has_changed()):
                details[date] = DayDetails(
                    agenda=form.cleaned_data.get("agenda", ""),
                    contact_hours=form.cleaned_data["contact_hours"],
                )
        return details


SessionDayFormSet = forms.formset_factory(
    SessionDayForm, formset=BaseSessionDayFormSet, extra=0, max_num=60, validate_max=True
)


class SessionFilterForm(forms.Form):
    """The session list's filters in its query string. A value that is not one of the choices (or a year
    that is not four digits) is ignored, never an error: the list shows as if it were not given."""

    when = forms.ChoiceField(required=False, choices=[("upcoming", "upcoming"), ("past", "past")])
    region = forms.ChoiceField(required=False, choices=Region.choices)
    status = forms.ChoiceField(required=False, choices=TrainingSession.Status.choices)
    year = forms.CharField(required=False, strip=False)

    def clean_year(self) -> int | None:
        text = self.cleaned_data["year"]
        return int(text) if text.isdigit() and len(text) == 4 else None

    @property
    def filters(self) -> dict[str, Any]:
        """when, region and status ("" when not chosen) and year (None), for selectors.session_list."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "when": data.get("when", ""),
            "region": data.get("region", ""),
            "status": data.get("status", ""),
            "year": data.get("year"),
        }

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())

    @property
    def page_query(self) -> str:
        """The chosen filters as a query string, for the links to the other pages of the list."""
        return urlencode({name: value for name, value in self.filters.items() if value})


INSTITUTION_OTHER = ""


class ParticipantForm(forms.ModelForm):
    """A person's details; the institution from the roadmap directory, or free text."""

    institution_slug = forms.ChoiceField(
        label=capfirst(_("institution from the roadmap directory")),
        required=False,
        widget=forms.Select(attrs=searchable(**{"data-searchable-help": ""})),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "institution_slug",
            "institution_name",
            "position",
            "region",
            "email",
            "phone",
            "gender",
            "gender_description",
            "consent_date",
        ]
        widgets = {"consent_date": DateInput()}
        labels = {"institution_name": capfirst(_("institution (free text)"))}
        help_texts = {
            "institution_name": _(
                "When the institution is not in the directory, or to name the local office (e.g. ОДМВР Русе)."
            )
        }

    def __init__(self, *args: Any, edition=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.institutions = {i.slug: i for i in (edition.institution_list if edition else [])}
        choices = [(INSTITUTION_OTHER, _("— not in the directory (write it below) —"))]
        choices += [
            (i.slug, f"{i.name} ({i.acronym})" if i.acronym else i.name) for i in self.institutions.values()
        ]
        if self.instance.institution_slug and self.instance.institution_slug not in self.institutions:
            choices.append((self.instance.institution_slug, self.instance.institution_slug))
        self.fields["institution_slug"].choices = choices
        self.fields["consent_date"].required = True
        self.fields["gender"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        slug = data.get("institution_slug")
        chosen = self.institutions.get(slug) if slug else None
        if chosen is not None:
            if not data.get("institution_name"):
                data["institution_name"] = chosen.name
            data["institution_kind"] = chosen.kind
        elif slug and slug == self.instance.institution_slug:
            data["institution_kind"] = self.instance.institution_kind
        else:
            data["institution_kind"] = ""
        if data.get("gender") != Participant.Gender.SELF_DESCRIBED:
            data["gender_description"] = ""
        return data

    def service_fields(self) -> dict[str, Any]:
        return {
            **{name: self.cleaned_data.get(name) for name in self.Meta.fields},
            "institution_kind": self.cleaned_data.get("institution_kind", ""),
            "gender": self.cleaned_data.get("gender") or "",
        }


class ExistingParticipantForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(),
        label=capfirst(_("participant")),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(pseudonymised_at__isnull=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("registration list (CSV or XLSX)")),
        help_text=_(
            "A header row, then one person a row. Columns: name, institution, "
            "position, region, email, phone, gender, consent (or in Bulgarian: "
            "име, институция, длъжност, област, имейл, телефон, пол, съгласие). "
            "At most 1,000 rows, 50 columns, 500 characters a cell and 2 MB; "
            "a workbook is read from its first sheet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ResultForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["pre_test_score", "post_test_score", "satisfaction", "evaluation"]
        widgets = {
            "pre_test_score": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "form-control"}),
            "post_test_score": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "form-control"}),
            "satisfaction": forms.NumberInput(attrs={"min": 1, "max": 5, "class": "form-control"}),
            "evaluation": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }


class BaseResultFormSet(forms.BaseModelFormSet):
    def results(self) -> dict[int, dict[str, Any]]:
        """Each registration's cleaned results, keyed by its id, as services.results_save takes them."""
        return {
            form.instance.pk: {name: form.cleaned_data.get(name) for name in RESULT_FIELDS}
            for form in self.forms
        }


ResultFormSet = forms.modelformset_factory(
    Registration, form=ResultForm, formset=BaseResultFormSet, extra=0, max_num=2000
)


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Participant.objects.all(),
        label=capfirst(_("keep this participant")),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    remove = forms.ModelChoiceField(
        queryset=Participant.objects.all(),
        label=capfirst(_("merge into it and delete")),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("remove") and data["keep"].pk == data["remove"].pk:
            self.add_error("remove", _("Choose two different participants."))
        return data


class NamedExportForm(forms.Form):
    session = forms.ModelChoiceField(
        label=gettext_lazy("Session"),
        required=False,
        queryset=TrainingSession.objects.all(),
        empty_label=gettext_lazy("All sessions"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
