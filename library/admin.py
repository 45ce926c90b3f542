from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Document, DocumentFile


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    fields = ["language", "version_label", "version_date", "original_name", "size", "content_type", "sha256"]
    readonly_fields = ["original_name", "size", "content_type", "sha256"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # files are added through the library's own page, where they are checked


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ["title", "kind", "visibility", "updated_at"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title_bg", "title_en", "slug"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    inlines = [DocumentFileInline]

    def has_add_permission(self, request):
        return False  # documents are added through the library's own page, with their first file
