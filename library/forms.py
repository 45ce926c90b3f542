"""The library's forms: field-level checks only; the services check the file and store."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roadmap_site.uploads import MB

from .models import RESERVED_MESSAGE, RESERVED_SLUGS, Document, DocumentFile


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title_bg", "title_en", "summary_bg", "summary_en", "kind", "visibility", "slug"]
        labels = {
            "title_bg": _("Title in Bulgarian"),
            "title_en": _("Title in English"),
            "summary_bg": _("Summary in Bulgarian"),
            "summary_en": _("Summary in English"),
        }
        help_texts = {
            "title_en": _("Empty: the Bulgarian title is shown."),
            "slug": _(
                "Latin letters, digits and hyphens: the end of the document's address. Empty: made from "
                "the title."
            ),
        }
        widgets = {
            "summary_bg": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_bg"].required = True
        self.fields["slug"].required = False
        labels = dict(Document.Kind.choices)
        choices = [(kind, labels[kind]) for kind in kinds]
        # more than one kind: the person chooses (no kind preselected); a trainer's only kind is given
        self.fields["kind"].choices = choices if len(choices) == 1 else [("", "---------"), *choices]
        if self.instance.pk:
            self.fields["slug"].disabled = True  # addresses already given out stay valid

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(RESERVED_MESSAGE)
        return slug


class DocumentFileForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX or XLSX)"))
    language = forms.ChoiceField(label=_("Language of the file"), choices=DocumentFile.Language.choices)
    version_label = forms.CharField(label=_("Version"), max_length=50, initial="1.0")
    version_date = forms.DateField(
        label=_("Version date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s MB. The type is judged by the content.") % {
            "size": f"{settings.LIBRARY_MAX_UPLOAD_BYTES / MB:g}"
        }
        self.fields["version_date"].initial = timezone.localdate()
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx"

    def clean_version_date(self):
        date = self.cleaned_data["version_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The version date cannot be in the future."))
        return date

    def file_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("language", "version_label", "version_date")}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Document.Kind.choices]
    )
