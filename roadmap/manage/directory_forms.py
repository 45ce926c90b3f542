"""Forms for the directory: institutions (with their regional offices), legal bases, documents, terms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from roadmap.models import Document, GlossaryTerm, Institution, LegalAct, LegalReference, RegionalOffice

from .forms import CoordinatorForm, require_default_language, translated


class DirectoryForm(CoordinatorForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True  # the template owns <form> and its {% csrf_token %}


class InstitutionForm(DirectoryForm):
    translated_fields = ("name", "acronym", "description", "address")

    class Meta:
        model = Institution
        fields = ["slug", "kind", "parent", *translated("name", "acronym", "description", "address"),
                  "phone", "email", "website"]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
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


RegionalOfficeFormSet = forms.inlineformset_factory(
    Institution, RegionalOffice, form=RegionalOfficeForm, extra=1, can_delete=True,
)


class LegalActForm(DirectoryForm):
    translated_fields = ("short_name", "title")

    class Meta:
        model = LegalAct
        fields = ["slug", *translated("short_name", "title"), "url"]


class LegalReferenceForm(DirectoryForm):
    translated_fields = ("provision", "summary")

    class Meta:
        model = LegalReference
        fields = ["slug", "act", *translated("provision", "summary"), "url"]
        widgets = {
            "summary_bg": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].queryset = LegalAct.objects.order_by("slug")


class DocumentForm(DirectoryForm):
    translated_fields = ("title", "description")

    class Meta:
        model = Document
        fields = ["slug", *translated("title", "description"), "url"]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


class GlossaryTermForm(DirectoryForm):
    translated_fields = ("term", "expansion", "definition")

    class Meta:
        model = GlossaryTerm
        fields = ["slug", *translated("term", "expansion", "definition")]
        widgets = {
            "definition_bg": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "definition_bg": _("Markdown."),
            "definition_en": _("Markdown."),
        }
