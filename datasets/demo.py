"""The demo profile (fixtures/profile.yaml): series and their sourced figures, loaded idempotently.

A series or figure already there (by its identifier; a figure by series, year and category) is kept as it
is, so running the loader again adds only what is missing and never undoes a coordinator's correction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from .models import Figure, Series

DEMO_PROFILE = Path(settings.BASE_DIR) / "fixtures" / "profile.yaml"


@dataclass
class Loaded:
    series: int = 0
    figures: int = 0


def _translated(value, name: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {f"{name}_{code}": value.get(code, "") for code in ("bg", "en")}
    return {f"{name}_bg": value or "", f"{name}_en": ""}


def demo_profile_load(path: Path = DEMO_PROFILE) -> Loaded:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    loaded = Loaded()
    with transaction.atomic():
        for position, entry in enumerate(data["series"]):
            series, created = Series.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    **_translated(entry["title"], "title"),
                    **_translated(entry["unit"], "unit"),
                    **_translated(entry.get("description", ""), "description"),
                    "category_kind": entry.get("category_kind", ""),
                    "position": position,
                },
            )
            loaded.series += created
            for item in entry.get("figures") or []:
                source = sources[item["source"]]
                category = _translated(item.get("category", ""), "category")
                if Figure.objects.filter(
                    series=series, year=item["year"], category_bg=category["category_bg"]
                ).exists():
                    continue
                figure = Figure(
                    series=series,
                    year=item["year"],
                    value=item["value"],
                    source_title=source["title"],
                    source_url=source["url"],
                    source_date=source["date"],
                    source_date_kind=source.get("date_kind", Figure.DateKind.PUBLISHED),
                    **category,
                    **_translated(item.get("note", ""), "note"),
                )
                figure.full_clean()  # a demo figure without a source (or in the future) stops the load
                figure.save()
                loaded.figures += 1
    return loaded
