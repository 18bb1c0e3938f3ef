import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.management.commands.load_demo import DEMO_AUTHENTICATOR_KEY


class Command(BaseCommand):
    help = (
        "Print the code the demo authenticator shows now, for the demo users load_demo set up. "
        "Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code only runs with DEBUG on: it is for the local demo.")
        device = TOTPDevice.objects.filter(key=DEMO_AUTHENTICATOR_KEY, confirmed=True).first()
        if device is None:
            raise CommandError("No demo authenticator: run `make demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(
            f"{totp.token():0{device.digits}d}  (for the next {seconds_left} s; "
            "each code signs in once)"
        )
