from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Figure, Series


@admin.register(Series)
class SeriesAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("title", "slug", "category_kind", "position")


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("series", "year", "category", "value", "source_title", "source_date")
    list_filter = ("series",)
