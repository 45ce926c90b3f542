"""SQLite folds case for ASCII only; give its connections Python's Unicode-aware lower/upper/LIKE.

Without this, admin searches and `icontains` lookups would not find "ДЕТЕ" for "дете" on SQLite,
while PostgreSQL would (TECH-NOTES §7.2). Readers search the published edition in Python anyway.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.S | re.I)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern, escape).fullmatch(str(value)) is not None


def unicode_case_folding_for_sqlite(sender, connection, **kwargs) -> None:
    """connection_created receiver (roadmap_site.apps): every app's lookups fold case like PostgreSQL."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("lower", 1, lambda s: s.lower() if isinstance(s, str) else s, deterministic=True)
    raw.create_function("upper", 1, lambda s: s.upper() if isinstance(s, str) else s, deterministic=True)
    raw.create_function("like", 2, _like, deterministic=True)
    raw.create_function("like", 3, _like, deterministic=True)
