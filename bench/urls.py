"""The site's URLs plus the baselines; served only by `make bench` (bench.settings)."""

from django.urls import path

from bench import admin, views
from clinic.urls import urlpatterns as site_urlpatterns

EMPTY_PATH = "bench/empty/"
BY_HASH_PATH = "bench/by-hash/"
STAFF_EMPTY_PATH = "bench/staff-empty/"
ADMIN_PATH = "bench/admin/"

urlpatterns = [
    path(EMPTY_PATH, views.empty_page),
    path(f"{BY_HASH_PATH}<str:token>/", views.by_hash),
    path(STAFF_EMPTY_PATH, views.staff_empty_page),
    path(ADMIN_PATH, admin.site.urls),
    *site_urlpatterns,
]
