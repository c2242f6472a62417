"""Email that waits until the visitor has their answer: sent after the response.

    send_after_response(partial(form.save, ...))

Django sends `request_finished` once the WSGI server has written the whole response (it
closes the response then), so work queued during a request runs after the visitor has the
page: a slow or failing mail server neither delays nor breaks it, and the response time does
not tell whether there was anything to send. Outside a request (a command, a shell) the work
runs at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar

logger = logging.getLogger(__name__)

# The work queued by the current request; None outside a request.
_pending: ContextVar[list[Callable[[], object]] | None] = ContextVar(
    "clinic_mail_after_response", default=None
)


def send_after_response(work: Callable[[], object]) -> None:
    """Run `work` (which sends email) once this request's response has gone out."""
    pending = _pending.get()
    if pending is None:
        _run([work])
    else:
        pending.append(work)


def _run(works: list[Callable[[], object]]) -> None:
    for work in works:
        try:
            work()
        except Exception:
            # The visitor has their page already; the log line (addresses redacted by the
            # logging filter) is all that can tell the operators.
            logger.exception("Could not send email after the response.")


def request_started(**kwargs) -> None:
    """Start an empty queue for the request (connected to Django's request_started)."""
    _pending.set([])


def request_finished(**kwargs) -> None:
    """Run the request's queued work (connected to Django's request_finished).

    Django's own request_finished receiver (close_old_connections) has run just before: work
    that queries the database may open a connection, which the next request on this thread
    closes or reuses as CONN_MAX_AGE says.
    """
    pending = _pending.get()
    _pending.set(None)
    if pending:
        _run(pending)
