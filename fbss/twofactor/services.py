"""Who needs a second factor, and every change to one (each recorded as it happens)."""

from django.db import transaction
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.twofactor.models import EventKind, SecondFactorEvent

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY_CODES = "Recovery codes"


def second_factor_required(user):
    """
    Whether a password alone must never be enough: for anyone who can reach patient data, that
    is superusers and every role holding an intake permission (so a new role with case access
    is covered without a list to keep up to date).
    """
    return user.is_superuser or user.has_module_perms("intake")


def second_factor_needed(user):
    """Required, or chosen: staff who set up an authenticator app give a code at every sign-in."""
    return second_factor_required(user) or user_has_device(user, confirmed=True)


def event_record(*, kind, user, ip_address=None, done_by=None):
    return SecondFactorEvent.objects.create(
        kind=kind,
        user=user,
        username=user.get_username(),
        done_by=done_by,
        done_by_username=done_by.get_username() if done_by else "",
        ip_address=ip_address,
    )


def enrolment_device(*, user):
    """
    The authenticator app being set up: the same one until it is confirmed, so the QR code
    does not change if the page is opened again before the app has been scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


@transaction.atomic
def enrolment_confirm(*, user, device, code, ip_address):
    """
    Confirm the authenticator app with a code from it and issue fresh recovery codes. Returns
    the recovery codes (the only time they are shown) or None when the code is wrong.
    """
    if verify_token(user, device.persistent_id, code) is None:
        event_record(kind=EventKind.FAILED_CODE, user=user, ip_address=ip_address)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_CODES, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    event_record(kind=EventKind.ENROLLED, user=user, ip_address=ip_address)
    return codes


def code_verify(*, user, code, ip_address):
    """
    Check a code against the device it can belong to (six digits: the authenticator app;
    anything else: a recovery code, used up by this). Returns the device, or None.
    """
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    verified = device and verify_token(user, device.persistent_id, code)
    if not verified:
        event_record(kind=EventKind.FAILED_CODE, user=user, ip_address=ip_address)
    elif model is StaticDevice:
        event_record(kind=EventKind.RECOVERY_CODE_USED, user=user, ip_address=ip_address)
    return verified or None


@transaction.atomic
def devices_reset(*, user, done_by):
    """Remove every device the user has: at the next sign-in they enrol again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    event_record(kind=EventKind.RESET, user=user, done_by=done_by)
