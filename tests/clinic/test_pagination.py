from __future__ import annotations

import pytest
from django.contrib.messages.storage.cookie import CookieStorage

from clinic.models import Patient
from clinic.pagination import MAX_PAGE_NUMBER, CappedPaginator, page_number, paginate
from tests.factories import PatientFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 7 ", 7),
        ("007", 7),
        (str(MAX_PAGE_NUMBER), MAX_PAGE_NUMBER),
        (str(MAX_PAGE_NUMBER + 5), MAX_PAGE_NUMBER + 1),
        ("9" * 5000, MAX_PAGE_NUMBER + 1),
        ("0", None),
        ("000", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        ("\x00", None),
        ("1\x00", None),
        ("٣", None),
        ("²", None),
        ("abc", None),
    ],
)
def test_it_reads_only_plain_page_numbers(value, expected):
    assert page_number(value) == expected


@pytest.fixture
def names(db) -> list[str]:
    """Ten patients, in the list's order."""
    patients = [PatientFactory(full_name=f"Patient {i:02}") for i in range(10)]
    return [patient.full_name for patient in patients]


def _names(page) -> list[str]:
    return [patient.full_name for patient in page.object_list]


def test_below_the_cap_it_counts_every_row(names):
    paginator = CappedPaginator(Patient.objects.order_by("full_name"), 4, cap=10)
    assert not paginator.capped
    assert paginator.count == 10
    assert paginator.num_pages == 3
    assert _names(paginator.page(3)) == names[8:]


def test_past_the_cap_it_stops_counting_and_pages_on_with_next(names):
    paginator = CappedPaginator(Patient.objects.order_by("full_name"), 2, cap=3)
    assert paginator.capped
    assert paginator.count == 4  # "more than 3"
    fourth = paginator.page(4)
    assert _names(fourth) == names[6:8]
    assert fourth.has_next()
    assert fourth.next_page_number() == 5
    assert (fourth.start_index(), fourth.end_index()) == (7, 8)
    last = paginator.page(5)
    assert _names(last) == names[8:]
    assert not last.has_next()
    assert last.has_previous()


def test_a_list_too_can_be_capped():
    paginator = CappedPaginator(list(range(10)), 2, cap=3)
    assert paginator.capped
    assert list(paginator.page(5).object_list) == [8, 9]


@pytest.mark.parametrize("cap", [3, 100])
def test_a_page_past_the_end_gives_the_last_page_and_says_so(names, rf, monkeypatch, cap):
    monkeypatch.setattr("clinic.pagination.COUNT_CAP", cap)
    request = rf.get("/", {"page": "9"})
    request._messages = CookieStorage(request)
    page = paginate(request, Patient.objects.order_by("full_name"), size=4)
    assert page.number == 3
    assert _names(page) == names[8:]
    assert [str(m) for m in request._messages] == [
        "There is no such page: here is the last one, page 3."
    ]
