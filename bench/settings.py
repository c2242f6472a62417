"""The site's settings with the benchmark's URLs: only `make bench` uses this module."""

from clinic.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
