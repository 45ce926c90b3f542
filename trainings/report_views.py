"""Placeholder until this part is written."""

urlpatterns: list = []
