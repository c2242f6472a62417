"""The shared pages (home, login, password reset and change, staff home, 404) in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.pages import PASSWORD, field, log_in, wait_until
from tests.factories import administrator, clinician, front_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_shows_the_public_pages_and_the_login_errors(page_checker):
    page = page_checker.new_page()
    page_checker.visit(page, "/", "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pain in the back of your thigh?")

    page_checker.visit(page, "/no-such-page/", "not-found", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")

    page_checker.visit(page, "/accounts/login/", "login")
    field(page, "Username").fill("nobody")
    field(page, "Password").fill("wrong-password")
    with page_checker.navigation(page, "login-error"):
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()

    # django-axes locks the username out after five failures and says so.
    for _ in range(5):
        if page.get_by_role("heading", name="Too many failed logins").count():
            break
        field(page, "Password").fill("wrong-password")
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
    page_checker.check(page, "locked-out", status=429)


def test_it_resets_a_forgotten_password_through_the_emailed_link(page_checker):
    clinician(username="dana", email="dana@clinic.example")
    page = page_checker.new_page(phone=True)
    page_checker.visit(page, "/accounts/login/", "login")
    with page_checker.navigation(page, "reset-form"):
        page.get_by_role("link", name="Forgot your password?").click()
    field(page, "Email").fill("dana@clinic.example")
    with page_checker.navigation(page, "reset-sent"):
        page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # The server sends the email after its response, in its own thread.
    wait_until(lambda: len(mail.outbox) == 1, "the reset email")
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page_checker.visit(page, link.group(0), "choose-password")
    field(page, "New password").fill("a-new-long-password-1")
    field(page, "New password confirmation").fill("something-else-entirely")
    with page_checker.navigation(page, "choose-password-error"):
        page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_text("The two password fields didn")).to_be_visible()

    field(page, "New password").fill("a-new-long-password-1")
    field(page, "New password confirmation").fill("a-new-long-password-1")
    with page_checker.navigation(page, "password-saved"):
        page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password saved")


def test_it_shows_each_role_its_staff_home(page_checker):
    clinician(username="clara")
    front_desk(username="frank")
    administrator(username="ada")

    page = page_checker.new_page()
    log_in(page_checker, page, "clara")
    page_checker.check(page, "staff-home-clinician")
    expect(page.get_by_role("heading", name="Clinician tools")).to_be_visible()
    expect(page.get_by_role("heading", name="Front desk tools")).to_have_count(0)

    with page_checker.navigation(page, "password-change"):
        page.get_by_role("link", name="Change your password").click()
    field(page, "Old password").fill("not-my-password")
    field(page, "New password").fill("a-new-long-password-2")
    field(page, "New password confirmation").fill("a-new-long-password-2")
    with page_checker.navigation(page, "password-change-error"):
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your old password was entered incorrectly")).to_be_visible()
    field(page, "Old password").fill(PASSWORD)
    field(page, "New password").fill("a-new-long-password-2")
    field(page, "New password confirmation").fill("a-new-long-password-2")
    with page_checker.navigation(page, "password-changed"):
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")

    with page_checker.navigation(page, "logged-out"):
        page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff login")

    log_in(page_checker, page, "frank", step="login-front-desk")
    page_checker.check(page, "staff-home-front-desk")
    expect(page.get_by_role("heading", name="Front desk tools")).to_be_visible()
    expect(page.get_by_role("heading", name="Clinician tools")).to_have_count(0)
    # Screenings hold patients' answers: clinicians only.
    page_checker.visit(page, "/staff/screenings/", "front-desk-refused", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")

    admin_page = page_checker.new_page(phone=True)
    log_in(page_checker, admin_page, "ada", step="login-administrator")
    page_checker.check(admin_page, "staff-home-administrator")
    expect(admin_page.get_by_role("link", name="Site administration")).to_be_visible()
