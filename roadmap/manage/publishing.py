"""Placeholder until this section is written."""

urlpatterns: list = []
