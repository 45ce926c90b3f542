import pytest
from django.conf import settings

from roadmap.demo import demo_load
from roadmap.editions import latest_edition


@pytest.fixture
def demo(db):
    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    return latest_edition()


@pytest.fixture
def demo_bg(demo):
    return demo.localized("bg")
