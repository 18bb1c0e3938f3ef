"""
The patient intake: a start page, the step-by-step form, the resume link and the confirmation.

The patient's draft is found through the token in their session (or, if the session has
ended, the token posted back with the step), never through an id in the URL.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited
from formtools.wizard.views import NamedUrlWizardView

from education.services import guide_pages_for_findings
from intake import clinical, readback, services
from intake.forms import (
    AboutYouForm,
    DailyLifeForm,
    FlagsPage,
    HealthForm,
    MedicinesForm,
    MoodForm,
    MoreMoodForm,
    OperationFormSet,
    PainNowForm,
    ResumeLinkEmailForm,
    ReviewForm,
    SafetyForm,
    TreatmentsForm,
    WhereItHurtsForm,
)
from intake.models import Case, Draft, Instrument
from intake.storage import answers_as_typed

EMAIL_NOT_SENT = (
    "We could not e-mail your private link just now. Press 'Save and finish later' at the "
    "bottom of any page to see it and copy it instead."
)

SESSION_TOKEN = "intake_token"  # noqa: S105 - a session key name, not a secret
SESSION_CASE = "intake_case"
TOKEN_FIELD = "resume_token"  # noqa: S105 - a form field name, not a secret
# A page opened from "Check your answers" goes back there when saved (GET, then POST).
RETURN_TO_REVIEW = "return_to"

# The safety questions come straight after "About you": an emergency is found before the
# patient has spent their energy on the rest.
STEPS = [
    ("about", AboutYouForm),
    ("safety", SafetyForm),
    ("operations", OperationFormSet),
    ("where", WhereItHurtsForm),
    ("pain", PainNowForm),
    ("daily", DailyLifeForm),
    ("medicines", MedicinesForm),
    ("mood", MoodForm),
    ("mood_more", MoreMoodForm),
    ("health", HealthForm),
    ("treatments", TreatmentsForm),
    ("review", ReviewForm),
]
# The pages whose answers raise red flags, and so ask for the patient's instruction at once.
FLAG_PAGES = {step: form for step, form in STEPS if issubclass(form, FlagsPage)}


def rate_from_setting(name):
    """A django-ratelimit rate read at request time, so deployments and tests can tune it."""

    def rate(group, request):
        return getattr(settings, name)

    return rate


limit_starts = ratelimit(key="ip", rate=rate_from_setting("INTAKE_RATE_START"), method="POST")
limit_steps = ratelimit(key="ip", rate=rate_from_setting("INTAKE_RATE_STEP"), method="POST")
# Every check of a token the client sends (a resume link, or the token posted with a step once
# the session has ended) counts towards one limit, so no way in is a faster way to guess.
RESUME_CHECKS = "intake-resume-checks"
limit_resumes = ratelimit(
    group=RESUME_CHECKS, key="ip", rate=rate_from_setting("INTAKE_RATE_RESUME")
)
limit_instructions = ratelimit(key="ip", rate=rate_from_setting("INTAKE_RATE_STEP"), method="GET")


def resume_url(request, token):
    return request.build_absolute_uri(reverse("intake:resume", args=[token]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_starts
def start(request):
    """
    The intake's front door (``intake/start.html``). A POST starts a new draft and puts its
    token in the session; a patient with a draft in progress is offered to continue it.
    """
    if request.method == "POST":
        draft, token = Draft.start()
        request.session.cycle_key()
        request.session[SESSION_TOKEN] = token
        return redirect("intake:step", step=STEPS[0][0])
    current = Draft.objects.for_token(request.session.get(SESSION_TOKEN))
    in_progress = current if current and not current.is_submitted else None
    return render(request, "intake/start.html", {"draft": in_progress})


@never_cache
@require_safe
@limit_resumes
def resume(request, token):
    """
    Open a draft from the private link. Wrong and expired links get the same page, so the
    link reveals nothing about other drafts.
    """
    draft = Draft.objects.for_token(token)
    if draft is None:
        return render(request, "intake/link_invalid.html", status=404)
    request.session.cycle_key()
    if draft.is_submitted:
        request.session.pop(SESSION_TOKEN, None)
        case = _case_of(draft)
        return render(
            request,
            "intake/already_submitted.html",
            {"case": case, "instruction": case_instruction(case) if case else None},
        )
    request.session[SESSION_TOKEN] = token
    messages.success(request, "Welcome back. Your answers so far are below.")
    return redirect("intake:step", step=draft.data.get("step") or STEPS[0][0])


def _count_token_check(request):
    """Count a posted token towards the limit on resume links; refuse it past the limit."""
    if is_ratelimited(
        request,
        group=RESUME_CHECKS,
        key="ip",
        rate=rate_from_setting("INTAKE_RATE_RESUME"),
        increment=True,
    ):
        raise Ratelimited


def _case_of(draft):
    return Case.objects.filter(draft=draft).first()


def case_instruction(case):
    """What the patient who sent this case is told to do, repeated wherever they see it."""
    return clinical.patient_instruction(
        case.red_flags, months_since_last_operation=case.months_since_last_operation
    )


@never_cache
@require_safe
def submitted(request):
    """The confirmation (``intake/submitted.html``): reference, next steps and guide links."""
    case = Case.objects.filter(pk=request.session.get(SESSION_CASE)).first()
    if case is None:
        return redirect("intake:start")
    tags = [case.pattern, case.triage_level, *case.discuss_options]
    return render(
        request,
        "intake/submitted.html",
        {
            "case": case,
            "instruction": case_instruction(case),
            "guide_pages": guide_pages_for_findings(tags=tags),
        },
    )


@never_cache
@require_safe
@limit_instructions
def instruction(request):
    """
    The instruction for the red-flag answers given so far (``intake/_safety_notice.html``, a
    fragment). The safety page's script asks for it the moment a patient answers yes, so the
    instruction shows before Next; the rule stays on the server, in one place.
    """
    page = FLAG_PAGES.get(request.GET.get("page"))
    flags = [flag for flag in request.GET.getlist("flag") if flag in clinical.RED_FLAGS]
    draft = Draft.objects.for_token(request.session.get(SESSION_TOKEN))
    months = None
    if draft:
        months = draft.months_since_last_operation()
        decided_here = page.FLAGS if page else frozenset()
        flags += [flag for flag in draft.red_flags() if flag not in decided_here]
    return render(
        request,
        "intake/_safety_notice.html",
        {"instruction": clinical.patient_instruction(flags, months_since_last_operation=months)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_steps
def finish_later(request):
    """
    "Save and finish later" (``intake/finish_later.html``): the private link to copy, and an
    offer to e-mail it. The answers were saved by the button that led here.
    """
    draft = Draft.objects.for_token(request.session.get(SESSION_TOKEN))
    if draft is None or draft.is_submitted:
        return redirect("intake:start")
    link = resume_url(request, request.session[SESSION_TOKEN])
    form = ResumeLinkEmailForm(
        request.POST or None, initial={"email": draft.answer("about", "email")}
    )
    if form.is_valid():
        sent = draft.data.setdefault("extra_data", {})
        if services.resume_link_email(
            request=request, email=form.cleaned_data["email"], link=link, sent=sent
        ):
            draft.save(update_fields=["data", "updated_at"])
            messages.success(
                request,
                "We have e-mailed your private link. It can take a few "
                "minutes to arrive; check your junk mail folder too.",
            )
        else:
            messages.warning(
                request, "We could not e-mail your link just now. Please copy it instead."
            )
        return redirect("intake:later")
    return render(
        request,
        "intake/finish_later.html",
        {
            "form": form,
            "resume_url": link,
            "continue_url": reverse("intake:step", args=[draft.data.get("step") or STEPS[0][0]]),
        },
    )


@require_safe
def privacy(request):
    """The privacy notice patients agree to before sending (``intake/privacy.html``)."""
    return render(request, "intake/privacy.html")


class IntakeWizard(NamedUrlWizardView):
    """
    The intake's steps (``intake/step.html``), one page each; the everyday-tasks page only
    when the ODI is loaded.

    Every Next and Back saves the page's answers to the draft, valid or not, so a closed tab
    loses nothing. Errors show when the patient presses Next, not when they come back.
    """

    storage_name = "intake.storage.DraftStorage"
    template_name = "intake/step.html"

    def dispatch(self, request, *args, **kwargs):
        token = request.session.get(SESSION_TOKEN)
        if token is None and TOKEN_FIELD in request.POST:
            token = request.POST[TOKEN_FIELD]
            _count_token_check(request)
        draft = Draft.objects.for_token(token)
        if draft is None:
            messages.info(
                request,
                "Start a new intake below, or open the private link we gave you to continue "
                "one you have already started.",
            )
            return redirect("intake:start")
        if draft.is_submitted:
            case = _case_of(draft)
            if case is not None:
                request.session[SESSION_CASE] = case.pk
            return redirect("intake:submitted")
        if request.session.get(SESSION_TOKEN) != token:
            request.session[SESSION_TOKEN] = token  # a session write only when it changes
        request.intake_draft = draft
        self.token = token
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.storage.current_step is None:
            self.storage.current_step = self.steps.first
        if kwargs.get("step") in (None, self.done_step_name):
            return redirect(self.get_step_url(self.steps.current))
        return super().get(request, *args, **kwargs)

    def post(self, *args, **kwargs):
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step is not None and posted_step not in self.get_form_list():
            raise SuspiciousOperation("Unknown intake step posted")
        if posted_step is not None:
            # As formtools does: the page posted is the page the patient was on.
            self.storage.current_step = posted_step
        step = self.steps.current
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            self._keep_typed_answers(step)
            return self.render_goto_step(goto)
        if "finish_later" in self.request.POST:
            self._keep_typed_answers(step)
            return redirect("intake:later")
        if "add_operation" in self.request.POST and step == "operations":
            rows = self._keep_typed_answers(step, extra_rows=1)
            return redirect(f"{self._step_url_kept(step)}#operation-{rows}")
        response = super().post(*args, **kwargs)
        if not isinstance(response, HttpResponseRedirect):
            self._keep_typed_answers(step)
        if step in FLAG_PAGES:
            services.draft_red_flags_watch(draft=self.request.intake_draft)
        return response

    def _keep_typed_answers(self, step, extra_rows=0):
        """Save the page as typed; with ``extra_rows``, grow the formset and return its rows."""
        data = self.get_form_step_data(self.get_form(step, data=self.request.POST))
        rows = None
        if extra_rows:
            total = f"{step}-TOTAL_FORMS"
            try:
                count = int(data.get(total, "1"))
            except ValueError:
                count = 1
            rows = max(1, min(count + extra_rows, OperationFormSet.max_num))
            data[total] = str(rows)
        self.storage.set_step_data(step, data)
        return rows

    def _returns_to_review(self):
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return source.get(RETURN_TO_REVIEW) == "review"

    def _step_url_kept(self, step):
        """The step's address, still on its way back to the review page if it was."""
        url = self.get_step_url(step)
        return f"{url}?{RETURN_TO_REVIEW}=review" if self._returns_to_review() else url

    def render_next_step(self, form, **kwargs):
        """A page changed from "Check your answers" goes back there, not on to the next."""
        if self._returns_to_review():
            return self.render_goto_step(self.steps.last)
        return super().render_next_step(form, **kwargs)

    def get_form_step_data(self, form):
        return answers_as_typed(form)

    def get_cleaned_data_for_step(self, step):
        """Nothing for a page not answered yet. formtools would build and check its empty form
        each time it is asked, and the pages' conditions ask several times a request."""
        if self.storage.get_step_data(step) is None:
            return None
        return super().get_cleaned_data_for_step(step)

    def process_step(self, form):
        if self.steps.current == "operations":
            self._note_last_operation(form)
        if self.steps.current == "about" and not services.resume_link_email(
            request=self.request,
            email=form.cleaned_data.get("email"),
            link=resume_url(self.request, self.token),
            sent=self.storage.extra_data,
        ):
            messages.warning(self.request, EMAIL_NOT_SENT)
        return super().process_step(form)

    def _note_last_operation(self, formset):
        """
        Keep with the draft the latest month the operations given can have been in, as
        ``[year, month]``: the safety instructions and the check on unsent intakes count the
        months since it. A date known only roughly counts from the latest it can have been
        (``clinical.latest_possible_month``); with no date known there is nothing to count.
        """
        today = timezone.localdate()
        latest = [
            clinical.latest_possible_month(
                form.cleaned_data["year"],
                form.cleaned_data["month"],
                form.cleaned_data["date_precision"],
                today,
            )
            for form in formset.kept_forms
            if form.cleaned_data
        ]
        known = [when for when in latest if when is not None]
        if known:
            self.storage.extra_data["last_operation"] = list(max(known))
        else:
            self.storage.extra_data.pop("last_operation", None)

    def render_done(self, form, **kwargs):
        """
        Send the intake in answer to the POST of its last page. NamedUrlWizardView would first
        redirect to the done step's address, turning the submission into a GET (which this
        wizard refuses); the step it is told it is on tells it no redirect is needed.
        """
        return super().render_done(form, **kwargs | {"step": self.done_step_name})

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        messages.error(self.request, "Some answers on this page need another look.")
        self.storage.current_step = failed_step
        return self.render(form, **kwargs)

    def get_form_kwargs(self, step=None):
        """A page is judged only when the patient sends it; coming back to it shows its
        stored answers as typed."""
        return {"judged": self.request.method == "POST", **self._step_kwargs(step)}

    def _step_kwargs(self, step):
        if step == "operations":
            about = self.get_cleaned_data_for_step("about") or {}
            return {"date_of_birth": about.get("date_of_birth")}
        if step == "pain":
            where = self.get_cleaned_data_for_step("where") or {}
            known = bool(where.get("pain_regions_before") and where.get("pain_regions_now"))
            return {"pain_site_known": known, "instruments": self.instruments}
        if step == "daily":
            return {"instruments": self.instruments}
        if step == "review":
            about = self.get_cleaned_data_for_step("about") or {}
            return {"full_name": about.get("full_name", "")}
        return {}

    @cached_property
    def instruments(self):
        """The licensed questionnaires the clinic has loaded, by key."""
        return Instrument.objects.by_key()

    def everyday_questionnaire_is_loaded(self):
        """The everyday-tasks page asks the ODI and STarT Back: with neither loaded it is
        skipped."""
        return any(key in self.instruments for key in DailyLifeForm.licensed_keys)

    def mood_screen_is_positive(self):
        """The rest of the PHQ-9 and GAD-7 is asked only after a positive short screen."""
        return MoodForm.screen_is_positive(self.get_cleaned_data_for_step("mood") or {})

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        flags = self._red_flags_so_far(form)
        months = self.request.intake_draft.months_since_last_operation()
        context.update(
            step_title=readback.STEP_TITLES[step],
            raises_flags=step in FLAG_PAGES,
            resume_url=resume_url(self.request, self.token),
            token_field=TOKEN_FIELD,
            token=self.token,
            return_to_review=self._returns_to_review() and step != self.steps.last,
            return_to_field=RETURN_TO_REVIEW,
            instruction=clinical.patient_instruction(flags, months_since_last_operation=months),
            error_summary=readback.error_summary(form) if form.is_bound and form.judged else [],
        )
        if step == "review":
            context["sections"] = readback.sections(self._all_forms())
        return context

    def _red_flags_so_far(self, form):
        """
        Red-flag questions answered yes, whether or not the rest of the safety page is valid
        yet: an emergency is never held back by a question the patient missed.
        """
        stored = self.request.intake_draft.red_flags()
        if isinstance(form, FlagsPage) and form.is_bound:
            return [flag for flag in stored if flag not in form.FLAGS] + form.flags_in(form.data)
        return stored

    def _all_forms(self):
        return {
            step: self.get_form(step, data=self.storage.get_step_data(step))
            for step in self.get_form_list()
            if step != "review"
        }

    def done(self, form_list, form_dict, **kwargs):
        answers, operations = readback.case_answers(form_dict)
        case = services.case_submit(
            draft=self.request.intake_draft, answers=answers, operations=operations
        )
        self.request.session.pop(SESSION_TOKEN, None)
        self.request.session[SESSION_CASE] = case.pk
        return HttpResponseRedirect(reverse("intake:submitted"))


intake_wizard = never_cache(
    limit_steps(
        IntakeWizard.as_view(
            STEPS,
            url_name="intake:step",
            done_step_name="send",
            condition_dict={
                "daily": IntakeWizard.everyday_questionnaire_is_loaded,
                "mood_more": IntakeWizard.mood_screen_is_positive,
            },
        )
    )
)
