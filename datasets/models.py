"""The profile of unaccompanied children in Bulgaria: series of yearly figures, each figure with its source.

A figure is a count (never negative) for a year that has passed or is under way, optionally split by a
category (a country of origin, an age band, a gender, a decision's outcome), and it always names where it
comes from: the source's title, address and date. Translated fields (title, unit, description, category,
note) are registered in translation.py, which also registers the audit trail (django-simple-history).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roadmap.models import HttpsURLField

FIRST_YEAR = 1990  # the Bulgarian asylum system dates from 1993; nothing earlier is counted


class Series(models.Model):
    class CategoryKind(models.TextChoices):
        NONE = "", _("no category (one figure per year)")
        COUNTRY = "country", _("country of origin")
        AGE = "age", _("age band")
        GENDER = "gender", _("gender")
        DECISION = "decision", _("decision outcome")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=80, help_text=_("What is counted, e.g. “children”."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Who counts what, and how it differs from other series.")
    )
    category_kind = models.CharField(
        _("category"), max_length=20, blank=True, choices=CategoryKind.choices, default=CategoryKind.NONE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title


class Figure(models.Model):
    class DateKind(models.TextChoices):
        PUBLISHED = "published", _("published")
        ACCESSED = "accessed", _("accessed")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="figures", verbose_name=_("series")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(
        _("category"), max_length=120, blank=True, help_text=_("Empty for the year's total.")
    )
    value = models.PositiveIntegerField(_("value"))
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = HttpsURLField(_("source address"), max_length=500)
    source_date = models.DateField(_("source date"))
    source_date_kind = models.CharField(
        _("the date is"), max_length=10, choices=DateKind.choices, default=DateKind.PUBLISHED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("series__position", "year", "-value", "category")
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=("series", "year", "category_bg"), name="datasets_figure_unique_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="datasets_figure_value_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR), name="datasets_figure_year_from_1990"),
            models.CheckConstraint(
                condition=~Q(source_title="") & ~Q(source_url=""), name="datasets_figure_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.year} {self.category} = {self.value}"

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.year is not None and self.year > today.year:
            errors["year"] = _("The year %(year)s has not begun yet.") % {"year": self.year}
        elif self.year is not None and self.year < FIRST_YEAR:
            errors["year"] = _("Figures start in %(first)s.") % {"first": FIRST_YEAR}
        if self.value is not None and self.value < 0:
            errors["value"] = _("A count cannot be negative.")
        if not (self.source_title or "").strip():
            errors["source_title"] = _("Name the source: a figure without a source is not published.")
        if not (self.source_url or "").strip():
            errors["source_url"] = _("Give the source's address: a figure without a source is not published.")
        if self.source_date and self.source_date > today:
            errors["source_date"] = _("The source's date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_source(self) -> bool:
        return bool(self.source_title.strip() and self.source_url.strip())
