"""clinic.roles: who holds which role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from clinic.roles import CLINICIANS, FRONT_DESK, group_names, has_role, is_clinician
from tests.factories import UserFactory, administrator, clinician, front_desk

pytestmark = pytest.mark.django_db


def test_each_group_gives_its_role_only():
    assert is_clinician(clinician())
    assert not is_clinician(front_desk())
    assert has_role(front_desk(), FRONT_DESK)
    assert not has_role(UserFactory(), CLINICIANS, FRONT_DESK)


def test_administrators_hold_every_role():
    admin = administrator()
    assert has_role(admin, CLINICIANS)
    assert has_role(admin, FRONT_DESK)


def test_anonymous_and_inactive_users_hold_none():
    assert not has_role(AnonymousUser(), CLINICIANS)
    user = clinician()
    user.is_active = False
    assert not has_role(user, CLINICIANS)


def test_group_names_are_read_once_per_user_object(django_assert_num_queries):
    user = clinician()
    with django_assert_num_queries(1):
        assert group_names(user) == frozenset({CLINICIANS})
        assert group_names(user) == frozenset({CLINICIANS})
