"""What meetings does when trainings merges two records of one person."""

from .models import MeetingAttendance


def move_meeting_attendance(sender, *, keep, remove, **kwargs) -> None:
    """Move `remove`'s meeting attendance to `keep`; a meeting both records attended keeps one row."""
    both = MeetingAttendance.objects.filter(participant=keep).values("meeting_id")
    MeetingAttendance.objects.filter(participant=remove, meeting_id__in=both).delete()
    MeetingAttendance.objects.filter(participant=remove).update(participant=keep)
