"""The server says at start what the PDF path would miss on this machine (manage.py check)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from roadmap_site import system_checks


def test_nothing_is_missing_on_a_set_up_machine():
    assert system_checks.pdf_libraries(None) == []


def test_missing_harfbuzz_subset_is_a_warning_naming_the_package(monkeypatch):
    monkeypatch.setattr(system_checks, "_loadable", lambda name: name != "libharfbuzz-subset.so.0")
    [problem] = system_checks.pdf_libraries(None)
    assert problem.id == "roadmap_site.W003"
    assert "fontTools" in problem.msg and "libharfbuzz-subset0" in problem.hint
    call_command("check", fail_level="ERROR")  # a warning does not stop the server


def test_missing_pango_or_graphviz_stops_the_server(monkeypatch):
    monkeypatch.setattr(system_checks, "_loadable", lambda name: not name.startswith("libpango"))
    monkeypatch.setattr(system_checks.shutil, "which", lambda name: None)
    ids = [problem.id for problem in system_checks.pdf_libraries(None)]
    assert ids == ["roadmap_site.E001", "roadmap_site.E002", "roadmap_site.E004"]
    with pytest.raises(SystemCheckError, match="libpango-1.0-0"):
        call_command("check", fail_level="ERROR")
