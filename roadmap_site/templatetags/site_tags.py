from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language, so the switcher stays on the same page."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


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
