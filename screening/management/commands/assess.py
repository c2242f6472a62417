"""`manage.py assess FILE`: score answer sets from a JSON file (or stdin) without storing them."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from screening.scoring import ItemAnswersError, assess_all

EXIT_INVALID = 2


class Command(BaseCommand):
    help = (
        "Score screening answers: FILE holds a JSON object or a list of them ('-' reads stdin). "
        "Prints a JSON list of assessments in input order; invalid input exits with status 2."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help="JSON file of answers, or - for stdin")

    def handle(self, *args, **options) -> None:
        data = self._load(options["file"])
        items = data if isinstance(data, list) else [data]
        try:
            results = assess_all(items)
        except ItemAnswersError as error:
            raise CommandError(str(error), returncode=EXIT_INVALID) from None
        self.stdout.write(json.dumps(results, ensure_ascii=False))

    def _load(self, path: str) -> object:
        name = "stdin" if path == "-" else path
        try:
            if path == "-":
                return json.load(sys.stdin)
            with open(path, encoding="utf-8") as source:
                return json.load(source)
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
