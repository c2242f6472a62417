"""clinic.phones: one stored format for phone numbers, shown and searched the same way."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinic import phones
from clinic.models import Patient
from tests.factories import PatientFactory


class PhoneForm(forms.Form):
    phone = phones.PhoneField(required=False)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("314 555 0123", "+13145550123"),
        ("(314) 555-0123", "+13145550123"),
        ("+1 314.555.0123", "+13145550123"),
        ("1-314-555-0123", "+13145550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
    ],
)
def test_the_form_field_stores_what_people_type_as_e164(typed, stored):
    form = PhoneForm({"phone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["call me", "12345", "555 010 0123", "+", "3" * 40, "<b>1</b>"])
def test_the_form_field_refuses_what_is_not_a_number_with_a_clear_message(typed):
    form = PhoneForm({"phone": typed})
    assert not form.is_valid()
    assert form.errors["phone"] == [str(phones.INVALID_MESSAGE)]


def test_people_see_national_numbers_at_home_and_international_ones_from_abroad():
    assert phones.for_people("+13145550123") == "(314) 555-0123"
    assert phones.for_people("+442079460958") == "+44 20 7946 0958"
    # A number kept from before, as it was typed.
    assert phones.for_people("555-0100") == "555-0100"
    assert phones.for_people("") == ""


def test_tel_links_hold_digits_and_the_plus_only():
    assert phones.for_links("+13145550123") == "+13145550123"
    assert phones.for_links("555 01-00") == "5550100"


def test_stored_form_rewrites_numbers_that_parse_and_keeps_the_rest():
    assert phones.stored_form("314-555-0123") == "+13145550123"
    assert phones.stored_form("555-0100") == "555-0100"
    assert phones.stored_form("ring the bell") == "ring the bell"


@pytest.mark.django_db
def test_a_search_finds_a_number_however_it_is_typed():
    PatientFactory(full_name="Dana", phone="+13145550142")
    PatientFactory(full_name="Lee", phone="+16365550199")
    for typed in ("(314) 555-0142", "314 555", "5550142"):
        condition = phones.search_condition(typed)
        assert list(Patient.objects.filter(condition).values_list("full_name", flat=True)) == [
            "Dana"
        ]
    assert phones.search_condition("ab 12") is None


# Serialized rollback: the data-migration content (groups, the exercise library) comes back
# after this test empties the tables, as the other transactional tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_normalises_stored_numbers_and_keeps_the_others():
    before = [
        ("clinic", "0002_staff_groups"),
        ("screening", "0003_list_order_index"),
        ("appointments", "0003_queue_order_index"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_patient = executor.loader.project_state(before).apps.get_model("clinic", "Patient")
    good = old_patient.objects.create(full_name="Good", phone="(314) 555-0123")
    odd = old_patient.objects.create(full_name="Odd", phone="ext. 12 at the desk")
    none = old_patient.objects.create(full_name="None", email="n@example.org", phone="")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = dict(
        Patient.objects.filter(pk__in=[good.pk, odd.pk, none.pk]).values_list("full_name", "phone")
    )
    assert {name: str(phone) for name, phone in stored.items()} == {
        "Good": "+13145550123",
        "Odd": "ext. 12 at the desk",
        "None": "",
    }
