from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from appointments.calendar import CalendarEvent, escape_text, fold, to_ics, unfold

EVENT = CalendarEvent(
    uid="appointment-ABC123@clinic.example",
    sequence=2,
    starts_at=datetime(2026, 12, 8, 15, 30, tzinfo=UTC),
    duration=timedelta(minutes=45),
    summary="Physical therapy, Riverside",
    location="1 Example Street; Springfield",
    description="Bring your shoes.\nCall 555-0100 to change it.",
    organizer_name='Riverside "Physical" Therapy',
    organizer_email="hello@clinic.example",
    attendee_email="pat@example.com",
    stamp=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
)


def test_it_writes_an_event_to_add_with_crlf_lines_and_utc_times():
    text = to_ics(EVENT)
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    properties = unfold(text)
    assert properties["METHOD"] == "REQUEST"
    assert properties["UID"] == "appointment-ABC123@clinic.example"
    assert properties["SEQUENCE"] == "2"
    assert properties["DTSTART"] == "20261208T153000Z"
    assert properties["DTEND"] == "20261208T161500Z"
    assert properties["STATUS"] == "CONFIRMED"
    assert properties["LOCATION"] == "1 Example Street\\; Springfield"
    assert properties["DESCRIPTION"] == "Bring your shoes.\\nCall 555-0100 to change it."
    assert properties['ORGANIZER;CN="Riverside Physical Therapy"'] == "mailto:hello@clinic.example"


def test_a_cancellation_has_the_same_uid_and_says_cancel():
    properties = unfold(to_ics(EVENT, cancelled=True))
    assert properties["METHOD"] == "CANCEL"
    assert properties["STATUS"] == "CANCELLED"
    assert properties["UID"] == EVENT.uid


def test_it_escapes_text():
    assert escape_text("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original(text):
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
