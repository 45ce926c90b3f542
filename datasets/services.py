"""Writes to the profile's figures: one transaction each; the audit trail (django-simple-history) records
who changed what, its middleware naming the signed-in user."""

from __future__ import annotations

from django.db import transaction

from .forms import FigureForm, SeriesForm
from .models import Figure, Series


def figure_save(*, form: FigureForm) -> Figure:
    """Save a valid figure form (a new figure or a correction)."""
    with transaction.atomic():
        figure = form.save(commit=False)
        figure.full_clean()
        figure.save()
    return figure


def series_save(*, form: SeriesForm) -> Series:
    """Save a valid series form (a new series, or its title, unit, description or position)."""
    with transaction.atomic():
        return form.save()
