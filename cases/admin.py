from django.contrib import admin

from roadmap.admin import HistoryTranslationAdmin

from .models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(HistoryTranslationAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]
