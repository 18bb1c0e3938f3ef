"""
The second step of signing in, and setting up the authenticator app.

Both pages are open to staff who have given their password but not yet a code; the
middleware keeps such staff away from everything else.
"""

from base64 import b32encode

import django_otp
import segno
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from fbss.client import client_ip
from fbss.twofactor import lockout, services
from fbss.twofactor.forms import AuthenticatorCodeForm, CodeForm


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def with_next(view_name, next_url):
    url = reverse(view_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _signed_in(request, device):
    """Sign-in is complete: the session now carries the verified device."""
    request.session.cycle_key()
    django_otp.login(request, device)
    lockout.sign_in_complete(request, request.user)


def _wrong_code(request, form):
    """Record and count a wrong code; when it locks the account, end the half-finished sign-in."""
    form.add_error("code", "That code did not work. Check it and try again.")
    if lockout.code_failed(request, request.user):
        logout(request)


def _page(request, template, **context):
    return render(request, template, {**admin.site.each_context(request), **context})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
@staff_member_required
def verify(request):
    """Ask for a code from the authenticator app, or a recovery code."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user, confirmed=True):
        return redirect(with_next("twofactor:enrol", next_url))
    if lockout.is_locked(request, user):
        logout(request)
        return lockout.lockout_response(request, user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = services.code_verify(
            user=user, code=form.cleaned_data["code"], ip_address=client_ip(request)
        )
        if device:
            _signed_in(request, device)
            return redirect(next_url)
        _wrong_code(request, form)
    return _page(
        request, "twofactor/verify.html", form=form, next=next_url, title="Enter your code"
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
@staff_member_required
def enrol(request):
    """
    Set up an authenticator app: explain, show the QR code and the secret, confirm with a code
    from the app, then show the recovery codes once (they are never shown again).
    """
    user = request.user
    next_url = _next_url(request)
    if user_has_device(user, confirmed=True):
        if not user.is_verified():
            return redirect(with_next("twofactor:verify", next_url))
        return _page(request, "twofactor/enrolled.html", title="Two-factor sign-in is on")
    if lockout.is_locked(request, user):
        logout(request)
        return lockout.lockout_response(request, user)
    device = services.enrolment_device(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        codes = services.enrolment_confirm(
            user=user, device=device, code=form.cleaned_data["code"], ip_address=client_ip(request)
        )
        if codes:
            _signed_in(request, device)
            return _page(
                request,
                "twofactor/recovery_codes.html",
                codes=[f"{code[:4]} {code[4:]}" for code in codes],
                next=next_url,
                title="Your recovery codes",
            )
        _wrong_code(request, form)
    secret = b32encode(device.bin_key).decode()
    return _page(
        request,
        "twofactor/enrol.html",
        form=form,
        next=next_url,
        qr_code=segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=services.second_factor_required(user),
        title="Set up two-factor sign-in",
    )
