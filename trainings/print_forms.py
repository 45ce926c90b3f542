"""Forms of the printouts section: the name check before a certificate, and a session's handouts."""

from __future__ import annotations

import posixpath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Handout

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# extension → the first bytes such a file starts with (Office files are ZIP containers)
UPLOAD_TYPES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


class NameCheckForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name as printed on the certificate"), max_length=200)


class HandoutRoadmapForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Roadmap PDF"),
        choices=[
            (Handout.Kind.SCENARIO, Handout.Kind.SCENARIO.label),
            (Handout.Kind.INSTITUTION, Handout.Kind.INSTITUTION.label),
            (Handout.Kind.HANDBOOK, Handout.Kind.HANDBOOK.label),
        ],
    )
    slug = forms.CharField(label=gettext_lazy("Scenario or institution"), required=False, max_length=80)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        scenarios = [(s.slug, s.name) for s in (edition.scenarios if edition else [])]
        institutions = [(i.slug, i.name) for i in (edition.institution_list if edition else [])]
        self.fields["slug"] = forms.ChoiceField(
            label=gettext_lazy("Scenario or institution"),
            required=False,
            choices=[("", "—"), (_("Scenarios"), scenarios), (_("Institutions"), institutions)],
        )

    def clean(self):
        data = super().clean()
        kind, slug = data.get("kind"), data.get("slug") or ""
        if self.edition is None:
            raise ValidationError(_("The roadmap has not been published yet."))
        if kind == Handout.Kind.SCENARIO and slug not in self.edition.scenario_map:
            self.add_error("slug", _("Choose a scenario of the current edition."))
        if kind == Handout.Kind.INSTITUTION and slug not in self.edition.institutions:
            self.add_error("slug", _("Choose an institution of the current edition."))
        if kind == Handout.Kind.HANDBOOK:
            data["slug"] = ""
        return data


class HandoutUploadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=250)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, DOCX, PPTX, XLSX or an image (PNG, JPEG, GIF, WebP); at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = posixpath.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in UPLOAD_TYPES:
            raise ValidationError(
                _("This type of file cannot be uploaded: use PDF, DOCX, PPTX, XLSX or an image.")
            )
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in UPLOAD_TYPES[extension]):
            raise ValidationError(
                _("The file's content does not match its type (.%(ext)s).") % {"ext": extension}
            )
        return upload
