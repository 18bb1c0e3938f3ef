from base64 import b32encode
from binascii import unhexlify
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.roles import CLINICIANS, CONTENT_EDITORS, sync_roles
from fbss.twofactor.services import second_factor_required

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - local demo only; refused when DEBUG is off
# The demo's authenticator secret, the same for every demo user who must give a code.
DEMO_AUTHENTICATOR_KEY = b"fbss-demo-only-key!!".hex()
DEMO_AUTHENTICATOR_SECRET = b32encode(unhexlify(DEMO_AUTHENTICATOR_KEY)).decode()
DEMO_USERS = [
    ("admin", "Ada", "Admin", None),
    ("clinician", "Carys", "Clinician", CLINICIANS),
    ("editor", "Eli", "Editor", CONTENT_EDITORS),
]


class Command(BaseCommand):
    help = (
        "Load demo users and each app's demo records for local use. Safe to run repeatedly; "
        "refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DEBUG on: it creates known passwords.")
        sync_roles()
        for username, first_name, last_name, role in DEMO_USERS:
            self._ensure_authenticator(self._ensure_user(username, first_name, last_name, role))
        for summary in self._load_app_demos():
            self.stdout.write(summary)
        usernames = ", ".join(username for username, *_ in DEMO_USERS)
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins (password for each: {DEMO_PASSWORD}): {usernames}")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"admin and clinician then give a code: add the key {DEMO_AUTHENTICATOR_SECRET} "
                "to an authenticator app, or run `make demo-code` for the current one."
            )
        )

    def _ensure_user(self, username, first_name, last_name, role):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": True,
                "email": f"{username}@clinic.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_superuser = role is None
        user.is_staff = True
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
        return user

    def _ensure_authenticator(self, user):
        """
        Demo users who must give a second factor get an authenticator app already set up with
        the demo key, unless they have set up their own since.
        """
        if (
            second_factor_required(user)
            and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        ):
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=DEMO_AUTHENTICATOR_KEY, confirmed=True
            )

    def _load_app_demos(self):
        """Call ``load()`` in each installed app's ``demo`` module, if it has one."""
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is not None:
                yield import_module(module_name).load()
