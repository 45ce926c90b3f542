"""Reading a registration list (CSV or XLSX) into checked rows for a preview; nothing here writes.

The file is read by tables.py within its limits (size, rows, columns, characters per cell, and for
XLSX what it unpacks to), every row is checked (missing name, bad e-mail, unknown region, too long a
value, duplicate in the file, already registered, over capacity) and the rows are kept, signed, between
the preview and the confirmation, so the confirmation never reads an uploaded file again. The import
page's two phases are upload_preview and confirmation_preview; the confirmed rows are registered by
services.registrations_import.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from roadmap.regions import Region

from .models import Participant, Registration, TrainingSession
from .tables import MAX_BYTES, ImportFileError, read_table

SIGNING_SALT = "trainings.import"
SIGNED_MAX_AGE = 60 * 60  # an hour between the preview and the confirmation

HEADERS = {
    "full_name": ("name", "full name", "име", "имена", "име и фамилия", "трите имена"),
    "institution_name": ("institution", "организация", "институция", "organisation", "organization"),
    "position": ("position", "длъжност"),
    "region": ("region", "област", "district"),
    "email": ("email", "e-mail", "имейл", "е-поща", "ел. поща"),
    "phone": ("phone", "телефон", "тел."),
    "gender": ("gender", "пол"),
    "consent_date": ("consent", "съгласие", "consent date", "дата на съгласие"),
}
GENDERS = {
    "female": "female",
    "woman": "female",
    "f": "female",
    "жена": "female",
    "ж": "female",
    "женски": "female",
    "male": "male",
    "man": "male",
    "m": "male",
    "мъж": "male",
    "м": "male",
    "мъжки": "male",
    "": "",
    "-": "",
    "not stated": "",
    "не е посочен": "",
    "не посочва": "",
}
YES = {"yes", "y", "да", "x", "✓", "true", "1"}


# The sample list offered on the import page: one header per column, each an alias of HEADERS, in the
# visitor's language, and rows of made-up people that import as they are.
SAMPLE_HEADERS = {
    "bg": (
        "Име и фамилия",
        "Институция",
        "Длъжност",
        "Област",
        "Имейл",
        "Телефон",
        "Пол",
        "Дата на съгласие",
    ),
    "en": ("Full name", "Institution", "Position", "Region", "Email", "Phone", "Gender", "Consent date"),
}
SAMPLE_ROWS = {
    "bg": (
        ("Мария Колева", "ОДМВР Русе", "инспектор", "Русе", "m.koleva@example.org", "0888 123 456", "жена"),
        ("Стоян Маринов", "Дирекция „Социално подпомагане“ Русе", "социален работник", "Русе", "", "", "мъж"),
    ),
    "en": (
        ("Maria Koleva", "ОДМВР Русе", "inspector", "Ruse", "m.koleva@example.org", "0888 123 456", "woman"),
        ("Stoyan Marinov", "Дирекция „Социално подпомагане“ Русе", "social worker", "Ruse", "", "", "man"),
    ),
}


def sample_csv(*, language: str, consent: datetime.date) -> bytes:
    """A registration list to fill in: the columns the import reads, two made-up rows, UTF-8 with a BOM
    and semicolons (what a spreadsheet program in Bulgaria opens and saves)."""
    language = language if language in SAMPLE_HEADERS else "bg"
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(SAMPLE_HEADERS[language])
    for row in SAMPLE_ROWS[language]:
        writer.writerow((*row, f"{consent:%d.%m.%Y}"))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class ImportRow:
    number: int  # the row number in the file (the header is row 1)
    person: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    reuses: str = ""  # the name of the existing participant this row will reuse

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def region_label(self) -> str:
        region = self.person.get("region")
        return str(Region(region).label) if region in Region.values else ""

    @property
    def gender_label(self) -> str:
        gender = self.person.get("gender")
        if gender == Participant.Gender.SELF_DESCRIBED:
            return self.person.get("gender_description", "")
        return str(Participant.Gender(gender).label) if gender else ""


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: list[str]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and all(row.valid for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.valid)


def _norm(text: Any) -> str:
    return " ".join(str(text if text is not None else "").split()).casefold()


def _header_map(header: list[Any]) -> dict[int, str]:
    lookup = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    for index, title in enumerate(header):
        name = lookup.get(_norm(title).rstrip(":*"))
        if name and name not in mapping.values():
            mapping[index] = name
    if "full_name" not in mapping.values():
        raise ImportFileError(
            _("The first row must name the columns; a column “name” (or “име”) is required.")
        )
    return mapping


def _region_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Region.choices:
        lookup[value] = value
        for lang in ("bg", "en"):
            with translation.override(lang):
                lookup[_norm(str(label))] = value
                lookup[_norm(f"област {label}")] = value
    return lookup


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _norm(value).rstrip(" г.")
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - only the date is kept
        except ValueError:
            continue
    return None


def _institution_lookup(institutions: dict[str, Any]) -> dict[str, Any]:
    lookup = {}
    for item in institutions.values():
        for text in (item.name, item.acronym, item.slug):
            if text:
                lookup[_norm(text)] = item
    return lookup


def check_rows(
    *, session: TrainingSession, people: list[dict[str, Any]], numbers: list[int] | None = None
) -> list[ImportRow]:
    """Check people (already mapped to Participant fields) against each other and the session."""
    numbers = numbers or list(range(2, len(people) + 2))
    rows = [ImportRow(number=n, person=dict(p)) for n, p in zip(numbers, people, strict=True)]
    emails = {_norm(r.person.get("email")) for r in rows if r.person.get("email")}
    names = {_norm(r.person.get("full_name")) for r in rows if r.person.get("full_name")}
    # Two queries whatever the file's size: the people who may match, and who is already registered.
    candidates = list(
        Participant.objects.annotate(lower_email=Lower("email"), lower_name=Lower("full_name"))
        .filter(pseudonymised_at__isnull=True)
        .filter(
            Q(lower_email__in=sorted(e.lower() for e in emails if e))
            | Q(lower_name__in=sorted(n.lower() for n in names if n))
        )
    )
    by_email: dict[str, Participant] = {}
    by_name: dict[tuple[str, str], Participant] = {}
    for person in sorted(candidates, key=lambda p: p.pk):
        if person.email:
            by_email.setdefault(_norm(person.email), person)
        by_name.setdefault((_norm(person.full_name), _norm(person.institution_name)), person)
    registered_ids = set(
        Registration.objects.filter(session=session).values_list("participant_id", flat=True)
    )
    places = session.capacity - len(registered_ids) if session.pk else session.capacity
    seen: dict[str, int] = {}
    taken = 0
    for row in rows:
        person = row.person
        name = " ".join(str(person.get("full_name") or "").split())
        person["full_name"] = name
        if not name:
            row.errors.append(_("The name is missing."))
        email = str(person.get("email") or "").strip()
        person["email"] = email
        for key in ("full_name", "institution_name", "email"):
            limit = Participant._meta.get_field(key).max_length
            if len(person.get(key) or "") > limit:
                row.errors.append(
                    _("%(field)s: at most %(max)d characters (this one has %(length)d).")
                    % {
                        "field": capfirst(Participant._meta.get_field(key).verbose_name),
                        "max": limit,
                        "length": len(person[key]),
                    }
                )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
        if person.pop("_bad_region", None):
            row.errors.append(
                _("“%(region)s” is not a region (област) of Bulgaria.") % {"region": person["_region_text"]}
            )
        person.pop("_region_text", None)
        if person.pop("_bad_consent", None):
            row.errors.append(_("The consent is not a date (e.g. 01.03.2024) or “да”."))
        keys = [f"e:{_norm(email)}"] if email else []
        if name:
            keys.append(f"n:{_norm(name)}|{_norm(person.get('institution_name'))}")
        twin = next((seen[k] for k in keys if k in seen), None)
        if twin is not None:
            row.errors.append(_("The same person is on row %(row)d.") % {"row": twin})
        for key in keys:
            seen.setdefault(key, row.number)
        existing = (by_email.get(_norm(email)) if email else None) or (
            by_name.get((_norm(name), _norm(person.get("institution_name")))) if name else None
        )
        if existing is not None:
            row.reuses = existing.full_name
            if existing.pk in registered_ids:
                row.errors.append(
                    _("%(name)s is already registered for this session.") % {"name": existing.full_name}
                )
        elif name and not person.get("consent_date"):
            row.errors.append(_("A new participant must have given consent: enter the date."))
        if not row.errors:
            taken += 1
            if taken > places:
                row.errors.append(
                    _("Over capacity: the session has %(places)d free places.") % {"places": max(places, 0)}
                )
    return rows


def preview_upload(
    *, session: TrainingSession, name: str, data: bytes, institutions: dict[str, Any] | None = None
) -> ImportPreview:
    """Read and check an uploaded registration list; ImportFileError when the file itself is unusable."""
    table = read_table(name=name, data=data)
    mapping = _header_map(table[0])
    regions = _region_lookup()
    lookup = _institution_lookup(institutions or {})
    today = timezone.localdate()
    people, numbers = [], []
    for number, cells in enumerate(table[1:], start=2):
        raw = {key: cells[index] if index < len(cells) else None for index, key in mapping.items()}
        person: dict[str, Any] = {"full_name": str(raw.get("full_name") or "").strip()}
        institution = " ".join(str(raw.get("institution_name") or "").split())
        person["institution_name"] = institution
        match = lookup.get(_norm(institution)) if institution else None
        person["institution_slug"] = match.slug if match else ""
        person["institution_kind"] = match.kind if match else ""
        person["position"] = " ".join(str(raw.get("position") or "").split())[:200]
        person["email"] = str(raw.get("email") or "").strip()
        phone = raw.get("phone")
        # a phone typed as a number may come out of the workbook as a float (359881234567.0)
        phone_text = str(int(phone)) if isinstance(phone, float) and phone.is_integer() else str(phone or "")
        person["phone"] = phone_text.strip()[:40]
        region_text = " ".join(str(raw.get("region") or "").split())
        person["region"] = regions.get(_norm(region_text), "") if region_text else ""
        if region_text and not person["region"]:
            person["_bad_region"], person["_region_text"] = True, region_text
        gender_text = _norm(raw.get("gender"))
        if gender_text in GENDERS:
            person["gender"], person["gender_description"] = GENDERS[gender_text], ""
        else:
            person["gender"] = "self"
            person["gender_description"] = " ".join(str(raw.get("gender")).split())[:100]
        consent = raw.get("consent_date")
        consent_date = None
        if consent not in (None, ""):
            consent_date = today if _norm(consent) in YES else _date(consent)
            if consent_date is None:
                person["_bad_consent"] = True
        person["consent_date"] = consent_date
        people.append(person)
        numbers.append(number)
    rows = check_rows(session=session, people=people, numbers=numbers)
    columns = [key for key in HEADERS if key in mapping.values()]
    return ImportPreview(rows=rows, columns=columns)


def upload_preview(*, session: TrainingSession, upload: UploadedFile, edition=None) -> ImportPreview:
    """Phase one of an import: the uploaded list read and checked, institutions matched to the edition's
    directory; ImportFileError when the file itself is unusable."""
    return preview_upload(
        session=session,
        name=upload.name,
        data=upload.read(MAX_BYTES + 1),  # one byte more than allowed is enough to refuse
        institutions=edition.institutions if edition else None,
    )


def confirmation_preview(*, session: TrainingSession, token: str, owner: str) -> ImportPreview:
    """Phase two: the rows signed at the preview, checked again against the session as it is now (someone
    may have taken the places meanwhile); ImportFileError when the token was changed, is too old, or
    was made by another sign-in or for another training session."""
    people = unsign_rows(token, session=session, owner=owner)
    numbers = [person.pop("_row") for person in people]
    rows = check_rows(session=session, people=people, numbers=numbers)
    return ImportPreview(rows=rows, columns=list(HEADERS))


def preview_owner(*, user_id: int, auth_session_key: str) -> str:
    """Who may confirm a preview: the same user in the same sign-in (a new sign-in has a new key)."""
    return f"{user_id}:{auth_session_key}"


def _salt(owner: str) -> str:
    # The owner goes into the signing key, never into the token: the page shows the token, and the
    # session key is the session cookie's value.
    return f"{SIGNING_SALT}:{owner}"


def sign_rows(rows: list[ImportRow], *, session: TrainingSession, owner: str) -> str:
    """The checked rows, signed for one training session and one owner (see preview_owner)."""
    people = [
        {
            **row.person,
            "consent_date": row.person["consent_date"].isoformat()
            if row.person.get("consent_date")
            else None,
            "_row": row.number,
        }
        for row in rows
    ]
    return signing.dumps({"session": session.pk, "people": people}, salt=_salt(owner), compress=True)


def unsign_rows(token: str, *, session: TrainingSession, owner: str) -> list[dict[str, Any]]:
    """The people signed by sign_rows, or ImportFileError when tampered with, too old, signed for another
    owner (another user or sign-in) or for another training session."""
    try:
        payload = signing.loads(token, salt=_salt(owner), max_age=SIGNED_MAX_AGE)
    except signing.BadSignature as error:
        raise ImportFileError(_("The preview has expired or was changed; upload the file again.")) from error
    if not isinstance(payload, dict) or payload.get("session") != session.pk:
        raise ImportFileError(
            _(
                "This preview was made for another training session: nothing was registered. "
                "Upload the file again."
            )
        )
    people = []
    for item in payload["people"]:
        item = dict(item)
        if item.get("consent_date"):
            item["consent_date"] = datetime.date.fromisoformat(item["consent_date"])
        people.append(item)
    return people
