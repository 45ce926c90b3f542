from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .session_state import session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def assess_new_session(sender, request, user, **kwargs):
    # Every login, whichever view made it (ours, the admin's, a test client's), starts with the second
    # factor still to be proven.
    if request is not None and hasattr(request, "session"):
        session_start(request.session, user)
