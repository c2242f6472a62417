"""What the patient agrees to when they ask for reminders: the wording and its version.

Change the wording, change the version: each subscription keeps the version and the text it
was shown, so the clinic can tell what every patient agreed to.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

CONSENT_VERSION = "reminders-1"


def consent_text() -> str:
    """The wording as the patient reads it (their language, the clinic's name)."""
    return _(
        "I agree that %(clinic)s emails me reminders to do my exercises, on the days and at the "
        "time I chose, at the address above. The emails hold only my first name and the link "
        "to my program. I can stop them at any time, from any reminder or from my program page."
    ) % {"clinic": settings.CLINIC_NAME}
