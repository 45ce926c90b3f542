"""How often the public certificate check confirms a name. Once retention has pseudonymised the holder, the
check is the only place a name can be confirmed: guessing names one after another must not pay."""

from django.http import HttpRequest

from roadmap_site.client_address import client_address
from roadmap_site.throttles import Limit

NAME_CHECKS_PER_ADDRESS = Limit("certificate-name-checks-per-address", "CERTIFICATE_NAME_CHECKS_PER_ADDRESS")
NAME_CHECKS_PER_CERTIFICATE = Limit("certificate-name-checks-per-code", "CERTIFICATE_NAME_CHECKS_PER_CODE")


def name_check_take(request: HttpRequest, code: str) -> int | None:
    """Count one name check of certificate `code` from this address and return None; or, when the address
    or the certificate has used up its checks, count nothing and return the seconds to wait."""
    counted = ((NAME_CHECKS_PER_ADDRESS, client_address(request)), (NAME_CHECKS_PER_CERTIFICATE, code))
    waits = [wait for limit, key in counted if (wait := limit.retry_after(request, key)) is not None]
    if waits:
        return max(waits)
    for limit, key in counted:
        limit.record(request, key)
    return None
