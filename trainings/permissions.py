"""Who may see and change training records: the one place these rules live.

Participants' personal data is never readable without login; the only public trainings page is the
certificate check, which confirms a name, a session and its dates and nothing else.

The rules are per role, not per session: any trainer may see and edit any session, its registrations,
attendance, results and printouts. TrainingSession.organisers records who runs a session and is shown on
its page; it is deliberately not used for authorisation.
"""

from roadmap_site.permissions import requiring


def can_run_trainings(user) -> bool:
    """Trainers (and administrators) see sessions and participants and change them."""
    return user.is_authenticated and user.has_perm("trainings.run_trainings")


def can_export_named_lists(user) -> bool:
    """Exporting lists with participants' names is a separate right, and every use is logged."""
    return can_run_trainings(user) and user.has_perm("trainings.export_named_lists")


trainer_view = requiring(can_run_trainings)
named_export_view = requiring(can_export_named_lists)
