"""Exports: the funder's figures (XLSX with "Figures" and "Definitions" sheets, or CSV), and the named list.

The figures carry no names. A cell that counts fewer than SUPPRESS_BELOW (5) people shows "<5"
(primary suppression); when a breakdown would then have exactly one suppressed cell, its next
smallest cell is suppressed too (secondary suppression), so the total minus the shown cells
cannot reveal a suppressed one. Means (knowledge gain, contact hours) of a suppressed group are
suppressed with it.

Every text cell of every export goes through `neutralise()`: a value starting with = + - @, a
tab or a carriage return would be read as a formula by a spreadsheet, so it gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .reports import SUPPRESS_BELOW, Figures, Row

SUPPRESSED = "<5"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class FigureLine:
    section: str
    category: str
    people: int | str | None
    value: float | str | None = None
    unit: str = ""


def _number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return round(float(value), 1)


def suppress_group(counts: list[int]) -> list[bool]:
    """Which cells of one breakdown to hide: 1–4 people, plus the next smallest when only one is hidden."""
    hidden = [0 < count < SUPPRESS_BELOW for count in counts]
    if sum(hidden) == 1:
        candidates = [(count, index) for index, count in enumerate(counts) if not hidden[index] and count > 0]
        if candidates:
            hidden[min(candidates)[1]] = True
    return hidden


def _breakdown(
    section: str, rows: list[Row], *, unit: str = "", with_value: bool = False
) -> list[FigureLine]:
    hidden = suppress_group([row.people for row in rows])
    lines = []
    for row, hide in zip(rows, hidden, strict=True):
        value = _number(row.value) if with_value else None
        lines.append(
            FigureLine(
                section=section,
                category=row.label,
                people=SUPPRESSED if hide else row.people,
                value=(SUPPRESSED if hide and value is not None else value),
                unit=unit,
            )
        )
    return lines


def figure_lines(figures: Figures) -> list[FigureLine]:
    summary = _("Summary")
    once_repeat = suppress_group([figures.once, figures.repeat])
    lines = [
        FigureLine(summary, _("People trained (attended at least one day)"), figures.trained),
        FigureLine(summary, _("Target"), figures.target),
        FigureLine(summary, _("Attended one session"), SUPPRESSED if once_repeat[0] else figures.once),
        FigureLine(
            summary,
            _("Attended two or more sessions (repeat participants)"),
            SUPPRESSED if once_repeat[1] else figures.repeat,
        ),
        FigureLine(summary, _("Sessions held"), None, figures.sessions_held),
        FigureLine(summary, _("Contact hours delivered"), None, _number(figures.contact_hours), _("hours")),
        FigureLine(summary, _("Participant contact hours"), None, _number(figures.person_hours), _("hours")),
        FigureLine(
            summary,
            _("Knowledge gain, all sessions"),
            SUPPRESSED if 0 < figures.gain_people < SUPPRESS_BELOW else figures.gain_people,
            SUPPRESSED if 0 < figures.gain_people < SUPPRESS_BELOW else _number(figures.gain_overall),
            _("percentage points"),
        ),
    ]
    lines += _breakdown(_("By institution kind"), figures.by_kind)
    lines += _breakdown(_("By region (where the session took place)"), figures.by_region)
    lines += _breakdown(_("By gender"), figures.by_gender)
    lines += _breakdown(_("By institution"), figures.by_institution)
    lines += _breakdown(_("By month"), figures.by_month, unit=_("participant contact hours"), with_value=True)
    lines += _breakdown(
        _("Knowledge gain by session"), figures.gain_by_session, unit=_("percentage points"), with_value=True
    )
    lines += _breakdown(
        _("Knowledge gain by institution"),
        figures.gain_by_institution,
        unit=_("percentage points"),
        with_value=True,
    )
    return lines


def definitions() -> list[tuple[str, str]]:
    return [
        (
            _("People trained"),
            _("Participants who attended at least one day of a session; each person counts once."),
        ),
        (_("Repeat participants"), _("People trained who attended days of two or more sessions.")),
        (
            _("Contact hours delivered"),
            _("The sum of the contact hours of every session day that at least one participant attended."),
        ),
        (
            _("Participant contact hours"),
            _("The sum, over every attended day of every participant, of that day's contact hours."),
        ),
        (
            _("By month"),
            _(
                "Each person counts once, in the month of their first attended day, so the months add up to "
                "the people trained. Participant contact hours count in the month of the day attended."
            ),
        ),
        (_("Region"), _("The region (област) where the session took place.")),
        (
            _("Institution, institution kind, gender"),
            _("As recorded for the participant; a person counts once in each breakdown."),
        ),
        (
            _("Knowledge gain"),
            _(
                "The mean of post-test minus pre-test score, in percentage points, over "
                "registrations with both scores."
            ),
        ),
        (
            _("Suppression"),
            _(
                'Cells counting 1 to 4 people are shown as "<5", with their mean values. When a breakdown '
                'has exactly one such cell, its next smallest cell is shown as "<5" too, so that no hidden '
                "cell can be worked out from the total. No names or contact details are exported."
            ),
        ),
        (_("Exported"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
    ]


def _headers() -> list[str]:
    return [_("Section"), _("Category"), _("People"), _("Value"), _("Unit")]


def figures_xlsx(figures: Figures) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append([neutralise(h) for h in _headers()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in figure_lines(figures):
        sheet.append(
            [neutralise(value) for value in (line.section, line.category, line.people, line.value, line.unit)]
        )
    for column, width in zip("ABCDE", (34, 48, 10, 10, 26), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Definitions")
    notes.append([neutralise(_("Term")), neutralise(_("Definition"))])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for term, text in definitions():
        notes.append([neutralise(term), neutralise(text)])
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["B"].width = 100
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    return _save(book)


def figures_csv(figures: Figures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in _headers()])
    for line in figure_lines(figures):
        writer.writerow(
            [
                neutralise("" if v is None else v)
                for v in (line.section, line.category, line.people, line.value, line.unit)
            ]
        )
    # a byte order mark, so that spreadsheet programs read the Cyrillic as UTF-8
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figures_file(figures: Figures, *, kind: str) -> ExportFile:
    """The funder's figures as "xlsx" or "csv", named with today's date."""
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        return ExportFile(f"trainings-figures-{stamp}.csv", "text/csv; charset=utf-8", figures_csv(figures))
    return ExportFile(f"trainings-figures-{stamp}.xlsx", XLSX_TYPE, figures_xlsx(figures))


def named_list_xlsx(registrations) -> tuple[bytes, int]:
    """The list with names and contacts (a separate, logged permission); (bytes, rows)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Participants"
    headers = [
        _("Session"),
        _("First day"),
        _("Town"),
        _("Full name"),
        _("Institution"),
        _("Position"),
        _("Region"),
        _("E-mail"),
        _("Phone"),
        _("Days attended"),
        _("Pre-test (%)"),
        _("Post-test (%)"),
        _("Certificate code"),
    ]
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for registration in registrations:
        participant, session = registration.participant, registration.session
        sheet.append(
            [
                neutralise(v)
                for v in (
                    session.title,
                    session.start_date.strftime("%d.%m.%Y"),
                    session.town,
                    participant.full_name,
                    participant.institution_name,
                    participant.position,
                    participant.get_region_display(),
                    participant.email,
                    participant.phone,
                    registration.attended_days,
                    registration.pre_test_score,
                    registration.post_test_score,
                    registration.certificate_code or "",
                )
            ]
        )
        count += 1
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    sheet.freeze_panes = "A2"
    return _save(book), count


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
