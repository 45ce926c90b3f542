"""An uploaded registration list (CSV or XLSX) read into rows of cells, within limits checked before
anything is parsed.

A 300 KB workbook can unpack to gigabytes (security audit 2026-12, M2), so nothing in it is trusted:
first the upload's size; then the ZIP's central directory (parts, unpacked sizes, ratios), which bounds
everything read later because `zipfile` never returns more than a part's declared size (a part that
lies fails its CRC check); then streaming expat scans, holding one cell at a time: of every XML part
(elements counted, a DOCTYPE refused), of the shared strings, and of the first sheet (rows, columns,
characters per cell); and only then openpyxl, read-only, over exactly the range the scan found. A CSV
gets the same row, column and cell limits as it is read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.packaging.manifest import Manifest
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

from roadmap_site.uploads import MB, ArchiveLimits, UploadRefused, check_archive

MAX_BYTES = 2 * MB  # the upload
MAX_ROWS = 1000  # people, after the header row
MAX_COLUMNS = 50
MAX_CELL_CHARS = 500
# A workbook saved by Excel or LibreOffice has 10–30 parts and a list of 1,000 people unpacks to about
# 1 MB (ratio about 15); these bounds leave room for pictures and formatting, not for bombs.
ARCHIVE_LIMITS = ArchiveLimits(
    max_members=100, max_unpacked_bytes=20 * MB, max_ratio=100, ratio_from_bytes=MB
)
# Elements in all the XML parts together: a full sheet of 1,000 rows × 50 columns has about 150,000
# (<c><is><t>), its shared strings as many again. openpyxl keeps what it parses of a sheet's start (and
# all of a sheet without a <dimension>), so this bounds its memory.
MAX_XML_ELEMENTS = 300_000
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding, header, limits)."""


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(_("The file is not a readable XLSX workbook."))


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("The file has values in more than %(max)d columns; delete the columns the list does not need.")
        % {"max": MAX_COLUMNS}
    )


def _cell_too_long(row: int, column: int) -> ImportFileError:
    return ImportFileError(
        _("Row %(row)d, column %(column)s holds more than %(max)d characters.")
        % {"row": row, "column": get_column_letter(column), "max": MAX_CELL_CHARS}
    )


def _sheet_too_large() -> ImportFileError:
    return ImportFileError(
        _(
            "The sheet is too large: at most %(rows)d rows of %(columns)d columns are read. Delete the "
            "empty rows and columns, or split the file."
        )
        % {"rows": MAX_ROWS, "columns": MAX_COLUMNS}
    )


# Whole files ---------------------------------------------------------------------------------------------


def read_table(*, name: str, data: bytes) -> list[list[Any]]:
    """The non-empty rows of an uploaded CSV or XLSX (header first), or ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // MB})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ImportFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    table = list(_within_limits(rows))
    if not table:
        raise ImportFileError(_("The file is empty."))
    return table


def _within_limits(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """The rows that hold anything, each cut after its last value; ImportFileError past any limit."""
    kept = 0
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise _too_many_columns()
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise _cell_too_long(number, column)
        kept += 1
        if kept > MAX_ROWS + 1:
            raise _too_many_rows()
        yield cells


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# CSV -----------------------------------------------------------------------------------------------------


def _read_csv(data: bytes) -> Iterator[list[str]]:
    not_utf8 = ImportFileError(_("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
    if b"\x00" in data:  # UTF-16, or not text at all
        raise not_utf8
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8 from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _cell_too_long(reader.line_num, 1) from error
            problem = _("The CSV file cannot be read: %(problem)s") % {"problem": error}
            raise ImportFileError(problem) from error


# XLSX ----------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> list[tuple[Any, ...]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            _check_xml_parts(archive)
            long_strings = _scan_shared_strings(archive)
            return _read_first_sheet(data, archive, long_strings)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, expat.ExpatError) as error:
        raise _not_a_workbook() from error


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse from the ZIP's central directory alone (roadmap_site.uploads): nothing is unpacked."""
    try:
        check_archive(archive, limits=ARCHIVE_LIMITS)
    except UploadRefused as refusal:
        if refusal.code == "unreadable":
            raise _not_a_workbook() from refusal
        advice = _("Copy the list alone into a new workbook and upload that.")
        raise ImportFileError(f"{refusal.messages[0]} {advice}") from refusal


def _check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Stream every part that is XML (openpyxl may parse any of them) and count its elements."""
    scan = _ElementCount()
    for part in archive.infolist():
        with archive.open(part) as source:
            head = source.read(64)
        start = head.lstrip()
        # Pictures and other binary parts are skipped: openpyxl could not parse them as XML either.
        if start.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or (head and not start):
            _parse(archive, part.filename, scan)


def _scan_shared_strings(archive: zipfile.ZipFile) -> set[int]:
    """The indexes of the shared strings (as openpyxl finds them) too long for a cell; only a cell that
    uses one is refused."""
    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    except (KeyError, ParseError, TypeError, ValueError) as error:
        raise _not_a_workbook() from error
    part = manifest.find(SHARED_STRINGS)
    if part is None or part.PartName[1:] not in archive.namelist():
        return set()
    scan = _SharedStringsScan()
    _parse(archive, part.PartName[1:], scan)
    return scan.long


def _read_first_sheet(data: bytes, archive: zipfile.ZipFile, long_strings: set[int]) -> list[tuple[Any, ...]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, ParseError) as error:
        raise _not_a_workbook() from error
    try:
        if not book.worksheets:
            raise _not_a_workbook()
        sheet = book.worksheets[0]
        # openpyxl names the sheet's part only in this attribute (read-only worksheets, openpyxl 3.1)
        scan = _SheetScan(long_strings)
        _parse(archive, sheet._worksheet_path, scan)
        if not scan.last_row:
            return []
        return list(sheet.iter_rows(max_row=scan.last_row, max_col=scan.last_column, values_only=True))
    except (KeyError, ValueError, TypeError, ParseError) as error:
        raise _not_a_workbook() from error
    finally:
        book.close()


def _parse(archive: zipfile.ZipFile, name: str, scan: _Scan) -> None:
    """Stream one part of the workbook through expat into `scan`, a chunk at a time."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text

    def refuse(*_args: Any) -> None:
        raise _not_a_workbook()  # spreadsheets never declare a DTD; entity bombs do

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _Scan:
    def start(self, name: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _local(name: str) -> str:
    return name.rpartition("}")[2]


class _ElementCount(_Scan):
    def __init__(self) -> None:
        self.elements = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise _sheet_too_large()


class _SharedStringsScan(_Scan):
    """<sst><si> text, or runs <r><t>, </si> (phonetic <rPh> runs are not part of the value)."""

    def __init__(self) -> None:
        self.count = 0
        self.long: set[int] = set()
        self.path: list[str] = []
        self.length = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        self.path.append(local)
        if local == "si":
            self.count += 1
            self.length = 0

    def end(self, name: str) -> None:
        self.path.pop()

    def text(self, data: str) -> None:
        if self.path[-1:] == ["t"] and "rPh" not in self.path:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                self.long.add(self.count - 1)


class _SheetScan(_Scan):
    """<sheetData><row r><c r t><v>…</v> or <is><t>…</t></is></c></row>: finds the last row and column
    holding a value, and refuses past the row and column limits or at the first cell too long."""

    def __init__(self, long_strings: set[int]) -> None:
        self.long_strings = long_strings
        self.value_rows = 0
        self.last_row = self.last_column = 0
        self.row = self.column = 0
        self.row_has_value = False
        self.cell_type = ""
        self.cell_text: list[str] = []
        self.cell_length = 0
        self.in_value = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "row":
            self.row = _number(attributes.get("r"), default=self.row + 1)
            self.column = 0
            self.row_has_value = False
        elif local == "c":
            self.column = _column(attributes.get("r"), default=self.column + 1)
            self.cell_type = attributes.get("t", "n")
            self.cell_text, self.cell_length = [], 0
        elif local in ("v", "t"):
            self.in_value = True

    def text(self, data: str) -> None:
        if self.in_value:
            self.cell_length += len(data)
            if self.cell_length > MAX_CELL_CHARS:
                raise _cell_too_long(self.row, self.column)
            self.cell_text.append(data)

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            self.in_value = False
        elif local == "c":
            self._end_cell()
        elif local == "row" and self.row_has_value:
            self.value_rows += 1
            if self.value_rows > MAX_ROWS + 1:
                raise _too_many_rows()
            self.last_row = max(self.last_row, self.row)

    def _end_cell(self) -> None:
        text = "".join(self.cell_text)
        if not text.strip():
            return
        if self.cell_type == "s" and text.strip().isdigit() and int(text) in self.long_strings:
            raise _cell_too_long(self.row, self.column)
        if self.column > MAX_COLUMNS:
            raise _too_many_columns()
        self.row_has_value = True
        self.last_column = max(self.last_column, self.column)


def _number(text: str | None, *, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or not 0 < int(text) <= 1_048_576:  # Excel's last row
        raise _not_a_workbook()
    return int(text)


def _column(reference: str | None, *, default: int) -> int:
    if reference is None:
        return default
    match = _CELL_REF.match(reference)
    if match is None:
        raise _not_a_workbook()
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return column
