"""The profile's charts: server-rendered SVG bars, no JavaScript, the same on paper as on screen.

Each chart is an inline <svg role="img"> with an aria-label, a <title> and a <desc>; the page shows a
table with the same figures (and their sources) right after it, so nothing is only in the picture. Its
natural width is that of a 360 px phone, so its labels stay readable there and on paper.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Figure

WIDTH = 350  # a 360 px phone's width: the labels keep their size on it and on paper
VALUE_WIDTH = 60
CHAR_WIDTH = 7  # an average glyph at FONT, for sizing the label column
ROW_HEIGHT = 24
BAR_HEIGHT = 16
FONT = 12
BAR_COLOUR = "#0b5394"
TEXT_COLOUR = "#212529"


def figure_label(figure: Figure) -> str:
    return f"{figure.year} · {figure.category}" if figure.category else str(figure.year)


def _truncate(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, chart_id: str, title: str, desc: str, figures: list[Figure]) -> SafeString:
    """Horizontal bars, one per figure (year, or year and category), the value at the bar's end."""
    high = max((figure.value for figure in figures), default=0) or 1
    longest = max((len(_truncate(figure_label(figure))) for figure in figures), default=4)
    label_width = min(170, max(44, CHAR_WIDTH * longest + 12))
    bar_area = WIDTH - label_width - VALUE_WIDTH
    width = WIDTH
    height = max(1, len(figures)) * ROW_HEIGHT + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="profile-chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}" '
        f'aria-describedby="{desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    previous_year = None
    for index, figure in enumerate(figures):
        y = 4 + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 3
        bar_width = max(bar_area * figure.value / high, 1)
        if previous_year is not None and figure.year != previous_year:
            # a faint rule between years, so the categories of one year read as a group
            parts.append(
                f'<line x1="0" x2="{width}" y1="{y - 4}" y2="{y - 4}" stroke="#ced4da" '
                f'stroke-width="1"></line>'
            )
        previous_year = figure.year
        parts.append(
            f'<text x="{label_width - 6}" y="{text_y}" text-anchor="end" font-size="{FONT}" '
            f'fill="{TEXT_COLOUR}">{escape(_truncate(figure_label(figure)))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar_width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"></rect>'
            f'<text x="{label_width + bar_width + 4:.1f}" y="{text_y}" font-size="{FONT}" '
            f'fill="{TEXT_COLOUR}">{escape(number_format(figure.value, force_grouping=True))}</text>'
        )
    parts.append("</svg>")
    # mark_safe: every text above went through escape(); numbers are formatted here.
    return mark_safe("".join(parts))
