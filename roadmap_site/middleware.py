import base64
import hashlib
import logging

from csp.constants import UNSAFE_HASHES
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render

from .query_strings import query_dict

logger = logging.getLogger(__name__)


def _style_hash(declarations: str) -> str:
    digest = base64.b64encode(hashlib.sha256(declarations.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# The one inline style the Django admin shows us: django-simple-history's history page
# (simple_history/object_history_list.html, `<p class="paginator" style="border-top: 0">`). Allowed by
# its hash, on /admin/ only, rather than 'unsafe-inline': the admin keeps the same strict policy as the
# site and a new inline style after an upgrade shows up as a violation in tests/browser/test_csp.py.
ADMIN_STYLE_ATTRIBUTES = ["border-top: 0"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) on every page, with two exceptions:

    - PDFs get no header: they are not web pages, and a document policy such as object-src 'none' can
      keep a browser's built-in PDF viewer from showing them;
    - the Django admin also allows the few inline style attributes its third-party templates carry.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            hashes = [_style_hash(style) for style in ADMIN_STYLE_ATTRIBUTES]
            parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_HASHES, *hashes]}
        return parts


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


class QueryFieldsMiddleware:
    """request.GET holds at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields of a longer query string (the rest
    ignored) instead of refusing the whole request with a 400 and an error traceback in the log.
    Form data sent by POST keeps Django's limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # the bytes Django itself reads GET from (WSGI hands the query string over as Latin-1 text)
        raw = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if limit is not None and raw.count(b"&") >= limit:
            request.GET = query_dict(raw)
        return self.get_response(request)
