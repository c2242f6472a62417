from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
STRAIN = {"onset": "sudden", "activity": "sprinting", "felt_pop": True, "bruising": True}
NERVE = {"onset": "woke_up", "numbness_tingling": True, "pain_below_knee": True}


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The command as an operator runs it, to see exit codes and stderr exactly."""
    env = os.environ | {"DJANGO_SECRET_KEY": "test", "DJANGO_SETTINGS_MODULE": "clinic.settings"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "assess", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def assess(tmp_path, data) -> list[dict]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("assess", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_it_assesses_one_object(tmp_path):
    results = assess(tmp_path, STRAIN)
    assert len(results) == 1
    result = results[0]
    # A sudden start while sprinting, a pop and bruising: three answers that point to a strain.
    assert result["category"] == "likely_hamstring_strain"
    for key in ("nerve_probability", "urgency", "red_flags", "factors", "model_version"):
        assert key in result
    for key in ("reason", "likelihood_reason", "rules", "timeframe", "warning_signs"):
        assert key in result


def test_it_assesses_a_list_in_order(tmp_path):
    results = assess(tmp_path, [NERVE, {"red_flags": ["saddle_numbness"]}, {}])
    assert [r["category"] for r in results] == ["uncertain", "urgent_referral", "uncertain"]
    assert results[0]["nerve_probability"] > 0.5
    assert results[0]["reason"] == "in_between"
    assert results[1]["urgency"] == "emergency"
    assert results[2]["reason"] == "too_few_answers"


def test_it_assesses_an_empty_list(tmp_path):
    assert assess(tmp_path, []) == []


def test_it_reads_stdin():
    completed = run("-", stdin=json.dumps([STRAIN, NERVE]))
    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(completed.stdout)) == 2


def test_it_exits_2_naming_the_index_and_key():
    completed = run("-", stdin=json.dumps([STRAIN, NERVE, {"pain_now": 12}]))
    assert completed.returncode == 2
    assert completed.stdout == ""
    message = completed.stderr.strip()
    assert "\n" not in message
    assert "item 2" in message
    assert "pain_now" in message
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ('{"mystery": 1}', "item 0, key 'mystery'"),
        ("[1]", "item 0: answers must be a JSON object"),
        ('[{}, {"red_flags": ["saddle_numbness", "saddle_numbness"]}]', "item 1, key 'red_flags'"),
        ("{not json", "invalid JSON"),
        ("", "invalid JSON"),
        ("[" * 100_000, "JSON"),
    ],
)
def test_it_exits_2_on_invalid_input(stdin, expected):
    completed = run("-", stdin=stdin)
    assert completed.returncode == 2
    assert expected in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_it_exits_2_on_a_missing_file(tmp_path):
    completed = run(str(tmp_path / "missing.json"))
    assert completed.returncode == 2
    assert "cannot read" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_it_raises_a_command_error_with_status_2_in_process(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"back_pain": "yes"}]')
    with pytest.raises(CommandError) as error:
        call_command("assess", str(path))
    assert error.value.returncode == 2
    assert str(error.value) == "item 0, key 'back_pain': must be true or false"


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (
            '{"pain_now": ' + "7" * 5000 + "}",
            "item 0, key 'pain_now': number too long (5000 digits)",
        ),
        ('[{}, {"pain_now": -' + "9" * 30 + "}]", "item 1, key 'pain_now': number too long"),
        ('{"red_flags": [' + "1" * 4400 + "]}", "item 0, key 'red_flags': number too long"),
        ("[" + "1" * 5000 + "]", "item 0: number too long (5000 digits)"),
        ('{"pain_now": 3, "pain_now": 12}', "item 0, key 'pain_now': given twice"),
        ('[{}, {"onset": "sudden", "onset": "gradual"}]', "item 1, key 'onset': given twice"),
        ('{"red_flags": [{"a": 1, "a": 2}]}', "item 0, key 'red_flags': key 'a' given twice"),
    ],
)
def test_it_refuses_huge_numbers_and_duplicate_keys_naming_the_key(stdin, expected):
    completed = run("-", stdin=stdin)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    message = completed.stderr.strip()
    assert "\n" not in message
    assert expected in message
    assert len(message) < 200


def test_it_still_reads_ordinary_numbers(tmp_path):
    assert assess(tmp_path, {"pain_now": 7})[0]["factors"][0]["answers"] == {"pain_now": 7}
