"""Fixtures for the browser tests: Debian's Chromium through Playwright, against the live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

from tests.e2e.checks import CHROMIUM, CHROMIUM_ARGS, HTML, SCREENSHOTS, in_ci
from tests.e2e.pages import PageChecker

VALID_HTML_TEST = "test_every_visited_page_is_valid_html"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Nu Html Checker runs once, over every page saved, so its test goes last."""
    last = [item for item in items if item.name == VALID_HTML_TEST]
    items[:] = [item for item in items if item.name != VALID_HTML_TEST] + last


@pytest.fixture(scope="session")
def live_server(_collected_static) -> Iterator[LiveServer]:
    """pytest-django's live server, serving static files through WhiteNoise as in production.

    Its default static handler looks files up by their source names, which misses the hashed
    names that the manifest storage writes into pages. The server speaks plain HTTP, so the
    HTTPS redirect is off (set before the server builds its middleware).
    """
    plain_http = override_settings(SECURE_SSL_REDIRECT=False)
    plain_http.enable()
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()
    plain_http.disable()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves an event loop marked as running in this thread. Django then
    # refuses ORM calls from the test unless told this is safe (it is: the loop only drives the
    # browser), and it keeps database connections per async context instead of per thread, so
    # the test would get new connection objects, without the serialized contents that
    # serialized_rollback restores. Keep using this thread's connections.
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def visited_pages() -> list[Path]:
    """The HTML of every page visited in this run; screenshots and HTML start afresh each run."""
    for folder in (SCREENSHOTS, HTML):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    return []


@pytest.fixture(scope="session")
def _reference_data_kept(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Leave the test database with its data-migration content (groups, exercise library).

    The browser tests are transactional: each one starts from the serialized content and ends by
    emptying every table. A database kept for the next run (--reuse-db) would otherwise be
    empty, and its serialized content with it.
    """
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                call_command(
                    "flush",
                    database=connection.alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def page_checker(
    browser, live_server, visited_pages, _reference_data_kept, request
) -> Iterator[PageChecker]:
    checker = PageChecker(browser, live_server.url, request.node.name, visited_pages)
    yield checker
    checker.close()
