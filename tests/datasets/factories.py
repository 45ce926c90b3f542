import datetime

import factory

from datasets.models import Figure, Series


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    slug = factory.Sequence(lambda n: f"series-{n}")
    title_bg = factory.Sequence(lambda n: f"Серия {n}")
    title_en = factory.Sequence(lambda n: f"Series {n}")
    unit_bg = "деца"
    unit_en = "children"
    position = factory.Sequence(lambda n: n)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    series = factory.SubFactory(SeriesFactory)
    year = factory.Sequence(lambda n: 2000 + n % 25)
    value = 100
    source_title = "Eurostat news release"
    source_url = "https://ec.europa.eu/eurostat/news"
    source_date = datetime.date(2024, 4, 29)
