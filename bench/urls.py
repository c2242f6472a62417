"""The site's URLs plus the ceiling view; served only by `make bench` (bench.settings)."""

from django.urls import path

from bench.views import ceiling
from clinic.urls import urlpatterns as site_urlpatterns

CEILING_PATH = "bench/ceiling/"

urlpatterns = [path(CEILING_PATH, ceiling, name="bench_ceiling"), *site_urlpatterns]
