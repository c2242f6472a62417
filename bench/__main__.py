"""`python -m bench [options]`: the load benchmark; `python -m bench scale [options]`: the staff
pages at ten times the data. Both live outside the installed site."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

if sys.argv[1:2] == ["scale"]:
    from bench.scale import Command  # needs the settings above

    Command().run_from_argv(["python -m", "bench scale", *sys.argv[2:]])
else:
    from bench.run import Command

    Command().run_from_argv(["python -m", "bench", *sys.argv[1:]])
