from django.http import HttpRequest

from .editions import current_edition


def edition(request: HttpRequest) -> dict:
    """The edition every page shows in its footer (number and date)."""
    return {"edition": current_edition(request)}
