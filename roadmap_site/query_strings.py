"""Reading a link's query string without ever refusing it for having too many fields."""

from django.conf import settings
from django.http import QueryDict


def query_dict(query_string: str | bytes) -> QueryDict:
    """The fields of a query string, at most DATA_UPLOAD_MAX_NUMBER_FIELDS of them: the rest are ignored.

    Django's QueryDict raises TooManyFieldsSent beyond that number, which answers a forged or mangled
    link with a 400 and logs a traceback. A GET query string is already bounded by the server's
    request-line limit (gunicorn: 4 KB), so reading its first fields costs nothing and the page still
    opens; what a page does with odd values is the page's business."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    separator = b"&" if isinstance(query_string, bytes) else "&"
    if limit is not None and query_string.count(separator) >= limit:
        query_string = separator.join(query_string.split(separator, limit)[:limit])
    return QueryDict(query_string)
