import logging

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
            response = render(request, "503.html", {"edition": None}, status=503)
            response["Retry-After"] = "30"
            return response
        return None
