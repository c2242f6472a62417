"""`{{ form|crispy_static }}`: crispy's rendering of an unbound form, kept per process.

Rendering a form through crispy's Bootstrap templates takes milliseconds: most of the time of
a light page (the questionnaire's steps, the patient's program page). An unbound form renders
the same for every visitor given its class and language, and changes only with the code (a
deploy restarts the processes), so a small per-process cache is safe: nothing to invalidate,
nothing shared between servers.

Only for blank forms whose fields do not depend on constructor arguments or the database: bound
forms, forms with initial values (a visitor's own answers, contact details) and forms with model
choice fields are always rendered afresh, so no visitor's data is ever kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MAX_ENTRIES = 256
_rendered: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = threading.Lock()


def _cache_key(form: forms.BaseForm) -> tuple | None:
    """None when the form must be rendered afresh."""
    if form.is_bound or form.initial:
        return None
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) or callable(field.initial):
            return None
    cls = type(form)
    return (cls.__module__, cls.__qualname__, form.prefix, form.auto_id, get_language())


@register.filter
def crispy_static(form: forms.BaseForm) -> SafeString:
    key = _cache_key(form)
    if key is None:
        return as_crispy_form(form)
    with _lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
            return html
    html = as_crispy_form(form)
    with _lock:
        _rendered[key] = html
        while len(_rendered) > MAX_ENTRIES:
            _rendered.popitem(last=False)
    return html
