from __future__ import annotations

from functools import partial

from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clinic.audit.recording import client_ip
from clinic.mail import send_after_response
from clinic.services import ResetOutcome, password_reset_request_record


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness with a database round trip; says nothing about any patient."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, throttled, with its email sent after the response.

    Known and unknown addresses get the same answer from the same work: the request only
    counts and records itself (clinic.services); the account is looked up, and the email
    sent, once the response has gone (clinic.mail). A failing mail server is logged by
    Django's form (with the account's id, never the address) and never seen by the visitor.
    """

    def form_valid(self, form) -> HttpResponse:
        outcome = password_reset_request_record(
            email=form.cleaned_data["email"], client_ip=client_ip(self.request)
        )
        if outcome is ResetOutcome.CLIENT_LIMITED:
            context = self.get_context_data(form=form, rate_limited=True)
            return self.render_to_response(context, status=429)
        if outcome is ResetOutcome.SEND:
            # What Django's own form_valid passes to form.save().
            options = {
                "use_https": self.request.is_secure(),
                "token_generator": self.token_generator,
                "from_email": self.from_email,
                "email_template_name": self.email_template_name,
                "subject_template_name": self.subject_template_name,
                "request": self.request,
                "html_email_template_name": self.html_email_template_name,
                "extra_email_context": self.extra_email_context,
            }
            send_after_response(partial(form.save, **options))
        # An address over its limit gets the same answer, and no email.
        return HttpResponseRedirect(self.get_success_url())
