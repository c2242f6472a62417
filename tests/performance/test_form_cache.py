from __future__ import annotations

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.templatetags import form_cache
from clinic.templatetags.form_cache import crispy_static


class PainForm(forms.Form):
    pain = forms.IntegerField(label="Pain")
    note = forms.CharField(required=False)


class UserChoiceForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.all())


@pytest.fixture(autouse=True)
def _empty_cache():
    form_cache._rendered.clear()


def test_it_renders_what_crispy_renders():
    assert crispy_static(PainForm()) == as_crispy_form(PainForm())
    assert crispy_static(PainForm(initial={"pain": 3})) == as_crispy_form(
        PainForm(initial={"pain": 3})
    )


def test_it_keeps_one_rendering_per_class_and_language():
    crispy_static(PainForm())
    crispy_static(PainForm())
    with translation.override("fr"):
        crispy_static(PainForm())
    assert len(form_cache._rendered) == 2


def test_it_never_keeps_a_form_holding_a_visitors_values():
    html = crispy_static(PainForm(initial={"pain": 3, "note": "sam@example.com"}))
    assert "sam@example.com" in html
    assert not form_cache._rendered


def test_it_renders_bound_forms_afresh():
    form = PainForm({"pain": "x"})
    html = crispy_static(form)
    assert "x" in html
    assert not form_cache._rendered


@pytest.mark.django_db
def test_it_renders_forms_with_model_choices_afresh():
    crispy_static(UserChoiceForm())
    assert not form_cache._rendered


def test_it_keeps_a_bounded_number_of_renderings(monkeypatch):
    monkeypatch.setattr(form_cache, "MAX_ENTRIES", 2)
    for language in ("en", "fr", "de", "es"):
        with translation.override(language):
            crispy_static(PainForm())
    assert len(form_cache._rendered) == 2
