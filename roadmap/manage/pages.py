"""How a coordinators' page saves or deletes one item of the working copy, and says what happened.

A valid form is saved through a service (roadmap.services); a stale save or a refused delete is shown on the
page and the user's input stays in the form.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from roadmap import services
from roadmap.services import DeleteRefused, StaleEdit

from .directory_selectors import usage_rows

FORM_TEMPLATE = "roadmap/manage/directory/form.html"
DELETE_TEMPLATE = "roadmap/manage/directory/confirm_delete.html"


def saved_message() -> str:
    return _("Saved in the working copy; publish an edition to show it to officers.")


def form_page(request: HttpRequest, form, *, save: Callable[[], object], done: str, context: dict,
              template: str = FORM_TEMPLATE, formsets: tuple = ()) -> HttpResponse:
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


def delete_page(request: HttpRequest, *, delete: Callable[[], None], usage: list, done: str,
                context: dict) -> HttpResponse:
    """GET: a confirmation page listing what still uses the item; POST: delete, or show the refusal."""
    if request.method == "POST":
        try:
            delete()
        except DeleteRefused as refused:
            messages.error(request, refused.message)
            return render(request, DELETE_TEMPLATE, {**context, "usage": usage_rows(refused.blockers)},
                          status=409)
        except StaleEdit as stale:
            messages.error(request, str(stale))
            return redirect(done)
        messages.success(request, _("Deleted from the working copy; publish an edition to show it to officers."))
        return redirect(done)
    return render(request, DELETE_TEMPLATE, {**context, "usage": usage})




def simple_form_page(request, form_class, instance, *, title: str, list_label: str, list_name: str,
                 delete_url: str | None = None, usage: list | None = None, initial: dict | None = None):
    """Create or edit one item without formsets through roadmap.services.save_edit."""
    form = form_class(request.POST if request.method == "POST" else None, instance=instance, initial=initial)
    return form_page(
        request, form,
        save=lambda: services.save_edit(instance=form.instance, expected_revision=form.expected_revision,
                                       actor=request.user),
        done=reverse(list_name),
        context={"title": title, "list_label": list_label, "list_url": reverse(list_name),
                 "delete_url": delete_url, "usage": usage or []},
    )
