"""A clinician signed in for the benchmark's staff pages, without a browser."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.roles import CLINICIANS


def clinician_session(username):
    """
    Create the clinician and a session signed in with a password and a verified second factor,
    as after the real sign-in; returns the session key.
    """
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "first_name": "Bench"}
    )
    user.groups.set([Group.objects.get(name=CLINICIANS)])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "fbss.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.set_expiry(24 * 60 * 60)
    session.create()
    return session.session_key
