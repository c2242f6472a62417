"""What an audit event says about a request, and writing it without ever breaking the request."""

from __future__ import annotations

import ipaddress
import logging
import re
from contextlib import nullcontext

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import ResolverMatch

from clinic.audit.models import Action, AuditEvent

logger = logging.getLogger(__name__)

# URL kwargs that may name an object in the audit: database ids and slugs. Anything else
# (tokens above all) is never written down.
_ID_VALUE = re.compile(r"^[0-9]{1,20}$")
_SLUG_VALUE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
_CREATE_WORDS = ("create", "add", "new", "assign")
_ADMIN_SUFFIXES = {
    "changelist": Action.VIEW,
    "add": Action.CREATE,
    "change": Action.CHANGE,
    "delete": Action.DELETE,
    "history": Action.VIEW,
}


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or what our own trusted proxies saw (X-Forwarded-For) when there are any."""
    address = request.META.get("REMOTE_ADDR", "")
    proxy_count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxy_count > 0:
        # Each trusted proxy appends the address it saw; entries further left can be forged.
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxy_count:
            address = forwarded[-proxy_count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _object_kwarg(match: ResolverMatch) -> tuple[str, str] | None:
    """The last id-or-slug kwarg in the route (the most specific object), with its value."""
    candidates = [
        (name, str(value))
        for name, value in match.kwargs.items()
        if "token" not in name
        and (
            isinstance(value, int)
            or _ID_VALUE.match(str(value))
            or (name.endswith("slug") and _SLUG_VALUE.match(str(value)))
        )
    ]
    if not candidates:
        return None
    # Prefer the kwarg that comes last in the route: /patients/<patient_pk>/programs/<pk>/.
    route = match.route or ""
    candidates.sort(key=lambda item: route.find(f":{item[0]}>"))
    return candidates[-1]


def _object_type_from_route(route: str, kwarg: str) -> str:
    """The literal segment before the kwarg, singular: 'staff/patients/<int:pk>/' -> 'patient'."""
    segments = [segment for segment in route.split("/") if segment]
    previous = ""
    for segment in segments:
        if segment.endswith(f":{kwarg}>") or segment == f"<{kwarg}>":
            break
        if "<" not in segment:
            previous = segment
    if not previous and kwarg.endswith(("_pk", "_id", "_slug")):
        previous = kwarg.rsplit("_", 1)[0]
    return previous.removesuffix("s")[:100]


def describe(request: HttpRequest, status_code: int) -> dict:
    """The fields of the audit event for a request: no query string, no form data, no token."""
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    method = request.method or ""
    url_name = match.view_name if match else ""
    object_type = object_id = ""
    action = Action.VIEW if method in {"GET", "HEAD", "OPTIONS"} else Action.CHANGE

    if match and match.namespace == "admin" and "object_id" in match.kwargs:
        object_id = str(match.kwargs["object_id"])[:64]
    elif match:
        found = _object_kwarg(match)
        if found:
            object_type = _object_type_from_route(match.route or "", found[0])
            object_id = found[1]

    if match and match.namespace == "admin":
        object_type, action = _describe_admin(match.url_name or "", method, action)
    elif "export" in url_name:
        action = Action.EXPORT
    elif method == "DELETE" or (action == Action.CHANGE and "delete" in url_name):
        action = Action.DELETE
    elif action == Action.CHANGE and (
        any(word in url_name for word in _CREATE_WORDS) or not object_id
    ):
        action = Action.CREATE

    return {
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "url_name": url_name[:200],
        "method": method[:10],
        "status_code": status_code,
        "ip_address": client_ip(request),
    }


def _describe_admin(url_name: str, method: str, default_action: str) -> tuple[str, str]:
    """Admin URL names read '<app>_<model>_<suffix>': the model is the object type."""
    from django.contrib import admin

    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if url_name.startswith(prefix):
            suffix = url_name.removeprefix(prefix)
            action = default_action
            if default_action != Action.VIEW:
                action = _ADMIN_SUFFIXES.get(suffix, Action.CHANGE)
                if suffix == "changelist":
                    action = Action.CHANGE  # a bulk action
            return model._meta.label_lower, action
    return "", default_action


def record(*, request: HttpRequest | None, user=None, username: str = "", **fields) -> None:
    """Write one audit event. A failure is logged loudly and never turns into an error page."""
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None and not username:
        username = user.get_username()
    if request is not None and "ip_address" not in fields:
        fields["ip_address"] = client_ip(request)
    try:
        # Inside a transaction, a savepoint, so that a failed write cannot break it; outside,
        # the one INSERT is a transaction of its own (no BEGIN and COMMIT round trips).
        in_transaction = transaction.get_connection().in_atomic_block
        with transaction.atomic() if in_transaction else nullcontext():
            AuditEvent.objects.create(user=user, username=username[:150], **fields)
    except Exception:
        # Fail open, loudly: refusing service to clinicians because the audit table is
        # unavailable would do patients more harm; operators alert on this log line.
        logger.exception(
            "Could not write the audit event %s %s",
            fields.get("action", ""),
            fields.get("url_name", ""),
        )
