from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(TranslationAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]
