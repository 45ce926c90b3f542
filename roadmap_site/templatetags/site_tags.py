from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language, so the switcher stays on the same page."""
    request = context.get("request")
    page = _our_page(request)
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": _page_in(page, code),
                "current": code == current,
            }
        )
    return links


def _our_page(request) -> str | None:
    """The request's path and query when the path is one of our pages, else None (a 404 page's address
    can be anything: `GET //evil.example/` has the path `//evil.example/`)."""
    if request is None:
        return None
    try:
        resolve(request.path_info)
    except Resolver404:
        return None
    return request.get_full_path()


def _page_in(page: str | None, code: str) -> str:
    """The page's address in another language, or that language's home page. Always a path on this site:
    translate_url() returns what it cannot resolve unchanged, and keeps a host it finds in the address."""
    if page is not None:
        url = translate_url(page, code)
        if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            return url
    with override(code):
        return reverse("roadmap:home")


@register.inclusion_tag("includes/_breadcrumbs.html")
def breadcrumbs(*items) -> dict:
    """`{% breadcrumbs "Roadmap" url "Step title" %}`: label/URL pairs, the last label is this page."""
    items = list(items)
    crumbs = [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
    if len(items) % 2:
        crumbs.append((items[-1], None))
    return {"crumbs": crumbs}


@register.inclusion_tag("includes/_breadcrumbs.html")
def manage_breadcrumbs(*items) -> dict:
    """`{% manage_breadcrumbs … %}`: breadcrumbs of a coordinators' page, under "Manage"."""
    return breadcrumbs(_("Manage"), reverse("manage:dashboard"), *items)
