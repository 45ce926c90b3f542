"""gunicorn's access logger without query strings.

The guide's answers and event times travel in query strings and describe a child's case, which is never
stored (SPEC §1). gunicorn fills its log atoms from the WSGI environ, which is incomplete when the
application itself fails (then `%(U)s` reads "None"), and several atoms carry the query string
(`%(r)s`, `%(q)s`, the referer, the environ's RAW_URI). This logger rebuilds each of them from the parsed
request path, so any access log format, on any response, records where a request went and never what
it asked.
"""

from urllib.parse import urlsplit, urlunsplit

from gunicorn.glogging import Logger


def without_query(url: str) -> str:
    """The URL (absolute or a path) without its query string and fragment."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class QuerylessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = without_query(getattr(req, "path", None) or environ.get("PATH_INFO") or "-")
        method = environ.get("REQUEST_METHOD") or getattr(req, "method", "-")
        major, minor = getattr(req, "version", (1, 1))
        protocol = environ.get("SERVER_PROTOCOL") or f"HTTP/{major}.{minor}"
        atoms.update(
            r=f"{method} {path} {protocol}",
            U=path,
            q="",
            H=protocol,
            f=without_query(atoms["f"]),
        )
        # Request headers ({…}i) and environ values ({…}e): the referer, RAW_URI, QUERY_STRING, …
        for key, value in atoms.items():
            if key == "{query_string}e":
                atoms[key] = ""
            elif key.endswith(("}i", "}e")) and isinstance(value, str) and "?" in value:
                atoms[key] = without_query(value)
        return atoms
