"""Server-rendered SVG bar charts: no JavaScript, print as they look, readable by screen readers.

Each chart is an inline <svg role="img"> with <title> and <desc> (aria-labelledby both); the page
puts a data table with the same figures next to it, so nothing is only in the picture.
"""

from __future__ import annotations

import itertools

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .reports import Figures

_ids = itertools.count(1)

LABEL_WIDTH = 210
BAR_AREA = 300
VALUE_WIDTH = 70
ROW_HEIGHT = 22
BAR_HEIGHT = 14


def _fmt(value: float, decimals: int | None = None) -> str:
    """A figure as the active language writes it: 22,3 and 1 250 in Bulgarian, 22.3 and 1,250 in English;
    whole numbers without decimals unless `decimals` is given."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _truncate(text: str, limit: int = 30) -> str:
    """Long labels keep their beginning and their end, where names differ ("ГД „Гранична…— РДГП Русе");
    the full label is the bar's tooltip and in the data table."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[-(limit - 1 - head) :].lstrip()


def bar_chart(
    *,
    title: str,
    desc: str,
    rows: list[tuple[str, float]],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    decimals: int | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), with the label on the left and the value on the right.

    `target`, when given, draws a dashed vertical line at that value (e.g. people trained vs. target).
    Negative values (a knowledge loss) draw to the left of a zero line.
    """
    number = next(_ids)
    title_id, desc_id = f"chart{number}-title", f"chart{number}-desc"
    values = [value for _label, value in rows]
    high = max([*values, target or 0, 0]) or 1
    low = min([*values, 0])
    span = (high - low) or 1
    zero_x = LABEL_WIDTH + BAR_AREA * (-low / span)
    height = max(1, len(rows)) * ROW_HEIGHT + 10 + (16 if target is not None else 0)
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    parts = [
        # Its natural width as an attribute, not style="max-width: …" (the site's CSP allows none): CSS
        # (static/css/dashboard.css) lets it shrink to a narrow column and keeps the proportions.
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    if not rows:
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{5 + BAR_HEIGHT - 3}" font-size="11" font-style="italic" '
            f'fill="#555">{escape(_("No data yet."))}</text>'
        )
    for index, (label, value) in enumerate(rows):
        y = 5 + index * ROW_HEIGHT
        bar_start = zero_x if value >= 0 else zero_x - BAR_AREA * (-value / span)
        bar_width = BAR_AREA * abs(value) / span
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" font-size="11" '
            f'fill="#212529"><title>{escape(label)}</title>{escape(_truncate(label))}</text>'
            f'<rect x="{bar_start:.1f}" y="{y}" width="{max(bar_width, 0.5):.1f}" height="{BAR_HEIGHT}" '
            f'fill="{"#0b5394" if value >= 0 else "#a33a3a"}"></rect>'
            f'<text x="{LABEL_WIDTH + BAR_AREA + 6}" y="{y + BAR_HEIGHT - 3}" font-size="11" '
            f'fill="#212529">{escape(_fmt(value, decimals))}{escape(unit)}</text>'
        )
    if low < 0:
        parts.append(
            f'<line x1="{zero_x:.1f}" x2="{zero_x:.1f}" y1="0" y2="{height}" stroke="#555" '
            f'stroke-width="1"></line>'
        )
    if target is not None:
        x = LABEL_WIDTH + BAR_AREA * ((target - low) / span)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 14}" stroke="#b58100" stroke-width="2" '
            f'stroke-dasharray="4 3"></line>'
            f'<text x="{x:.1f}" y="{height - 3}" text-anchor="middle" font-size="10" fill="#6b4c00">'
            f"{escape(target_label)}</text>"
        )
    parts.append("</svg>")
    # mark_safe: every text above went through escape(); numbers are formatted by this function.
    return mark_safe("".join(parts))


def dashboard_charts(figures: Figures) -> dict[str, SafeString]:
    """The dashboard's charts of the programme figures, by name."""
    people = _("people")
    return {
        "target": bar_chart(
            title=_("People trained vs. target"),
            desc=_("%(trained)s people trained of a target of %(target)s.")
            % {"trained": _fmt(figures.trained), "target": _fmt(figures.target)},
            rows=[(_("People trained"), figures.trained)],
            target=figures.target,
            target_label=_("target %(target)s") % {"target": _fmt(figures.target)},
        ),
        "kind": bar_chart(
            title=_("People trained by institution kind"),
            desc=people,
            rows=[(r.label, r.people) for r in figures.by_kind],
        ),
        "region": bar_chart(
            title=_("People trained by region"),
            desc=people,
            rows=[(r.label, r.people) for r in figures.by_region],
        ),
        "gender": bar_chart(
            title=_("People trained by gender"),
            desc=people,
            rows=[(r.label, r.people) for r in figures.by_gender],
        ),
        "institution": bar_chart(
            title=_("People trained by institution"),
            desc=people,
            rows=[(r.label, r.people) for r in figures.by_institution[:15]],
        ),
        "month": bar_chart(
            title=_("People trained by month"),
            desc=people,
            rows=[(r.label, r.people) for r in figures.by_month],
        ),
        "gain": bar_chart(
            title=_("Knowledge gain by session"),
            desc=_("Mean post-test minus pre-test, percentage points."),
            rows=[(r.label, r.value or 0) for r in figures.gain_by_session[:20]],
            unit="\u00a0" + _("pp"),
            decimals=1,
        ),
    }
