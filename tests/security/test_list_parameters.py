"""Every staff list's date, number and page parameters: extreme, huge, junk, Unicode and NUL.

The answer is always the list itself (the CSV for the export), never a 500; a value that is
certainly wrong gets a message, and values that are certainly right get none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.filters import EARLIEST_FILTER_DATE, LATEST_FILTER_DATE
from tests.security.world import World

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "25"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
WARNING = "alert-warning"
IGNORED = "Some filters were not understood and are ignored."


@dataclass(frozen=True)
class StaffList:
    url: Callable[[World], str]
    who: str
    heading: str
    # Parameter name -> kind ("date", "page" or "text"); other names are ignored by the view.
    parameters: dict[str, str]
    csv: bool = False


DATES = {"date_from": "date", "date_to": "date"}
LISTS: dict[str, StaffList] = {
    "screenings": StaffList(
        lambda world: reverse("screening:staff_list"),
        "clinician",
        "<h1>Screenings</h1>",
        {"category": "text", **DATES, "page": "page"},
    ),
    "request queue": StaffList(
        lambda world: reverse("appointments:queue"),
        "front_desk",
        "<h1>Appointment requests</h1>",
        {"status": "text", "q": "text", **DATES, "page": "page"},
    ),
    "request export": StaffList(
        lambda world: reverse("appointments:export"),
        "front_desk",
        "Reference",
        {"status": "text", "q": "text", **DATES, "page": "text"},
        csv=True,
    ),
    "patients": StaffList(
        lambda world: reverse("staff:patient_list"),
        "clinician",
        "<h1>Patients</h1>",
        {"q": "text", "page": "page"},
    ),
    "programs": StaffList(
        lambda world: reverse("exercises:program_list"),
        "clinician",
        "<h1>Home programs</h1>",
        {"page": "page"},
    ),
    "flagged programs": StaffList(
        lambda world: reverse("exercises:flagged_programs"),
        "clinician",
        "<h1>",
        {"page": "page"},
    ),
    "outcome measures due": StaffList(
        lambda world: reverse("outcomes:measures_due"),
        "clinician",
        "<h1>Outcome measures due</h1>",
        {"page": "page"},
    ),
    "programs to review": StaffList(
        lambda world: reverse("outcomes:review_list"),
        "clinician",
        "<h1>Programs to review</h1>",
        {"page": "page"},
    ),
    "a program's logs": StaffList(
        lambda world: reverse("exercises:program_detail", args=[world.program_a.pk]),
        "clinician",
        "Early sciatica program",
        {"page": "page"},
    ),
}


# Values, each marked: True certainly valid, False certainly refused, None either -------------

JUNK = [
    "",
    " ",
    "\x00",
    "2026-01-01\x00",
    "1\x00",
    "abc",
    "<script>alert(1)</script>",
    "'; DROP TABLE clinic_patient; --",
    "١٢",  # Arabic-Indic digits
    "\uff12",  # a full-width digit
    "²",
    "1e309",
    "NaN",
    "inf",
    "-1",
    "0",
    "0x10",
    "9" * 5000,
    "🙂" * 50,
    "e\u0301" * 30,
    "\ufeff\u200b",
    "x" * 20_000,
]
JUNK_TEXT = st.one_of(st.sampled_from(JUNK), st.text(max_size=100))
HUGE = st.integers(min_value=-(10**60), max_value=10**60).map(str)


def _in_range(day: date) -> bool:
    return EARLIEST_FILTER_DATE <= day <= LATEST_FILTER_DATE


DATE_VALUES = st.one_of(
    # ISO dates from year 1 to 9999: refused outside the range, kept inside it.
    st.dates().map(lambda day: (day.isoformat(), _in_range(day))),
    st.sampled_from(
        [
            ("9999-12-31", False),
            ("0001-01-01", False),
            ("1999-12-31", False),
            ("2101-01-01", False),
            ("2000-01-01", True),
            ("2100-12-31", True),
            ("2026-02-29", False),
            ("12/31/9999", False),
            ("+10000-01-01", False),
            ("2026-01-01\x00", False),
        ]
    ),
    HUGE.map(lambda value: (value, False)),
    JUNK_TEXT.map(lambda value: (value, False if "\x00" in value else None)),
)
PAGE_VALUES = st.one_of(
    st.integers(min_value=1, max_value=3).map(lambda n: (str(n), None)),
    HUGE.map(lambda value: (value, None)),
    JUNK_TEXT.map(lambda value: (value, None)),
)
TEXT_VALUES = st.one_of(JUNK_TEXT, HUGE).map(lambda value: (value, None))
BY_KIND = {"date": DATE_VALUES, "page": PAGE_VALUES, "text": TEXT_VALUES}


def _sent(marked):
    """One value, or the same parameter two or three times (the view reads the last)."""
    return st.one_of(marked.map(lambda one: [one]), st.lists(marked, min_size=2, max_size=3))


def queries(parameters: dict[str, str]) -> st.SearchStrategy[dict]:
    chosen = st.fixed_dictionaries(
        {},
        optional={name: _sent(BY_KIND[kind]) for name, kind in parameters.items()},
    )
    extras = st.dictionaries(
        st.sampled_from(["pk", "id", "order", "sort", "limit", "offset", "per_page", "\x00"]),
        st.lists(TEXT_VALUES, min_size=1, max_size=2),
        max_size=2,
    )
    return st.tuples(chosen, extras).map(lambda pair: {**pair[1], **pair[0]})


def _page_is_valid(value: str) -> bool:
    """The world's lists fit on one page: only 1 (or nothing, meaning the first) is a page."""
    digits = value.strip()
    return value == "" or (digits.isascii() and digits.isdigit() and digits.lstrip("0") == "1")


def expected_warning(staff_list: StaffList, query: dict) -> bool | None:
    """True if a message must show, False if none may, None if it depends on the locale."""
    verdicts = []
    for name, sent in query.items():
        kind = staff_list.parameters.get(name)
        value, verdict = sent[-1]
        if kind == "page":
            verdict = _page_is_valid(value)
        elif kind is None:
            verdict = True  # ignored
        verdicts.append(verdict)
    dates = [query[name][-1] for name in DATES if name in query and name in staff_list.parameters]
    if len(dates) == 2 and all(verdict for _value, verdict in dates):
        start, end = (date.fromisoformat(value) for value, _verdict in dates)
        verdicts.append(start <= end)
    if False in verdicts:
        return True
    if None in verdicts:
        return None
    return False


def _client(world: World, who: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, who))
    return client


def check(response, staff_list: StaffList, query: dict) -> None:
    assert response.status_code == 200, (response.status_code, query)
    if staff_list.csv:
        body = b"".join(response.streaming_content).decode("utf-8")
        assert response["Content-Type"].startswith("text/csv"), query
        assert staff_list.heading in body.splitlines()[0], query
        return
    body = response.content.decode()
    assert staff_list.heading in body, query
    assert "Traceback" not in body
    warning = expected_warning(staff_list, query)
    if warning is not None:
        assert (WARNING in body) is warning, (query, warning)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_staff_list_fails_on_extreme_huge_or_junk_parameters(name, world):
    staff_list = LISTS[name]
    client = _client(world, staff_list.who)
    url = staff_list.url(world)

    @HYPOTHESIS
    @given(query=queries(staff_list.parameters))
    def visit(query):
        sent = {key: [value for value, _verdict in values] for key, values in query.items()}
        check(client.get(url, sent), staff_list, query)

    visit()


# The cases a probe found, and the edges, one by one ------------------------------------------


@pytest.mark.parametrize(
    "name", ["screenings", "request queue", "request export"], ids=lambda name: name
)
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
@pytest.mark.parametrize("parameter", ["date_from", "date_to"])
def test_a_date_outside_2000_to_2100_is_ignored_with_a_message(name, value, parameter, world):
    staff_list = LISTS[name]
    response = _client(world, staff_list.who).get(staff_list.url(world), {parameter: value})
    check(response, staff_list, {parameter: [(value, False)]})
    if not staff_list.csv:
        assert IGNORED in response.content.decode()
    if name == "request queue":
        # The queue shows the refused value by its field, with the dates that work.
        assert "Choose a date from Jan. 1, 2000 to Dec. 31, 2100." in response.content.decode()


@pytest.mark.parametrize("name", ["screenings", "request queue", "request export"])
def test_the_first_and_last_dates_of_the_range_are_accepted(name, world):
    staff_list = LISTS[name]
    query = {"date_from": "2000-01-01", "date_to": "2100-12-31"}
    response = _client(world, staff_list.who).get(staff_list.url(world), query)
    check(response, staff_list, {key: [(value, True)] for key, value in query.items()})


@pytest.mark.parametrize("name", ["screenings", "request queue"])
def test_a_backwards_date_range_is_refused_with_a_message(name, world):
    staff_list = LISTS[name]
    query = {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    response = _client(world, staff_list.who).get(staff_list.url(world), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert IGNORED in html
    if name == "request queue":
        assert "The start date is after the end date." in html


def test_the_date_pickers_offer_only_the_range(world):
    html = _client(world, "front_desk").get(reverse("appointments:queue")).content.decode()
    assert html.count('min="2000-01-01"') == 2
    assert html.count('max="2100-12-31"') == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "That page number was not understood: here is the first page."),
        ("0", "That page number was not understood: here is the first page."),
        ("-1", "That page number was not understood: here is the first page."),
        ("\x00", "That page number was not understood: here is the first page."),
        ("2", "There is no such page: here is the last one, page 1."),
        ("9" * 5000, "There is no such page: here is the last one, page 1."),
    ],
)
@pytest.mark.parametrize("name", sorted(name for name in LISTS if name != "request export"))
def test_a_page_that_is_not_there_shows_the_nearest_one_with_a_message(name, value, message, world):
    staff_list = LISTS[name]
    response = _client(world, staff_list.who).get(staff_list.url(world), {"page": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert staff_list.heading in html
    assert message in html


@pytest.mark.parametrize(
    "params",
    [
        {"created_at__year": "99999999999"},
        {"created_at__year": "2026", "created_at__month": "13"},
        {"created_at__year": "\x00"},
        {"action__exact": "\x00"},
        {"object_type__exact": "\x00"},
        {"q": "casey\x00"},
        {"\x00": "1"},
        {"o": "99999999999999999999"},
        {"p": "-1"},
        {"q": "1" * 2000},
        {"user": "9223372036854775808"},
        {"id": "99999999999999999999"},
        {"o": "\x00"},
    ],
)
@pytest.mark.parametrize("changelist", ["audit_auditevent", "clinic_patient"])
def test_the_admin_lists_answer_junk_without_a_500(params, changelist):
    """The Django admin's own filters: a NUL would reach PostgreSQL, a huge year datetime()."""
    from tests.factories import administrator

    client = Client(raise_request_exception=False)
    client.force_login(administrator())
    url = reverse(f"admin:{changelist}_changelist")
    response = client.get(url, params)
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 302:  # the admin's "bad filter" page, which says so
        assert response["Location"] == f"{url}?e=1"
