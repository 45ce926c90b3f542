"""The bare view of TECH-NOTES §3/§8: one small SQL query, 30 rows, base template, an include per row.

No model of its own (no migration): the query is a cheap one on an existing table and the 30 rows
are built in Python, so the page costs what a plain Django template page costs (~20 KB of HTML).
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.shortcuts import render
from django.utils import timezone

_WORDS = (
    "дете",
    "институция",
    "закрила",
    "социален",
    "работник",
    "полиция",
    "граница",
    "убежище",
    "представител",
    "настаняване",
    "решение",
    "срок",
    "документ",
    "бележка",
    "процедура",
)
_START = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.get_fixed_timezone(120))


def _rows() -> list[dict]:
    rows = []
    for i in range(30):
        words = [_WORDS[(i * 7 + k) % len(_WORDS)] for k in range(34)]
        rows.append(
            {
                "id": i + 1,
                "title": f"Елемент {i + 1}: {_WORDS[i % len(_WORDS)]}",
                "description": " ".join(words),
                "category": f"Категория {i % 8}",
                "score": (i * 37) % 100,
                "created": _START + timedelta(days=i, hours=i),
            }
        )
    return rows


_ROWS = _rows()
_NAV = [f"Раздел {i}" for i in range(8)]


def bare(request):
    # One SQL query, like the bare page of TECH-NOTES (1 query) and the reader pages (1 query).
    groups = len(Group.objects.values_list("pk", flat=True)[:30])
    items = [dict(row) for row in _ROWS]
    return render(
        request,
        "bench/item_list.html",
        {"items": items, "nav": _NAV, "groups": groups, "title": "Списък с елементи"},
    )
