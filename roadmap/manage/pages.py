"""How a coordinators' page saves or deletes one item of the working copy, and says what happened.

A valid form is saved through a service (roadmap.services); a stale save or a refused delete is shown on the
page and the user's input stays in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roadmap import services
from roadmap.permissions import coordinator_view
from roadmap.services import DeleteRefused, StaleEdit

from .directory_selectors import usage_rows

FORM_TEMPLATE = "roadmap/manage/directory/form.html"
DELETE_TEMPLATE = "roadmap/manage/directory/confirm_delete.html"


def saved_message() -> str:
    return _("Saved in the working copy; publish an edition to show it to officers.")


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[], object],
    done: str,
    context: dict,
    template: str = FORM_TEMPLATE,
    formsets: tuple = (),
) -> HttpResponse:
    """Save a valid POSTed form (and formsets) through `save`, or show it again with its errors; a stale
    save keeps the user's input and says why at the top."""
    valid = request.method == "POST" and all([form.is_valid(), *(formset.is_valid() for formset in formsets)])
    if valid:
        try:
            save()
        except StaleEdit as stale:
            messages.error(request, str(stale))
        else:
            messages.success(request, saved_message())
            return redirect(done)
    return render(request, template, {"form": form, "formsets": formsets, **context})


def delete_page(
    request: HttpRequest, *, delete: Callable[[], None], usage: list, done: str, context: dict
) -> HttpResponse:
    """GET: a confirmation page listing what still uses the item; POST: delete, or show the refusal."""
    if request.method == "POST":
        try:
            delete()
        except DeleteRefused as refused:
            messages.error(request, refused.message)
            return render(
                request, DELETE_TEMPLATE, {**context, "usage": usage_rows(refused.blockers)}, status=409
            )
        except StaleEdit as stale:
            messages.error(request, str(stale))
            return redirect(done)
        messages.success(
            request, _("Deleted from the working copy; publish an edition to show it to officers.")
        )
        return redirect(done)
    return render(request, DELETE_TEMPLATE, {**context, "usage": usage})


@dataclass(frozen=True)
class ItemPages:
    """The new, edit and delete pages of one kind of item (its URL names: manage:<key>_create, _edit,
    _delete): everything that differs between kinds is a field here, the pages themselves are one code.

    Kinds with formsets or previews (institutions, scenarios) write their own form page and use
    `edit_context` and `delete` from here."""

    key: str
    model: type[models.Model]
    form: type | None
    list_label: Promise
    list_name: str
    new_title: Promise
    edit_title: Promise  # "… “%(name)s”"
    delete_title: Promise | None = None
    name: Callable[[Any], str] = str
    remove: Callable[..., None] | None = None  # a roadmap.services delete: remove(item, actor=…)
    usage: Callable[[Any], list] | None = None  # what still uses an item (shown; blocks a delete)
    select_related: tuple[str, ...] = ()
    initial: Callable[[HttpRequest], dict] | None = None

    def get(self, slug: str):
        return get_object_or_404(self.model.objects.select_related(*self.select_related), slug=slug)

    def edit_context(self, item) -> dict:
        """Title, list link, what uses the item and its delete link, for a form page."""
        saved = item.pk is not None
        return {
            "title": self.edit_title % {"name": self.name(item)} if saved else self.new_title,
            "list_label": self.list_label,
            "list_url": reverse(self.list_name),
            "usage": self.usage(item) if saved and self.usage else [],
            "delete_url": reverse(f"manage:{self.key}_delete", args=[item.slug])
            if saved and self.remove
            else None,
        }

    def create(self, request: HttpRequest) -> HttpResponse:
        return self._form_page(request, self.model())

    def edit(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._form_page(request, self.get(slug))

    def _form_page(self, request: HttpRequest, item) -> HttpResponse:
        initial = self.initial(request) if self.initial and item.pk is None else None
        form = self.form(request.POST if request.method == "POST" else None, instance=item, initial=initial)
        return form_page(
            request,
            form,
            save=lambda: services.save_edit(
                instance=form.instance, expected_revision=form.expected_revision, actor=request.user
            ),
            done=reverse(self.list_name),
            context=self.edit_context(item),
        )

    def delete(self, request: HttpRequest, slug: str) -> HttpResponse:
        item = self.get(slug)
        return delete_page(
            request,
            delete=lambda: self.remove(item, actor=request.user),
            usage=self.usage(item) if self.usage else [],
            done=reverse(self.list_name),
            context={
                "title": self.delete_title % {"name": self.name(item)},
                "list_label": self.list_label,
                "list_url": reverse(self.list_name),
                "cancel_url": reverse(f"manage:{self.key}_edit", args=[slug]),
            },
        )

    def urls(self, prefix: str, *, form_pages: bool = True) -> list:
        """The routes under /<lang>/manage/<prefix>/, for coordinators only."""
        routes = []
        if form_pages:
            routes += [
                path(f"{prefix}/new/", self._view(self.create), name=f"{self.key}_create"),
                path(f"{prefix}/<slug:slug>/", self._view(self.edit), name=f"{self.key}_edit"),
            ]
        if self.remove:
            routes.append(
                path(f"{prefix}/<slug:slug>/delete/", self._view(self.delete), name=f"{self.key}_delete")
            )
        return routes

    @staticmethod
    def _view(method):
        return coordinator_view(require_http_methods(["GET", "POST"])(method))
