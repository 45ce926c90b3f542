"""The Django admin for training records (administrators); the trainers' pages are under /trainings/."""

from django.contrib import admin

from .models import Attendance, ExportLog, Handout, Participant, Registration, SessionDay, TrainingSession


class SessionDayInline(admin.TabularInline):
    model = SessionDay
    extra = 0


class HandoutInline(admin.TabularInline):
    model = Handout
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "town", "start_date", "end_date", "status", "capacity"]
    list_filter = ["status", "region", "format", "language"]
    search_fields = ["title", "town", "venue", "project_code"]
    date_hierarchy = "start_date"
    filter_horizontal = ["organisers"]
    inlines = [SessionDayInline, HandoutInline]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["session", "pre_test_score", "post_test_score", "satisfaction", "certificate_code"]
    readonly_fields = ["certificate_code"]
    raw_id_fields = ["session"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "institution_name", "region", "email", "consent_date", "pseudonymised_at"]
    list_filter = ["region", "institution_kind", "gender"]
    search_fields = ["full_name", "institution_name", "email"]
    readonly_fields = ["pseudonymised_at", "created_at"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "participant",
        "session",
        "pre_test_score",
        "post_test_score",
        "satisfaction",
        "certificate_code",
    ]
    list_filter = ["session"]
    search_fields = ["participant__full_name", "certificate_code"]
    raw_id_fields = ["participant", "session"]
    list_select_related = ["participant", "session"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "day"]
    raw_id_fields = ["registration", "day"]
    list_select_related = ["registration__participant", "registration__session", "day__session"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["exported_at", "user", "what", "session", "rows"]
    readonly_fields = ["exported_at", "user", "what", "session", "rows"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
