"""The page checker the browser tests use, and small journey helpers (logging in)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)

from tests.e2e.checks import AXE_OPTIONS, HTML, SCREENSHOTS, format_axe_violations

# How long a click, a navigation or a screenshot, and an expect() assertion may take before the
# test fails. Deadlines, not delays: a step that is ready goes on at once. Playwright's defaults
# (30 s for steps, 5 s for expect) fail on a machine whose cores are busy with other work;
# these leave room for a machine many times slower than a quiet one (`bash .ci/under-load`).
STEP_TIMEOUT_MS = 120_000
EXPECT_TIMEOUT_MS = 60_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "a-strong-test-password"  # tests/factories.py gives every user this one

_AXE_SCRIPT = Axe().axe_script


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-").lower()


class PageChecker:
    """Opens pages in fresh browser contexts and checks every page a test lands on.

    For each page: the raw HTML of the response is saved for the Nu Html Checker (run once at the
    end of the session), full-page screenshots are taken at phone and desktop widths, axe-core runs
    at both widths, and the browser console must stay free of errors (CSP violations show there).
    """

    def __init__(self, browser: Browser, base_url: str, test_name: str, saved: list[Path]):
        self.browser = browser
        self.base_url = base_url
        self.test_name = slug(test_name)
        self.saved = saved
        self._contexts: list[BrowserContext] = []
        self._documents: dict[Page, Response] = {}
        self._console_errors: dict[Page, list[tuple[str, str]]] = {}
        self._step = 0

    def new_page(self, *, phone: bool = False) -> Page:
        """A page in a new browser context: its own cookies, like another person's browser."""
        options: dict = {"base_url": self.base_url, "locale": "en-US"}
        if phone:
            options |= {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        else:
            options |= {"viewport": DESKTOP}
        context = self.browser.new_context(**options)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        self._contexts.append(context)
        page = context.new_page()
        self._console_errors[page] = []
        page.on("response", lambda response: self._remember_document(page, response))
        page.on("console", lambda message: self._remember_console(page, message))
        page.on("pageerror", lambda error: self._console_errors[page].append(("", str(error))))
        return page

    def visit(self, page: Page, path: str, step: str, *, status: int = 200) -> Response:
        response = page.goto(path)
        assert response is not None
        self.check(page, step, status=status)
        return response

    @contextmanager
    def navigation(self, page: Page, step: str, *, status: int = 200) -> Iterator[None]:
        """Wrap the click or key press that navigates; the page it lands on is checked."""
        with page.expect_navigation():
            yield
        self.check(page, step, status=status)

    def check(self, page: Page, step: str, *, status: int = 200) -> None:
        response = self._documents.get(page)
        assert response is not None, f"no document loaded before step {step!r}"
        assert urldefrag(response.url).url == urldefrag(page.url).url, (
            f"step {step!r}: the page shows {page.url} but the last document was {response.url}"
        )
        assert response.status == status, (
            f"step {step!r}: {response.url} answered {response.status}, expected {status}"
        )
        page.wait_for_load_state("load")
        self._step += 1
        name = f"{self.test_name}-{self._step:02d}-{slug(step)}"

        # The raw response, not page.content(): the checker must see what the server sent.
        html_path = HTML / f"{name}.html"
        html_path.write_text(response.text(), encoding="utf-8")
        self.saved.append(html_path)

        problems = []
        original_size = page.viewport_size
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{name}-{size['width']}.png", full_page=True)
            violations = run_axe(page)
            if violations:
                problems.append(f"at {size['width']}px:\n{format_axe_violations(violations)}")
        if original_size:
            page.set_viewport_size(original_size)
        assert not problems, (
            f"axe-core found WCAG A/AA violations on {page.url} (step {step!r}):\n"
            + "\n".join(problems)
        )

        errors = self._console_errors[page]
        if status >= 400:
            # Chromium logs the expected error status of the document itself.
            errors = [
                (url, text)
                for url, text in errors
                if not (url == response.url and text.startswith("Failed to load resource"))
            ]
        self._console_errors[page] = []
        assert not errors, f"browser console errors on {page.url} (step {step!r}):\n" + "\n".join(
            f"- {text} ({url})" for url, text in errors
        )

    def screenshot_print(self, page: Page, step: str) -> None:
        """The page as it prints (print stylesheet), full length at A4-ish width."""
        name = f"{self.test_name}-{self._step:02d}-{slug(step)}"
        original_size = page.viewport_size
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})
        page.screenshot(path=SCREENSHOTS / f"{name}-print.png", full_page=True)
        page.emulate_media(media="screen")
        if original_size:
            page.set_viewport_size(original_size)

    def close(self) -> None:
        for context in self._contexts:
            context.close()

    def _remember_document(self, page: Page, response: Response) -> None:
        request = response.request
        if (
            request.is_navigation_request()
            and response.frame == page.main_frame
            and not 300 <= response.status < 400
        ):
            self._documents[page] = response

    def _remember_console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._console_errors[page].append((message.location.get("url", ""), message.text))


def run_axe(page: Page) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it is now (axe injected once per page)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def log_in(checker: PageChecker, page: Page, username: str, *, step: str = "login") -> None:
    """Through the real login form, as a person would."""
    checker.visit(page, "/accounts/login/", step)
    field(page, "Username").fill(username)
    field(page, "Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def field(page: Page, label: str) -> Locator:
    """The form control with exactly this label (crispy-forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def wait_until(condition: Callable[[], bool], what: str, *, timeout: float = 60) -> None:
    """Wait for something the live server does in its own thread after answering (such as
    sending an email once the response has gone), up to a deadline that a busy machine meets.

    Not a retry: the condition is only read until it holds; the test fails at the deadline.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what} after {timeout} s"
        time.sleep(0.05)
