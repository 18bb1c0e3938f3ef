"""
The follow-up questionnaire, for the patient: opened from the private link in their e-mail,
a few short pages (``forms.PAGES``), a thank-you page, and the opt-out.

The link's token goes into the session and the pages' addresses hold no token, as with the
intake's resume link. Wrong and expired links get the same page; every check of a token
counts towards the intake's limit on resume links, so no way in is a faster way to guess.
"""

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from intake import clinical
from intake.forms import FlagsPage
from intake.models import Instrument
from intake.readback import error_summary
from intake.storage import answers_as_typed
from intake.views import limit_instructions, limit_resumes, limit_steps
from outcomes import services
from outcomes.forms import PAGES, pages_asked
from outcomes.models import FollowUp, Status

SESSION_TOKEN = "follow_up_token"  # noqa: S105 - a session key name, not a secret
BACK = "back"


def link_invalid(request):
    return render(request, "outcomes/link_invalid.html", status=404)


def _follow_up(request):
    return FollowUp.objects.select_related("case").for_token(request.session.get(SESSION_TOKEN))


def _odi_sections():
    """The loaded ODI (key -> Instrument), or nothing: follow-ups ask the ODI alone."""
    instrument = Instrument.objects.filter(key="odi").first()
    return {"odi": instrument} if instrument else {}


@never_cache
@require_safe
@limit_resumes
def open_link(request, token):
    """The private link: the questionnaire's first page, or what became of it."""
    follow_up = FollowUp.objects.for_token(token)
    if follow_up is None:
        return link_invalid(request)
    request.session.cycle_key()
    if follow_up.status == Status.OPTED_OUT:
        return render(request, "outcomes/opted_out.html", {"already": True})
    if follow_up.status == Status.ANSWERED:
        return render(request, "outcomes/answered.html", {"sent": True})
    request.session[SESSION_TOKEN] = token
    return redirect("outcomes:page", step=follow_up.in_progress.get("page") or "pain")


def _form(page, odi_sections, data=None, judged=True):
    kwargs = {"instruments": odi_sections} if page.only_with_odi else {}
    return page.form(data, prefix=page.name, judged=judged, **kwargs)


def _stored(follow_up, page):
    typed = follow_up.in_progress.get("pages", {}).get(page.name)
    if typed is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in typed.items():
        data.setlist(key, values)
    return data


FLAG_PAGES = [page for page in PAGES if issubclass(page.form, FlagsPage)]


def _flags_so_far(follow_up, form=None, page=None):
    """
    Red-flag answers given so far (the safety questions, PHQ-9 item 9): the current page's as
    posted, valid or not, and the other pages' as kept.
    """
    flags = []
    for each in FLAG_PAGES:
        if page is not None and each.name == page.name and form.is_bound:
            flags += form.flags_in(form.data)
        else:
            kept = MultiValueDict(follow_up.in_progress.get("pages", {}).get(each.name) or {})
            flags += each.form(prefix=each.name).flags_in(kept)
    return flags


def _mood_screen_is_positive(follow_up):
    mood = next(page for page in PAGES if page.name == "mood")
    form = mood.form(_stored(follow_up, mood), prefix=mood.name)
    return form.is_valid() and form.screen_is_positive(form.cleaned_data)


def _pages(follow_up, odi_sections):
    return pages_asked(bool(odi_sections), _mood_screen_is_positive(follow_up))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_steps
def page(request, step):
    """One page of the questionnaire (``outcomes/page.html``), saved as typed at every press."""
    follow_up = _follow_up(request)
    if follow_up is None:
        return link_invalid(request)
    if follow_up.status == Status.ANSWERED:
        return redirect("outcomes:done")
    if follow_up.status != Status.SENT:
        return render(request, "outcomes/opted_out.html", {"already": True})
    odi_sections = _odi_sections()
    pages = _pages(follow_up, odi_sections)
    names = [p.name for p in pages]
    if step not in names:
        return link_invalid(request)
    index = names.index(step)
    current = pages[index]
    if request.method == "POST":
        form = _form(current, odi_sections, data=request.POST)
        progress = follow_up.in_progress
        progress.setdefault("pages", {})[step] = dict(answers_as_typed(form).lists())
        progress["page"] = step
        follow_up.save(update_fields=["in_progress"])
        if BACK in request.POST and index > 0:
            return redirect("outcomes:page", step=names[index - 1])
        if form.is_valid():
            if isinstance(form, FlagsPage):
                services.follow_up_red_flags(follow_up=follow_up, flags=_flags_so_far(follow_up))
            pages = _pages(follow_up, odi_sections)  # a positive mood screen asks more
            names = [p.name for p in pages]
            if index + 1 < len(pages):
                return redirect("outcomes:page", step=names[index + 1])
            return _finish(request, follow_up, pages, odi_sections)
    else:
        form = _form(current, odi_sections, data=_stored(follow_up, current), judged=False)
    today = timezone.localdate()
    months = services.months_since_last_operation(follow_up.case, today)
    flags = _flags_so_far(follow_up, form, current)
    return render(
        request,
        "outcomes/page.html",
        {
            "follow_up": follow_up,
            "page": current,
            "form": form,
            "number": index + 1,
            "count": len(pages),
            "previous": names[index - 1] if index else None,
            "last": index + 1 == len(pages),
            "instruction": clinical.patient_instruction(flags, months_since_last_operation=months),
            "raises_flags": isinstance(form, FlagsPage),
            "error_summary": error_summary(form) if form.is_bound and form.judged else [],
        },
    )


def _finish(request, follow_up, pages, odi_sections):
    """Check every page again and keep the answers; a page that fails is shown again."""
    values, flags = {}, []
    for each in pages:
        form = _form(each, odi_sections, data=_stored(follow_up, each))
        if not form.is_valid():
            return redirect("outcomes:page", step=each.name)
        page_values = form.follow_up_values()
        flags += page_values.pop("red_flags", [])
        values.update(page_values)
    for items, more in (("phq9_items", "more_phq9"), ("gad7_items", "more_gad7")):
        extra = values.pop(more, None)
        if extra:
            values[items] = [
                a if a is not None else b for a, b in zip(values[items], extra, strict=True)
            ]
    services.follow_up_answer(follow_up=follow_up, answers=values, flags=flags)
    return redirect("outcomes:done")


@never_cache
@require_safe
def done(request):
    """Thanks, and the instruction the safety answers call for, as after the intake."""
    follow_up = _follow_up(request)
    if follow_up is None or follow_up.status != Status.ANSWERED:
        return link_invalid(request)
    months = services.months_since_last_operation(follow_up.case, timezone.localdate())
    instruction = clinical.patient_instruction(
        follow_up.red_flags, months_since_last_operation=months
    )
    return render(request, "outcomes/answered.html", {"instruction": instruction, "sent": True})


@never_cache
@require_safe
@limit_instructions
def instruction(request):
    """The instruction for the red-flag answers given so far (a fragment for the page's
    script, as the intake's)."""
    flags = [flag for flag in request.GET.getlist("flag") if flag in clinical.RED_FLAGS]
    follow_up = _follow_up(request)
    months = None
    if follow_up is not None:
        months = services.months_since_last_operation(follow_up.case, timezone.localdate())
        page = next((page for page in FLAG_PAGES if page.name == request.GET.get("page")), None)
        decided_here = page.form.FLAGS if page else frozenset()
        flags += [flag for flag in _flags_so_far(follow_up) if flag not in decided_here]
    return render(
        request,
        "intake/_safety_notice.html",
        {"instruction": clinical.patient_instruction(flags, months_since_last_operation=months)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_resumes
def opt_out(request, token):
    """
    The opt-out link: a page that asks to confirm (a mail scanner opening the link stops
    nothing), then every follow-up of the patient stops, recorded on their care plan.
    """
    follow_up = FollowUp.objects.select_related("case").for_token(token)
    if follow_up is None:
        return link_invalid(request)
    if request.method == "POST":
        services.opt_out(case=follow_up.case)
        return render(request, "outcomes/opted_out.html")
    if follow_up.status == Status.OPTED_OUT:
        return render(request, "outcomes/opted_out.html", {"already": True})
    return render(request, "outcomes/opt_out.html")
