"""/<lang>/library/…: the public list and document pages, file downloads, and the staff's forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from roadmap.editions import current_edition
from roadmap_site.forms import show_refusal

from . import selectors, services
from .forms import DocumentFileForm, DocumentForm, LibraryFilterForm
from .models import Document
from .permissions import (
    can_add_documents,
    can_change_document,
    kinds_for,
    library_editor_view,
    library_reader_view,
)


@require_safe
@library_reader_view
def document_list(request):
    # the selector bounds the query and ignores an unknown kind: a bad link still shows the library
    page = selectors.library_page(
        user=request.user,
        edition=current_edition(request),
        query=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
    )
    return render(
        request,
        "library/document_list.html",
        {
            "kinds": LibraryFilterForm().fields["kind"].choices,
            "page": page,
            "can_add": can_add_documents(request.user),
        },
    )


@require_safe
@library_reader_view
def document_detail(request, slug):
    document = selectors.document_for_reader(user=request.user, slug=slug)
    return render(
        request,
        "library/document_detail.html",
        {
            "page": selectors.document_page(document),
            "can_change": can_change_document(request.user, document),
        },
    )


@require_safe
@library_reader_view
def file_download(request, slug, file_id):
    stored = selectors.file_for_reader(user=request.user, slug=slug, file_id=file_id)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from the store.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    if not stored.document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


def _refuse(error: ValidationError, *forms) -> None:
    """Put each message of a service's refusal next to its field, in whichever form has it."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form = next((form for form in forms if name in form.fields), forms[0])
            form.add_error(name if name in form.fields else None, problems)
    else:
        show_refusal(forms[0], error)


@library_editor_view
@require_http_methods(["GET", "POST"])
def document_create(request):
    kinds = kinds_for(request.user)
    form = DocumentForm(request.POST or None, kinds=kinds, prefix="document")
    file_form = DocumentFileForm(request.POST or None, request.FILES or None, prefix="file")
    if request.method == "POST" and form.is_valid() and file_form.is_valid():
        try:
            document = services.document_create(
                actor=request.user,
                fields=form.cleaned_data,
                upload=file_form.cleaned_data["file"],
                file_fields=file_form.file_fields(),
            )
        except ValidationError as error:
            _refuse(error, form, file_form)
        else:
            messages.success(request, _("The document is in the library."))
            return redirect(document)
    return render(
        request, "library/document_form.html", {"form": form, "file_form": file_form, "document": None}
    )


def _changeable(request, slug) -> Document:
    document = get_object_or_404(Document, slug=slug)
    if not can_change_document(request.user, document):
        raise PermissionDenied
    return document


@library_editor_view
@require_http_methods(["GET", "POST"])
def document_edit(request, slug):
    document = _changeable(request, slug)
    form = DocumentForm(
        request.POST or None, instance=document, kinds=kinds_for(request.user), prefix="document"
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "slug"}
        try:
            services.document_update(document=Document.objects.get(pk=document.pk), fields=fields)
        except ValidationError as error:
            _refuse(error, form)
        else:
            messages.success(request, _("The document is saved."))
            return redirect(document)
    return render(request, "library/document_form.html", {"form": form, "document": document})


@library_editor_view
@require_http_methods(["GET", "POST"])
def file_add(request, slug):
    document = _changeable(request, slug)
    form = DocumentFileForm(request.POST or None, request.FILES or None, prefix="file")
    if request.method == "POST" and form.is_valid():
        try:
            services.document_file_add(
                document=document, upload=form.cleaned_data["file"], actor=request.user, **form.file_fields()
            )
        except ValidationError as error:
            _refuse(error, form)
        else:
            messages.success(request, _("The file is added."))
            return redirect(document)
    return render(request, "library/file_form.html", {"form": form, "document": document})
