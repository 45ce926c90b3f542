"""The coordinators' figure form: both languages side by side, every refusal next to its field."""

from __future__ import annotations

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.manage.forms import CoordinatorForm, translated

from .models import Figure, Series


class FigureForm(CoordinatorForm):
    translated_fields = ("category", "note")

    class Meta:
        model = Figure
        fields = [
            "year",
            *translated("category"),
            "value",
            "source_title",
            "source_url",
            "source_date",
            "source_date_kind",
            *translated("note"),
        ]
        widgets = {
            "source_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note_bg": forms.Textarea(attrs={"rows": 2}),
            "note_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, series: Series, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.series = series
        self.fields.pop("revision")
        self.fields["value"].min_value = 0
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        if not series.category_kind:
            for name in translated("category"):
                self.fields.pop(name)
        else:
            self.fields["category_bg"].required = True
            for name in translated("category"):
                self.fields[name].help_text = series.get_category_kind_display()
        self.helper.layout = Layout(*self._layout_items())

    def clean(self):
        cleaned = super().clean()
        year, category = cleaned.get("year"), cleaned.get("category_bg", "") or ""
        if year is not None:
            taken = Figure.objects.filter(series=self.instance.series, year=year, category_bg=category)
            if self.instance.pk is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "year",
                    _("This series already has a figure for %(year)s%(category)s: correct that one instead.")
                    % {"year": year, "category": f" ({category})" if category else ""},
                )
        return cleaned


class SeriesForm(CoordinatorForm):
    translated_fields = ("title", "unit", "description")

    class Meta:
        model = Series
        fields = ["slug", *translated("title", "unit", "description"), "category_kind", "position"]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("revision")
        if self.instance.pk is not None:
            # the identifier is in links and in the CSV's readers' hands: it stays
            self.fields.pop("slug")
            if self.instance.figures.exists():
                # figures are entered per category; changing what the categories are would mislabel them
                self.fields["category_kind"].disabled = True
        self.helper.layout = Layout(*self._layout_items())
