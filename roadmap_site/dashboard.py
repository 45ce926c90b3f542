"""Panels that other apps add to the programme dashboard (trainings' /<lang>/trainings/dashboard/), so
that trainings never imports them: an app registers a function in its AppConfig.ready(); the dashboard
calls each with the request and shows the panels it returns (None: nothing for this user)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[HttpRequest], DashboardPanel | None]
_sources: list[PanelSource] = []


def register_dashboard_panel(source: PanelSource) -> None:
    if source not in _sources:
        _sources.append(source)


def dashboard_panels(request: HttpRequest) -> list[DashboardPanel]:
    return [panel for source in _sources if (panel := source(request)) is not None]
