"""Limits on guesses (passwords, certificate holders' names) per client address or per target.

Counted by django-ratelimit in the "throttle" cache, a database table shared by every worker process. A
Limit names what it counts and the setting that holds its rate ("20/15m"); each app declares its own.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    group: str
    rate_setting: str

    def _usage(self, request: HttpRequest, key: str, *, increment: bool) -> dict | None:
        rate = getattr(settings, self.rate_setting)
        return get_usage(
            request, group=self.group, key=lambda _group, _request: key, rate=rate, increment=increment
        )

    def retry_after(self, request: HttpRequest, key: str) -> int | None:
        """Seconds until `key` may try again when it has used up this limit; None while attempts remain.
        Does not count as an attempt."""
        usage = self._usage(request, key, increment=False)
        if usage is None or usage["count"] < usage["limit"]:
            return None
        return max(usage["time_left"], 1)

    def record(self, request: HttpRequest, key: str) -> None:
        """Count one attempt by `key`."""
        self._usage(request, key, increment=True)


def minutes(seconds: int) -> int:
    """Seconds to wait, as the whole minutes a person is told (never 0)."""
    return max(1, -(-seconds // 60))
