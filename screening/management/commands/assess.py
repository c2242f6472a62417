"""`manage.py assess FILE`: score answer sets from a JSON file (or stdin) without storing them."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from screening.schema import shown_key
from screening.scoring import ItemAnswersError, assess_all

EXIT_INVALID = 2
# No answer is a number of more than a few digits; Python refuses to convert more than 4,300
# (a ValueError inside json, and a traceback before this limit existed).
MAX_DIGITS = 20


class _Object(dict):
    """A JSON object that remembers the first key it was given twice."""

    duplicate: str | None = None


def _object(pairs: list[tuple[str, object]]) -> _Object:
    obj = _Object()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


class _HugeNumber:
    """A number too long to be an answer, kept (unconverted) so the message can name its key."""

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))


def _number(text: str) -> int | _HugeNumber:
    return _HugeNumber(text) if len(text) > MAX_DIGITS else int(text)


def _json_problem(value: object) -> str | None:
    """The first duplicate key or over-long number anywhere inside `value`, in words."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, _HugeNumber):
            return f"number too long ({current.digits} digits)"
        if isinstance(current, _Object):
            if current.duplicate is not None:
                return f"key {shown_key(current.duplicate)!r} given twice"
            stack.extend(reversed(current.values()))
        elif isinstance(current, list):
            stack.extend(reversed(current))
    return None


def _check_items(items: list) -> None:
    """Refuse duplicate keys and over-long numbers, naming the item and its key."""
    for index, item in enumerate(items):
        if isinstance(item, _Object):
            if item.duplicate is not None:
                where = f"item {index}, key {shown_key(item.duplicate)!r}"
                raise CommandError(f"{where}: given twice", returncode=EXIT_INVALID)
            for key, value in item.items():
                problem = _json_problem(value)
                if problem is not None:
                    where = f"item {index}, key {shown_key(key)!r}"
                    raise CommandError(f"{where}: {problem}", returncode=EXIT_INVALID)
        else:
            problem = _json_problem(item)
            if problem is not None:
                raise CommandError(f"item {index}: {problem}", returncode=EXIT_INVALID)


class Command(BaseCommand):
    help = (
        "Score screening answers: FILE holds a JSON object or a list of them ('-' reads stdin). "
        "Prints a JSON list of assessments in input order; invalid input (including a key "
        "given twice or a number of more than 20 digits) exits with status 2."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help="JSON file of answers, or - for stdin")

    def handle(self, *args, **options) -> None:
        data = self._load(options["file"])
        items = data if isinstance(data, list) else [data]
        _check_items(items)
        try:
            results = assess_all(items)
        except ItemAnswersError as error:
            raise CommandError(str(error), returncode=EXIT_INVALID) from None
        self.stdout.write(json.dumps(results, ensure_ascii=False))

    def _load(self, path: str) -> object:
        name = "stdin" if path == "-" else path
        hooks = {"object_pairs_hook": _object, "parse_int": _number}
        try:
            if path == "-":
                return json.load(sys.stdin, **hooks)
            with open(path, encoding="utf-8") as source:
                return json.load(source, **hooks)
        except OSError as error:
            raise CommandError(
                f"cannot read {path}: {error.strerror or error}", returncode=EXIT_INVALID
            ) from None
        except UnicodeDecodeError:
            raise CommandError(f"{name}: not UTF-8 text", returncode=EXIT_INVALID) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}",
                returncode=EXIT_INVALID,
            ) from None
        except RecursionError:
            raise CommandError(f"{name}: JSON nested too deeply", returncode=EXIT_INVALID) from None
