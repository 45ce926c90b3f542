"""Path and handover printouts as documents: built from (edition, language, parameters), never from a request.

A path (a scenario's, or the guide's answers and event times) is resolved by cases.selectors; the document
then only says how to render, name and cache it (roadmap_site.pdf).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from roadmap.editions import load_edition
from roadmap.printouts import pdf_filename, qr_context
from roadmap.projection import EditionInLanguage
from roadmap.published import PublishedScenario
from roadmap_site.pdf import PrintDocument
from roadmap_site.pdf_jobs import custom_document, recipe_for

from .case_path import CasePath
from .flowchart import flowchart_svg, path_parts, with_id_prefix
from .selectors import guide_state, path_institutions, path_terms, scenario_state

FLOWCHART_STEPS_PER_PAGE = 14


def _path_context(
    *,
    edition: EditionInLanguage,
    view: CasePath,
    qr: dict,
    doc_title: str,
    scenario: PublishedScenario | None = None,
) -> dict:
    # The path in parts of FLOWCHART_STEPS_PER_PAGE steps, each with where its steps lead: the whole
    # pathway on one A4 page is unreadable, and so is a 30-step path.
    charts = [
        flowchart_svg(edition=edition, path=view.path, lang=edition.lang, part=part)
        for part in path_parts(view.path, FLOWCHART_STEPS_PER_PAGE)
    ]
    return {
        "roadmap": edition,
        "view": view,
        "scenario": scenario,
        "doc_title": doc_title,
        **qr,
        # mark_safe: dot's output for labels it escaped itself (as on the flowchart page).
        "flowcharts": (
            [mark_safe(with_id_prefix(svg, f"part{number}-")) for number, svg in enumerate(charts, 1)]
            if charts and all(charts)
            else []
        ),
        "institutions": path_institutions(view),
        "terms": path_terms(view),
    }


def _page_url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def scenario_document(
    edition: EditionInLanguage, slug: str, *, query_string: str, now: datetime, site_url: str
) -> PrintDocument | None:
    """A scenario's path, with due dates from the event times in `query_string`; None for no such scenario.

    Not stored when the link had something that could not be read (the page shows why)."""
    state = scenario_state(edition=edition, slug=slug, query_string=query_string, now=now)
    if state is None:
        return None
    scenario, view = state
    page_url = _page_url("cases:scenario_detail", edition.lang, slug=slug)
    times = urlencode(sorted(view.time_values.items()))
    # Times in the link are a child's case: such a PDF is rendered by the worker and never kept.
    store = not view.messages and not view.times
    recipe = None
    if not store:
        recipe = recipe_for(
            scenario_document_again,
            **_recipe_edition(edition),
            slug=slug,
            query_string=query_string,
            now=now.isoformat(),
            site_url=site_url,
        )
    return PrintDocument(
        template_name="cases/pdf/roadmap.html",
        key_parts=("scenario", slug, edition.cache_key, *sorted(view.time_values.items()), view.regime_key),
        filename=pdf_filename(slug, edition),
        edition=edition.number,
        language=edition.lang,
        site_url=site_url,
        store=store,
        recipe=recipe,
        context=lambda: _path_context(
            edition=edition,
            view=view,
            scenario=scenario,
            doc_title=scenario.name,
            qr=qr_context(site_url, page_url, edition, query=times),
        ),
    )


def guide_document(
    edition: EditionInLanguage, *, query_string: str, now: datetime, site_url: str, handover: bool = False
) -> tuple[PrintDocument, str]:
    """The guide's path (or its handover note) for the answers and times in `query_string`, and the page it
    prints (for the "back" link)."""
    view = guide_state(edition=edition, query_string=query_string, now=now)
    page_url = _page_url("cases:guide_handover" if handover else "cases:guide", edition.lang)
    qr = qr_context(site_url, page_url, edition, query=view.query)

    def context() -> dict:  # built only when the PDF is not in the cache
        if handover:
            return {"roadmap": edition, "view": view, "doc_title": _("Handover note"), **qr}
        return _path_context(edition=edition, view=view, doc_title=_("Path from the guide"), qr=qr)

    template, name = (
        ("cases/pdf/handover.html", "predavane") if handover else ("cases/pdf/roadmap.html", "patevoditel")
    )
    # Answers, event times or an institution in the link describe a child's case: such a PDF is rendered
    # by the worker and never kept (only the empty guide's is stored).
    store = not view.messages and not view.path.answer_pairs() and not view.times and view.own is None
    recipe = None
    if not store:
        recipe = recipe_for(
            guide_document_again,
            **_recipe_edition(edition),
            query_string=query_string,
            now=now.isoformat(),
            site_url=site_url,
            handover=handover,
        )
    document = PrintDocument(
        template_name=template,
        context=context,
        key_parts=(name, edition.cache_key, view.query, tuple(view.messages), view.regime_key),
        filename=pdf_filename(name, edition),
        edition=edition.number,
        language=edition.lang,
        site_url=site_url,
        store=store,
        recipe=recipe,
    )
    return document, f"{page_url}?{view.query}"


def _recipe_edition(edition: EditionInLanguage) -> dict:
    return {"edition": edition.number, "lang": edition.lang}


def _edition_in(edition: int, lang: str) -> EditionInLanguage:
    published = load_edition(edition)
    if published is None:
        raise LookupError(f"There is no edition {edition}.")
    return published.localized(lang)


@custom_document
def scenario_document_again(
    *, edition: int, lang: str, slug: str, query_string: str, now: str, site_url: str
) -> PrintDocument | None:
    """scenario_document, built by the background worker from a recipe."""
    return scenario_document(
        _edition_in(edition, lang),
        slug,
        query_string=query_string,
        now=datetime.fromisoformat(now),
        site_url=site_url,
    )


@custom_document
def guide_document_again(
    *, edition: int, lang: str, query_string: str, now: str, site_url: str, handover: bool
) -> PrintDocument:
    """guide_document, built by the background worker from a recipe."""
    document, _back_url = guide_document(
        _edition_in(edition, lang),
        query_string=query_string,
        now=datetime.fromisoformat(now),
        site_url=site_url,
        handover=handover,
    )
    return document


def scenario_standard_documents(edition: EditionInLanguage, site_url: str) -> Iterator[PrintDocument | None]:
    """Every scenario's path without event times: the scenario PDFs an edition renders ahead
    (roadmap.standard_pdfs), keyed exactly as a download of the scenario's PDF link."""
    now = timezone.now()
    for slug in edition.scenario_map:
        yield scenario_document(edition, slug, query_string="", now=now, site_url=site_url)
