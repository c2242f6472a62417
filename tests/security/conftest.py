from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.security.world import World, build_world


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Public pages are kept per process for a minute: each test sees the pages as they are now."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def world(db) -> World:
    return build_world()
