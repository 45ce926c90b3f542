"""The roadmap document: the whole pathway as one plain data structure (see fixtures/README.md).

It is the demo-content format, the import/export format and the payload of a published edition.
Its vocabulary and readers live here; roadmap.validation checks a whole document.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from .models import Event

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTIONS = (
    "regimes",
    "institutions",
    "legal_acts",
    "legal_references",
    "documents",
    "glossary",
    "stages",
    "scenarios",
)
STEP_KINDS = ("action", "decision", "outcome")
ROLES = ("leads", "supports", "informed")
INSTITUTION_KINDS = ("state", "municipal", "judicial", "ngo", "international")
DEADLINE_UNITS = ("immediately", "hours", "days", "working_days", "weeks", "months")
MAX_TEXT = 20_000
VERIFICATION_STATUSES = ("verified", "secondary", "unverified")
SOURCE_KINDS = ("official", "sop", "secondary")
CELEX_RE = re.compile(r"^[0-9][0-9]{4}[A-Z]{1,2}[0-9]{4}(?:\([0-9]{1,2}\))?$")
WHEN_RE = re.compile(r"^(?P<decision>[a-z0-9]+(?:-[a-z0-9]+)*):(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)$")


def events() -> list[str]:
    return list(Event.values)


def parse_date(value: Any) -> datetime.date | None:
    """A document date: a YAML date or an ISO string "YYYY-MM-DD"; None when absent; ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        raise ValueError(value)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return datetime.date.fromisoformat(value)
    raise ValueError(value)


def deadline_rules(step: dict[str, Any]) -> list[dict[str, Any]]:
    """A step's deadline rules: `deadlines` (a list), or the single `deadline` of older documents."""
    rules = step.get("deadlines")
    if isinstance(rules, list):
        return [rule for rule in rules if isinstance(rule, dict)]
    single = step.get("deadline")
    return [single] if isinstance(single, dict) and single.get("unit") else []


@dataclass(frozen=True)
class Problem:
    """One finding, located by a path such as `stages[2].steps[0].options[1].target`."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DocumentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]))


def read_folder(folder: Path) -> dict[str, Any]:
    """Merge the top-level lists of every YAML file of a folder into one document."""
    document: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise DocumentError([Problem(path.name, str(error))]) from error
        if not isinstance(data, dict):
            raise DocumentError([Problem(path.name, _("The file must hold a mapping of sections."))])
        for key, value in data.items():
            if key in document:
                document[key] = list(document[key]) + list(value or [])
            else:
                document[key] = value
    return document


# The answer "not known yet", which every decision accepts in guide links (roadmap.paths): no option may
# be named so.
NOT_KNOWN = "unknown"


def option_key(option: dict[str, Any]) -> Any:
    """An option is named by its `key`, or by the step it leads to when it has none."""
    return option.get("key") or option.get("target")


def step_order(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for stage in document.get("stages") or [] for step in stage.get("steps") or []]
