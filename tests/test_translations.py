"""The Bulgarian UI catalogue: complete, in step with the source, and actually used at run time.

No database: these tests read locale/bg/LC_MESSAGES/django.po, the templates and the apps' source.
After changing a UI string run (see script/setup):

    .venv/bin/python manage.py makemessages -l bg -l en --ignore=.venv --ignore=node_modules \
        --ignore=staticfiles --ignore=tests --no-location
    .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

ROOT = Path(settings.BASE_DIR)
BG_PO = ROOT / "locale" / "bg" / "LC_MESSAGES" / "django.po"
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
APPS = ["roadmap", "roadmap_site", "cases", "trainings", "accounts"]
GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
CONTEXT_FUNCTIONS = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
UPDATE_HINT = "run makemessages (see this module's docstring) and translate the new strings"


# --- a small .po reader (polib is not a dependency) ------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: `flags` (set) and the fields (msgid, msgid_plural, msgstr, msgstr[0] …)."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        if not entry.get("obsolete") and "msgid" in entry:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[dict]:
    return [entry for entry in read_po(path) if entry["msgid"]]  # without the header


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


# --- (a) the Bulgarian catalogue is complete -------------------------------------------------------


def test_bulgarian_catalogue_has_no_fuzzy_or_untranslated_entry():
    entries = messages(BG_PO)
    assert len(entries) > 100
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    empty = [entry["msgid"] for entry in entries if not all(msgstrs(entry))]
    assert not fuzzy, f"fuzzy entries in {BG_PO.relative_to(ROOT)}: {fuzzy}"
    assert not empty, f"untranslated entries in {BG_PO.relative_to(ROOT)}: {empty}"


def test_bulgarian_catalogue_header():
    header = read_po(BG_PO)[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: bg\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


@pytest.mark.parametrize("po", [BG_PO, EN_PO], ids=["bg", "en"])
def test_msgfmt_accepts_the_catalogue(po):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian package gettext, installed by script/setup) is not on PATH")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stderr + result.stdout
    assert result.returncode == 0, report
    if po == BG_PO:
        assert "translated message" in report
        assert "fuzzy" not in report and "untranslated" not in report, report


def test_bulgarian_translations_keep_every_placeholder():
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
    for entry in messages(BG_PO):
        source = set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in msgstrs(entry):
            found = set(placeholder.findall(text))
            # A plural's singular form may leave the number out ("един час"); nothing else may differ.
            assert found <= source if "msgid_plural" in entry else found == source, entry


def test_english_catalogue_is_source_strings_only():
    # English is the source language: an empty msgstr shows the msgid as it is.
    assert "Language: en\n" in read_po(EN_PO)[0]["msgstr"]
    assert {entry["msgid"] for entry in messages(EN_PO)} == {entry["msgid"] for entry in messages(BG_PO)}


# --- (b) the catalogue is in step with the source --------------------------------------------------

_TEMPLATE_TRANSLATE = re.compile(r"""\{%-?\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)""", re.S)
_TEMPLATE_UNDERSCORE = re.compile(r"""\b_\(\s*(?P<q>["'])(?P<text>.*?)(?P=q)\s*\)""")
_TEMPLATE_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<options>[^%]*)%\}(?P<text>.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


def template_strings() -> set[str]:
    """Literal strings marked for translation in templates (blocks with variables are left out)."""
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        for pattern in (_TEMPLATE_TRANSLATE, _TEMPLATE_UNDERSCORE):
            found |= {match["text"] for match in pattern.finditer(source)}
        for match in _TEMPLATE_BLOCK.finditer(source):
            text, options = match["text"], match["options"].split()
            if "{" in text or "trimmed" not in options or "count" in options or "with" in options:
                continue
            found.add(" ".join(line.strip() for line in text.strip().splitlines() if line.strip()))
    return {text for text in found if text and "{{" not in text and "{%" not in text}


def python_strings() -> set[str]:
    """First literal argument of every gettext call in the apps (migrations excluded)."""
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in GETTEXT_FUNCTIONS:
                    continue
                index = 1 if name in CONTEXT_FUNCTIONS else 0
                args = node.args[index : index + (2 if "ngettext" in name else 1)]
                found |= {
                    arg.value for arg in args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                }
    return {text for text in found if text}


def test_the_source_finds_strings_to_check():
    # Guards the two scanners above: a broken regex must not make the next test pass vacuously.
    assert {"Page not found", "Log in", "Search the roadmap"} <= template_strings()
    assert {"Immediately", "Sofia City", "%(count)d working days"} <= python_strings()


@pytest.mark.parametrize("kind", ["templates", "python"])
def test_every_marked_string_is_in_the_bulgarian_catalogue(kind):
    strings = template_strings() if kind == "templates" else python_strings()
    known = set()
    for entry in messages(BG_PO):
        known |= {entry["msgid"], entry.get("msgid_plural", "")}
    missing = sorted(strings - known)
    assert not missing, f"not in {BG_PO.relative_to(ROOT)} ({UPDATE_HINT}): {missing}"


# --- (c) the compiled catalogue is what the site shows ---------------------------------------------


def test_compiled_catalogue_is_not_older_than_the_po_file():
    mo = BG_PO.with_suffix(".mo")
    assert mo.exists(), "no compiled catalogue: run manage.py compilemessages (script/setup does)"
    assert mo.stat().st_mtime >= BG_PO.stat().st_mtime, (
        "django.po changed since it was compiled: run compilemessages"
    )


UI_STRINGS = [
    ("Page not found", "Страницата не е намерена"),
    ("Temporarily unavailable", "Временно недостъпно"),
    ("Log in", "Вход"),
    ("Roadmap NMNL", "Пътна карта НМНЛ"),
    ("Roadmap for unaccompanied minors", "Пътна карта за НМНЛ"),
    ("Immediately", "Незабавно"),
    ("leads", "води"),
    ("supports", "подпомага"),
    ("is informed", "уведомява се"),
    ("Sofia City", "София-град"),
    ("Bulgarian", "Български"),
    ("English", "Английски"),
]


@pytest.mark.parametrize(("english", "bulgarian"), UI_STRINGS, ids=[english for english, _bg in UI_STRINGS])
def test_ui_strings_are_bulgarian_under_bg(english, bulgarian):
    with translation.override("bg"):
        assert gettext(english) == bulgarian
    with translation.override("en"):
        assert gettext(english) == english


def test_plurals_and_placeholders_under_bg():
    with translation.override("bg"):
        days = [
            ngettext("%(count)d working day", "%(count)d working days", n) % {"count": n} for n in (1, 2, 21)
        ]
        assert days == ["1 работен ден", "2 работни дни", "21 работни дни"]
        period = ngettext("%(count)d hour", "%(count)d hours", 48) % {"count": 48}
        assert gettext("Within %(period)s %(event)s") % {"period": period, "event": "от молбата"} == (
            "В срок до 48 часа от молбата"
        )
        assert gettext("Edition %(number)s of %(date)s") % {"number": 3, "date": "1.02.2026"} == (
            "Издание 3 от 1.02.2026"
        )


def test_model_choices_are_bulgarian_under_bg():
    from roadmap.models import Responsibility
    from roadmap.regions import Region

    with translation.override("bg"):
        roles = [str(label) for _value, label in Responsibility.Role.choices]
        labels = {str(label) for _value, label in Region.choices}
    assert roles == ["води", "подпомага", "уведомява се"]
    assert len(labels) == len(Region.choices) == 28
    assert all(re.fullmatch(r"[А-Яа-я -]+", label) for label in labels), labels
