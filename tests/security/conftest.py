from __future__ import annotations

import io
import logging

import pytest

from tests.security.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def console_output():
    """What the configured console handlers (root and django.request) write, captured."""
    buffer = io.StringIO()
    handlers = [
        handler
        for logger in (logging.getLogger(), logging.getLogger("django.request"))
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler) and handler.filters
    ]
    assert handlers, "the console handler with the redacting filter is configured"
    previous = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)
