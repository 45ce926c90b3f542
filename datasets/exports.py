"""The profile's figures as CSV: the same figures as the page, in the same order, with their sources."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .models import Figure


def csv_header() -> list[str]:
    return [_("series"), _("year"), _("category"), _("value"), _("source"), _("address"), _("date")]


def profile_csv(figures: list[Figure]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_header())
    for figure in figures:
        writer.writerow(
            [
                figure.series.title,
                figure.year,
                figure.category,
                figure.value,
                figure.source_title,
                figure.source_url,
                figure.source_date.isoformat(),
            ]
        )
    return out.getvalue()
