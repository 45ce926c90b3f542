from django.db import DatabaseError
from django.http import HttpRequest

from .editions import current_edition


def edition(request: HttpRequest) -> dict:
    """The edition every page shows in its footer (number and date)."""
    try:
        return {"edition": current_edition(request)}
    except DatabaseError:
        # The 503 page is rendered exactly when the database does not answer.
        return {"edition": None}
