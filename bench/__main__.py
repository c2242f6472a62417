"""`python -m bench [options]`: the load benchmark, outside the installed site."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from bench.run import Command  # noqa: E402  (needs the settings above)

Command().run_from_argv(["python -m", "bench", *sys.argv[1:]])
