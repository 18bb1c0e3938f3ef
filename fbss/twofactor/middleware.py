from django.shortcuts import redirect
from django_otp import user_has_device

from fbss.twofactor.services import second_factor_needed
from fbss.twofactor.views import with_next

# What staff who have given a password but still owe a code may open.
OPEN_BEFORE_CODE = {"admin:login", "admin:logout", "healthz"}


class SecondFactorMiddleware:
    """
    Staff who need a second factor and have not given it reach nothing but the two-factor
    pages, signing in and out: every other page, public or not, sends them to give a code (or
    to set up their app), so no view can be added that a password alone opens.

    Installed after django_otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        match = request.resolver_match
        if (
            not user.is_authenticated
            or user.is_verified()
            or match.namespace == "twofactor"
            or match.view_name in OPEN_BEFORE_CODE
            or not second_factor_needed(user)
        ):
            return None
        step = "twofactor:verify" if user_has_device(user, confirmed=True) else "twofactor:enrol"
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect(with_next(step, next_url))
