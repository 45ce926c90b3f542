import logging

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A database that does not answer gives a translated 503 page, not a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or type(exception) is DatabaseError:
            logger.exception("Database unavailable while serving %s", request.path)
            # The page must not ask the database who is signed in (the session table is gone too): it
            # is rendered as for a visitor, which is all a 503 page needs.
            request.user = AnonymousUser()
            response = render(request, "503.html", {"edition": None}, status=503)
            response["Retry-After"] = "30"
            return response
        return None
