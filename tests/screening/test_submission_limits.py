"""Screening submissions: limited per client address, and a submitted state is stored once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from screening.models import Screening
from screening.questionnaire import STATE_COOKIE, STEPS, State, dump_state, new_state
from screening.services import RATE_LIMIT_COUNT, submitter_hash
from tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db

CONTACT = "/screening/contact/"
COMPLETED_BEFORE_CONTACT = [step.name for step in STEPS].index("contact") - 1


def submit(client, answers=None, **extra):
    """Send a fresh, complete questionnaire (a new state, so a new screening) from `extra`'s
    address headers."""
    state = State(
        new_state().nonce, answers or {"red_flags": []}, completed=COMPLETED_BEFORE_CONTACT
    )
    client.cookies[STATE_COOKIE] = dump_state(state)
    return client.post(CONTACT, {"action": "next"}, **extra)


def test_it_limits_new_screenings_per_address_with_a_clear_page(client):
    for _ in range(RATE_LIMIT_COUNT):
        assert submit(client).status_code == 302
    response = submit(client, {"onset": "gradual", "red_flags": []})
    assert response.status_code == 429
    content = response.content.decode()
    assert "We could not take your answers just now" in content
    assert "Nothing was stored" in content
    assert Screening.objects.count() == RATE_LIMIT_COUNT
    # The answers stay in the browser, for a later try.
    assert response.cookies[STATE_COOKIE].value
    assert 'href="tel:' in content


def test_the_limit_is_ten_an_hour():
    assert RATE_LIMIT_COUNT == 10


def test_it_forgets_submissions_older_than_an_hour(client):
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("127.0.0.1"))
    assert submit(client).status_code == 429
    Screening.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert submit(client).status_code == 302


def test_it_counts_each_address_apart(client):
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("203.0.113.7"))
    assert submit(client, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert submit(client, REMOTE_ADDR="203.0.113.8").status_code == 302
    assert submit(client, REMOTE_ADDR="2001:db8::1").status_code == 302


def test_it_counts_the_client_behind_our_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("198.51.100.4"))
    # The proxy appends the address it saw; anything further left can be forged.
    assert submit(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.4", **proxy).status_code == 429
    assert submit(client, HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy).status_code == 302
    # A forged left-hand entry does not get around the limit.
    assert (
        submit(client, HTTP_X_FORWARDED_FOR="198.51.100.5, 198.51.100.4", **proxy).status_code
        == 429
    )


def test_it_ignores_x_forwarded_for_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("127.0.0.1"))
    assert submit(client, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429


def test_it_stores_only_a_keyed_hash_of_the_address(client):
    submit(client, REMOTE_ADDR="203.0.113.7")
    stored = Screening.objects.get().submitter_hash
    assert stored == submitter_hash("203.0.113.7")
    assert "203.0.113.7" not in stored
    assert len(stored) == 64


def test_a_replay_shows_the_stored_result_even_over_the_limit(client):
    state = State(new_state().nonce, {"red_flags": []}, completed=COMPLETED_BEFORE_CONTACT)
    client.cookies[STATE_COOKIE] = dump_state(state)
    first = client.post(CONTACT, {"action": "next"})
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("127.0.0.1"))
    client.cookies[STATE_COOKIE] = dump_state(state)
    again = client.post(CONTACT, {"action": "next"})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Screening.objects.count() == RATE_LIMIT_COUNT + 1


def test_the_limit_page_leads_with_the_call_when_the_answers_show_an_emergency(client):
    ScreeningFactory.create_batch(RATE_LIMIT_COUNT, submitter_hash=submitter_hash("127.0.0.1"))
    response = submit(client, {"red_flags": ["saddle_numbness"]})
    assert response.status_code == 429
    content = response.content.decode()
    assert content.index("Get emergency care now") < content.index("Nothing was stored")
    assert 'href="tel:5550100"' in content
    assert 'href="tel:911"' in content


def test_old_address_hashes_are_wiped_daily(client):
    old = ScreeningFactory(submitter_hash="a" * 64)
    recent = ScreeningFactory(submitter_hash="b" * 64)
    Screening.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    out = StringIO()
    call_command("wipe_submitter_addresses", stdout=out)
    assert "Wiped the address hashes of 1 screenings older than 24 hours." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.submitter_hash == ""
    assert recent.submitter_hash == "b" * 64
