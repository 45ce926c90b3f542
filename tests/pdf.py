"""Reading the PDFs the site serves, to assert on their text."""

import io
from http import HTTPStatus

from pypdf import PdfReader


def flat(text: str) -> str:
    """Runs of white space as one space, as in the text pdf_text gives."""
    return " ".join(text.split())


def pdf_text(pdf) -> tuple[PdfReader, str]:
    """A PDF's pages and its text, runs of white space as one space. `pdf` is the file's bytes or a
    response, which must then be a 200 with a PDF."""
    if not isinstance(pdf, bytes):
        assert pdf.status_code == HTTPStatus.OK, pdf.content[:500]
        assert pdf["Content-Type"] == "application/pdf"
        pdf = pdf.content
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return reader, flat(" ".join(page.extract_text() or "" for page in reader.pages))
