"""Hostile registration lists, built in code: decompression bombs, oversized sheets and cells, files that
only pretend to be workbooks. Each XLSX is a minimal valid package (content types, workbook, one sheet)
whose parts are streamed into the ZIP, so even a bomb of hundreds of megabytes never exists in memory.

`cells_bomb(100)` is the audit's 299 KB upload (security-2026-12.md, M2: one row of 100 MB of inline
string cells) that drove a worker to 1.26 GB; benchmarks/import_bomb.py measures it.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
from collections.abc import Iterable, Iterator

MB = 1024 * 1024

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{shared}</Types>"""
_SHARED_TYPE = """<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Списък" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
{shared}</Relationships>"""
_SHARED_REL = """<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _chunks(parts: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    """Join many small strings into writes of about `size` bytes."""
    buffer, length = [], 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield "".join(buffer).encode("utf-8")
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def workbook(rows_xml: Iterable[str], shared_strings: Iterable[str] | None = None) -> bytes:
    """An XLSX whose only sheet's <sheetData> holds `rows_xml` (and a shared-strings table if given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        shared = shared_strings is not None
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared else ""))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(shared=_SHARED_REL if shared else "")
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'.encode())
            sheet.write(b"<sheetData>")
            for chunk in _chunks(rows_xml):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
        if shared:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
                table.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'.encode())
                for chunk in _chunks(f"<si><t>{text}</t></si>" for text in shared_strings):
                    table.write(chunk)
                table.write(b"</sst>")
    return buffer.getvalue()


def _cell(value: str) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def _row(number: int, values: Iterable[str]) -> str:
    return f'<row r="{number}">' + "".join(_cell(value) for value in values) + "</row>"


HEADER = ("име", "съгласие")


def plain_list(people: int) -> bytes:
    """A harmless list: a header and `people` rows of a name and a consent."""
    return workbook(
        [_row(1, HEADER)] + [_row(n + 2, (f"Човек {n}", "да")) for n in range(people)],
    )


@functools.cache  # pure, and a few seconds to build
def cells_bomb(megabytes: int = 100) -> bytes:
    """The audit's bomb: one row of single-letter inline strings, `megabytes` MB of XML (≈ 3 KB zipped
    per MB: 100 → a 299 KB upload)."""
    count = megabytes * MB // len(_cell("x"))
    return workbook(["<row>", *(_cell("x") for _ in range(count)), "</row>"])


@functools.cache  # pure, and a few seconds to build
def shared_strings_bomb(megabytes: int = 800) -> bytes:
    """A small sheet over a shared-strings table of `megabytes` MB of one repeated string."""
    text = "Я" * 1000  # 2,000 bytes of UTF-8 a string
    count = megabytes * MB // (len(text.encode()) + len("<si><t></t></si>"))
    rows = [_row(1, HEADER), '<row r="2"><c t="s"><v>0</v></c></row>']
    return workbook(rows, shared_strings=(text for _ in range(count)))


@functools.cache  # pure, and a few seconds to build
def many_rows(count: int = 100_000) -> bytes:
    """A header and `count` people: each row small, the sheet large."""
    return plain_list(count)


def _letters(count: int) -> str:
    """Letters that do not compress much (a repeated one would trip the ratio check first)."""
    return "".join(random.Random(13).choices("абвгдежзийклмнопрстуфхцчшщъьюя", k=count))


def big_cell(size: int = MB) -> bytes:
    """A header and one person whose name is `size` characters long."""
    return workbook([_row(1, HEADER), _row(2, (_letters(size), "да"))])


def big_shared_cell(size: int = MB) -> bytes:
    """The same enormous name, kept in the shared-strings table."""
    rows = [_row(1, HEADER), '<row r="2"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>да</t></is></c></row>']
    return workbook(rows, shared_strings=[_letters(size)])


def many_columns(count: int = 200) -> bytes:
    """A header of `count` named columns over one row of values."""
    header = ["име", *(f"колона {n}" for n in range(count - 1))]
    return workbook([_row(1, header), _row(2, ["Мария", *("x" for _ in range(count - 1))])])


def far_value(row: int = 1_000_000) -> bytes:
    """A small list with one more value a million rows down."""
    return workbook([_row(1, HEADER), _row(2, ("Мария", "да")), _row(row, ("Иван", "да"))])


def with_doctype() -> bytes:
    """A sheet that declares an entity: spreadsheets never do, XML bombs do."""
    rows = ['<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>']
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook([_row(1, HEADER)]))) as source:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<worksheet", rows[0].encode() + b"<worksheet", 1)
                archive.writestr(item.filename, data)
    return buffer.getvalue()


def many_entries(count: int = 5000) -> bytes:
    """A workbook padded with thousands of tiny extra parts."""
    buffer = io.BytesIO(plain_list(1))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"xl/media/pad{n}.xml", "<x/>")
    return buffer.getvalue()


NOT_A_ZIP = b"Name,Consent\nMaria,yes\n" * 10  # a CSV renamed to .xlsx
CSV_WITH_NULS = "име,съгласие\nМария\x00,да\nИван,да\n".encode()


def lying_sizes(data: bytes, part: str = "xl/worksheets/sheet1.xml", size: int = 100) -> bytes:
    """`data` whose ZIP central directory claims that `part` unpacks to only `size` bytes."""
    data = bytearray(data)
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        (length,) = struct.unpack_from("<H", data, at + 28)
        if bytes(data[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise ValueError(part)
