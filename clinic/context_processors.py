from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from clinic import roles


def clinic(request: HttpRequest) -> dict:
    """The clinic's details and the viewer's roles, for every template."""
    user = getattr(request, "user", None)
    return {
        "clinic": {
            "name": settings.CLINIC_NAME,
            "phone": settings.CLINIC_PHONE,
            "email": settings.CLINIC_EMAIL,
            "address": settings.CLINIC_ADDRESS,
            # What to call in an emergency (911 in the US).
            "emergency_phone": settings.EMERGENCY_PHONE,
        },
        "is_clinician": bool(user and roles.is_clinician(user)),
        "is_front_desk": bool(user and roles.is_front_desk(user)),
    }
