"""The published edition as JSON for the guide offline (and other systems): read-only and cacheable.

`current.json` says which edition is current and links to its documents (a short cache: a new edition is
noticed within a minute); `<n>/<lang>.json` is one edition in one language, which never changes (a long,
immutable cache and an ETag). Both follow the reading rule of the reader pages (ROADMAP_REQUIRE_LOGIN).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap.editions import latest_edition, load_edition
from roadmap.languages import language_codes
from roadmap.permissions import reader_download

from .offline import FORMAT, edition_json

CURRENT_MAX_AGE = 60
EDITION_MAX_AGE = 365 * 24 * 3600


def _cache(response: HttpResponse, max_age: int, *, immutable: bool = False) -> HttpResponse:
    # A private roadmap's documents are for signed-in readers: no shared cache may keep them.
    scope = {"private": True} if settings.ROADMAP_REQUIRE_LOGIN else {"public": True}
    patch_cache_control(response, max_age=max_age, **scope, **({"immutable": True} if immutable else {}))
    if settings.ROADMAP_REQUIRE_LOGIN:
        patch_vary_headers(response, ["Cookie"])
    return response


def _not_found(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=404)


@require_safe
@reader_download
def edition_current(request: HttpRequest) -> HttpResponse:
    edition = latest_edition()
    if edition is None:
        with translation.override(settings.LANGUAGE_CODE):
            return _cache(_not_found(_("The roadmap has not been published yet.")), CURRENT_MAX_AGE)
    documents = {
        lang: reverse("api:edition_json", kwargs={"number": edition.number, "lang": lang})
        for lang in language_codes()
    }
    body = {
        "format": FORMAT,
        "number": edition.number,
        "published_at": edition.published_at.isoformat(),
        "documents": documents,
    }
    return _cache(JsonResponse(body, json_dumps_params={"ensure_ascii": False}), CURRENT_MAX_AGE)


@require_safe
@reader_download
def edition_document(request: HttpRequest, number: int, lang: str) -> HttpResponse:
    known = lang in language_codes()
    with translation.override(lang if known else settings.LANGUAGE_CODE):
        if not known:
            return _not_found(_("There is no such language."))
        edition = load_edition(number)
        if edition is None:
            return _not_found(_("There is no such edition."))
        body, etag = edition_json(edition.localized(lang))
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    return _cache(response, EDITION_MAX_AGE, immutable=True)
