from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from clinic.roles import CLINICIANS, FRONT_DESK

# Demo accounts for a local trial run only; the command refuses to run with debug off.
DEMO_ACCOUNTS = [
    # username, password, group, superuser, first name
    ("clinician", "demo-clinician-pass", CLINICIANS, False, "Casey"),
    ("frontdesk", "demo-frontdesk-pass", FRONT_DESK, False, "Frankie"),
    ("admin", "demo-admin-pass", None, True, "Alex"),
]


class Command(BaseCommand):
    help = "Create the demo staff accounts if missing (debug only) and print how to log in."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development: set DJANGO_DEBUG=1.")
        User = get_user_model()
        lines = []
        for username, password, group_name, superuser, first_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "email": f"{username}@clinic.example",
                    "is_superuser": superuser,
                    "is_staff": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save()
                if group_name:
                    user.groups.add(Group.objects.get(name=group_name))
            role = group_name or "Administrator"
            lines.append(f"  {role:<14} username: {username:<10} password: {password}")
        self.stdout.write("Demo staff accounts (log in at /accounts/login/):")
        self.stdout.write("\n".join(lines))
