"""The demo profile: only sourced figures, Eurostat and the asylum agency apart, loaded once however often
the command runs, and the series nobody could source yet shown as empty."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from datasets.models import Figure, Series

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_every_figure_names_its_source(client):
    call_command("load_demo_profile")
    counts = (Series.objects.count(), Figure.objects.count())
    assert counts[1] > 0
    figure = Figure.objects.first()
    figure.value += 1
    figure.save()
    call_command("load_demo_profile")
    assert (Series.objects.count(), Figure.objects.count()) == counts
    figure.refresh_from_db()
    assert Figure.objects.get(pk=figure.pk).value == figure.value  # a correction survives a second run
    for each in Figure.objects.all():
        each.full_clean()
        assert each.source_url.startswith(("https://", "http://")) and each.source_title
    assert {s.slug for s in Series.objects.filter(figures__isnull=True)} == {"age-bands", "decisions"}
    eurostat = Series.objects.get(slug="eurostat-applications")
    agency = Series.objects.get(slug="sar-applications")
    assert "Eurostat" in eurostat.title_en and "State Agency for Refugees" in agency.title_en
    html = client.get(reverse("datasets:profile")).content.decode()
    assert (
        html.count('class="profile-chart"') == Series.objects.filter(figures__isnull=False).distinct().count()
    )
