"""System checks for what the PDF path needs from the machine, so a missing library is said at start
(`manage.py check`, run by script/server) instead of showing up as a slow or failed first download.

WeasyPrint loads Pango through cffi (without it, importing WeasyPrint fails) and subsets fonts with
HarfBuzz's libharfbuzz-subset (without it, it falls back to fontTools: slower, and unsupported in future
versions). The flowchart needs Graphviz's `dot`. script/setup installs all three on Debian.
"""

import ctypes
import shutil

from django.core.checks import Error, Tags, Warning, register

# (shared object, Debian package, what breaks without it, level)
LIBRARIES = (
    ("libpango-1.0.so.0", "libpango-1.0-0", "PDFs cannot be made at all", Error),
    ("libpangoft2-1.0.so.0", "libpangoft2-1.0-0", "PDFs cannot be made at all", Error),
    (
        "libharfbuzz-subset.so.0",
        "libharfbuzz-subset0",
        "WeasyPrint subsets fonts with fontTools instead: slower, and unsupported in future versions",
        Warning,
    ),
)


def _loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


@register(Tags.compatibility, deploy=False)
def pdf_libraries(app_configs, **kwargs):
    problems = []
    for index, (library, package, effect, level) in enumerate(LIBRARIES, start=1):
        if not _loadable(library):
            problems.append(
                level(
                    f"{library} is missing: {effect}.",
                    hint=f"Install the Debian package {package} (script/setup does, as root).",
                    id=f"roadmap_site.{'E' if level is Error else 'W'}00{index}",
                )
            )
    if shutil.which("dot") is None:
        problems.append(
            Error(
                "Graphviz's dot is not on PATH: the flowchart cannot be drawn.",
                hint="Install the Debian package graphviz (script/setup does, as root).",
                id="roadmap_site.E004",
            )
        )
    return problems
