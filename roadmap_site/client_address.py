"""The address a request came from: what the login lockout (django-axes) and every throttle count by."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT = N proxies the Nth address from the right of
    X-Forwarded-For. Each trusted proxy appends the address it saw, so anything further left is whatever the
    client chose to send and is never believed. A header shorter than N, or an entry that is not an IP
    address, falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
