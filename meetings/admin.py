from django.contrib import admin

from .models import Meeting, MeetingAttendance, Proposal


class AttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    raw_id_fields = ["participant"]
    extra = 0


class ProposalInline(admin.StackedInline):
    model = Proposal
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "town", "organiser"]
    search_fields = ["town", "organiser"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, ProposalInline]
