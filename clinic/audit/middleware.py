from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from clinic.audit.recording import describe, record

# Views that the auth signals record already (login, logout): no second event for them.
_SIGNALLED_VIEWS = frozenset({"admin:login", "admin:logout"})


def is_audited_path(path: str) -> bool:
    return path.startswith(tuple(settings.AUDITED_PATH_PREFIXES))


class AuditMiddleware:
    """Records every signed-in request to a staff or admin URL, so no staff view can forget it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Anonymous visitors are sent to the login page and see nothing; recording them would
        # let anyone fill the audit table. Failed logins are recorded through the signals.
        if user is not None and user.is_authenticated and is_audited_path(request.path_info):
            fields = describe(request, response.status_code)
            if fields["url_name"] not in _SIGNALLED_VIEWS:
                record(request=request, user=user, **fields)
        return response
