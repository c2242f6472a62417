"""Who may open a view and what a signed-in visit to it records: declared on each view.

    @staff_view(CLINICIANS, audit="screening")       # role check, then the audit event
    def staff_detail(request, pk): ...

    @audited("program")                              # a patient's link page: staff visits
    def program_page(request, token):                # are recorded, patients' are not
        ...
        audit_object(request, program.pk)

Every signed-in request to such a view writes one audit event after the view answered (refused
ones too, with their status code): who, what kind of object and its id, what they did, when and
from where. Never a token, a query string or form data. Anonymous visits write nothing, so that
nobody can fill the audit table from outside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse

from clinic.audit.models import Action

__all__ = ["Action", "AuditSpec", "audit_object", "audited", "role_required", "staff_view"]
from clinic.audit.recording import record_request
from clinic.roles import has_role

_OBJECT_ID_ATTRIBUTE = "_audit_object_id"
DEFAULT_ACTIONS: Mapping[str, str] = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
}


@dataclass(frozen=True)
class AuditSpec:
    """What a view's visits record: the kind of object, where its id comes from, the action."""

    object_type: str
    id_kwarg: str | None = "pk"
    # By method. Not listed: reading methods view; others change the object the URL names, or
    # create one when it names none (a "new" page).
    actions: Mapping[str, str] = field(default_factory=dict)

    def action_for(self, method: str, object_id: str) -> str:
        if method in self.actions:
            return self.actions[method]
        return DEFAULT_ACTIONS.get(method) or (Action.CHANGE if object_id else Action.CREATE)


def audit_object(request: HttpRequest, object_id: object) -> None:
    """Name the object a view showed when its URL does not (a patient link carries a token)."""
    setattr(request, _OBJECT_ID_ATTRIBUTE, object_id)


def _object_id(request: HttpRequest, spec: AuditSpec, kwargs: dict) -> str:
    value = getattr(request, _OBJECT_ID_ATTRIBUTE, None)
    if value is None and spec.id_kwarg:
        value = kwargs.get(spec.id_kwarg)
    return "" if value is None else str(value)[:64]


def _status_of(error: Exception) -> int:
    """The status Django answers for an exception that leaves the view."""
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, Http404):
        return 404
    if isinstance(error, SuspiciousOperation):
        return 400
    return 500


def audited(
    object_type: str, *, id_kwarg: str | None = "pk", actions: Mapping[str, str] | None = None
) -> Callable:
    """Record every signed-in visit to the view (after it answered) as one audit event."""
    spec = AuditSpec(object_type, id_kwarg, dict(actions or {}))

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def record(request: HttpRequest, kwargs: dict, status_code: int) -> None:
            if request.user.is_authenticated:
                object_id = _object_id(request, spec, kwargs)
                record_request(
                    request,
                    status_code=status_code,
                    action=spec.action_for(request.method or "", object_id),
                    object_type=spec.object_type,
                    object_id=object_id,
                )

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                response = view(request, *args, **kwargs)
            except Exception as error:  # a refusal (403) or a missing object (404) included
                record(request, kwargs, _status_of(error))
                raise
            record(request, kwargs, response.status_code)
            return response

        wrapper.audit = spec
        return wrapper

    return decorator


def role_required(*groups: str) -> Callable:
    """Anonymous visitors go to the login page; signed-in users without the role get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *groups):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.roles = frozenset(groups)
        return wrapper

    return decorator


def staff_view(
    *groups: str,
    audit: str,
    id_kwarg: str | None = "pk",
    actions: Mapping[str, str] | None = None,
) -> Callable:
    """A staff page: only these roles (administrators hold every role), every visit audited.

    The audit wraps the role check, so refused attempts are recorded with their 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return audited(audit, id_kwarg=id_kwarg, actions=actions)(role_required(*groups)(view))

    return decorator
