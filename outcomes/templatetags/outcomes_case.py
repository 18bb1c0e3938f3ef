"""The follow-ups section of the case page (``{% case_follow_ups original %}``)."""

from django import template
from django.conf import settings

from outcomes.forms import StartOfCareForm
from outcomes.reports import case_follow_ups

register = template.Library()


@register.inclusion_tag(
    "outcomes/admin/case_follow_ups.html", takes_context=True, name="case_follow_ups"
)
def case_follow_ups_section(context, case):
    request = context["request"]
    data = case_follow_ups(case)
    plan = data["plan"]
    return {
        **data,
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "schedule": settings.FOLLOW_UP_MONTHS,
        "can_change": request.user.has_perm("outcomes.change_careplan"),
        "form": StartOfCareForm(initial={"start_of_care": plan.start_of_care if plan else None}),
    }
