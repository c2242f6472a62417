"""What an audit event says about a request, and writing it without ever breaking the request."""

from __future__ import annotations

import ipaddress
import logging
from contextlib import nullcontext

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import ResolverMatch

from clinic.audit.models import Action, AuditEvent

logger = logging.getLogger(__name__)

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


def record_request(
    request: HttpRequest, *, status_code: int, action: str, object_type: str, object_id: str
) -> None:
    """One event for a signed-in request: the view's name, never its URL (links hold tokens)."""
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    record(
        request=request,
        user=request.user,
        action=action,
        object_type=object_type[:100],
        object_id=object_id[:64],
        url_name=(match.view_name if match else "")[:200],
        method=(request.method or "")[:10],
        status_code=status_code,
    )


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
