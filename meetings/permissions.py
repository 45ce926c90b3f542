"""Who may see and keep the records of consultative meetings: the one place these rules live.

Staff only: coordinators, trainers and administrators (the permission keep_meeting_records, given to
those roles by migration 0002). Officers and anonymous visitors never see a meeting: the records name
people and their institutions.
"""

from roadmap_site.permissions import requiring


def can_keep_meetings(user) -> bool:
    return user.is_authenticated and user.has_perm("meetings.keep_meeting_records")


meetings_view = requiring(can_keep_meetings)
