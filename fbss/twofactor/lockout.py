"""
Wrong codes count towards the login lockout (django-axes) exactly like wrong passwords.

``AXES_RESET_ON_SUCCESS`` is off: a right password must not wipe the count of wrong codes, or
someone holding the password could guess codes for ever by signing in again. Failures are
cleared when sign-in is complete instead: after the code, or after the password for staff who
give no code.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed

from fbss.client import client_ip
from fbss.twofactor.services import second_factor_needed


def _credentials(user):
    return {"username": user.get_username()}


def is_locked(request, user):
    return AxesProxyHandler.is_locked(request, _credentials(user))


def lockout_response(request, user):
    return get_lockout_response(request, credentials=_credentials(user))


def code_failed(request, user):
    """Count a wrong code as axes counts a wrong password; True when it locks the account."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def sign_in_complete(request, user):
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=user.get_username())


def password_sign_in_complete(sender, request, user, **kwargs):
    """For staff who give no code, the right password completes sign-in."""
    if request is not None and not second_factor_needed(user):
        sign_in_complete(request, user)
