"""What the trainers' pages do alike: find the session a URL names, read the search box, show a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import TrainingSession

SEARCH_MAX_LENGTH = 100


def session_or_404(pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, pk=pk)


def search_query(request: HttpRequest) -> str:
    """What was typed in the page's search box (?q=), trimmed and cut to a sensible length."""
    return request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]


def refusal_message(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal as an error message above the page, for pages with no form to put it on (a page
    with a form uses roadmap_site.forms.show_refusal, which puts it next to the fields)."""
    messages.error(request, " ".join(error.messages))
