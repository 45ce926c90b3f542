"""Forms for the directory: institutions (with their regional offices), legal bases, documents, terms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from roadmap.models import (
    Document,
    GlossaryTerm,
    Institution,
    LegalAct,
    LegalReference,
    LegalRegime,
    RegionalOffice,
)

from ..content_kinds import BY_KEY
from ..document import CELEX_RE
from .forms import (
    SOURCE_WIDGETS,
    CoordinatorForm,
    SourceFormMixin,
    require_default_language,
    source_fields,
    translated,
)


class DirectoryForm(CoordinatorForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True  # the template owns <form> and its {% csrf_token %}


class InstitutionForm(SourceFormMixin, DirectoryForm):
    translated_fields = BY_KEY["institution"].translated

    class Meta:
        model = Institution
        fields = [
            "slug",
            "kind",
            "parent",
            *translated("name", "acronym", "description", "address"),
            "phone",
            "email",
            "website",
            "contacts_source_url",
            "contacts_checked_on",
            "is_hotline",
            *source_fields(),
        ]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "contacts_checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **SOURCE_WIDGETS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Institution.objects.order_by("slug")
        if self.instance.pk is not None:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class RegionalOfficeForm(forms.ModelForm):
    class Meta:
        model = RegionalOffice
        fields = ["region", *translated("name", "address"), "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_default_language(self, ("name", "address"))
        languages = dict(settings.LANGUAGES)
        for name in translated("name", "address"):
            base, _sep, code = name.rpartition("_")
            label = self.fields[name].label.rsplit(" [", 1)[0]
            self.fields[name].label = f"{label} ({languages[code]})"


class BaseRegionalOfficeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The offices' contacts share the institution's source (posted with the same form).
        with_contacts = [
            form
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and any(form.cleaned_data.get(key) for key in ("phone", "email", "address_bg"))
        ]
        if with_contacts and not (self.data.get("contacts_source_url") or "").strip():
            raise forms.ValidationError(
                _(
                    "Give the public page the offices' contacts come from (“where the "
                    "contacts are published”); never enter a number nobody published."
                )
            )


RegionalOfficeFormSet = forms.inlineformset_factory(
    Institution,
    RegionalOffice,
    form=RegionalOfficeForm,
    formset=BaseRegionalOfficeFormSet,
    extra=1,
    can_delete=True,
)


class LegalActForm(DirectoryForm):
    translated_fields = BY_KEY["legal_act"].translated

    class Meta:
        model = LegalAct
        fields = ["slug", *translated("short_name", "title"), "url", "celex"]

    def clean_celex(self) -> str:
        celex = (self.cleaned_data.get("celex") or "").strip().upper()
        if celex and not CELEX_RE.match(celex):
            raise forms.ValidationError(_("A CELEX number looks like 32024R1351."))
        return celex


class LegalReferenceForm(SourceFormMixin, DirectoryForm):
    translated_fields = BY_KEY["legal_reference"].translated

    class Meta:
        model = LegalReference
        fields = ["slug", "act", *translated("provision", "summary"), "url", "regime", *source_fields()]
        widgets = {
            "summary_bg": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            **SOURCE_WIDGETS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].queryset = LegalAct.objects.order_by("slug")
        self.fields["regime"].queryset = LegalRegime.objects.all()


class LegalRegimeForm(SourceFormMixin, DirectoryForm):
    translated_fields = BY_KEY["regime"].translated

    class Meta:
        model = LegalRegime
        fields = [
            "slug",
            "topic",
            *translated("title", "description"),
            "decided_by",
            "valid_from",
            "valid_until",
            *source_fields(),
        ]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **SOURCE_WIDGETS,
        }


class DocumentForm(DirectoryForm):
    translated_fields = BY_KEY["document"].translated

    class Meta:
        model = Document
        fields = ["slug", *translated("title", "description"), "url"]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


class GlossaryTermForm(SourceFormMixin, DirectoryForm):
    translated_fields = BY_KEY["term"].translated

    class Meta:
        model = GlossaryTerm
        fields = ["slug", *translated("term", "expansion", "definition"), *source_fields()]
        widgets = {
            "definition_bg": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
            **SOURCE_WIDGETS,
        }
        help_texts = {
            "definition_bg": _("Markdown."),
            "definition_en": _("Markdown."),
        }
