"""
A date hierarchy for the triage list that stays cheap on a large table.

Django's own first level lists the years that hold cases with a ``SELECT DISTINCT`` over every
matching row. Here the first level spans the first to the last date submitted (one MIN/MAX,
read from the index when nothing is filtered); deeper levels are Django's own.
"""

import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from intake.summary import person_name

register = template.Library()


def _span(first, last):
    """Year, month or day choices from ``first`` to ``last``, as Django's first level picks."""
    if first.year != last.year:
        return "year", [datetime.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    if first.month != last.month:
        return "month", [
            datetime.date(first.year, month, 1) for month in range(first.month, last.month + 1)
        ]
    return "day", [
        datetime.date(first.year, first.month, day) for day in range(first.day, last.day + 1)
    ]


def triage_date_hierarchy(cl):
    field = cl.date_hierarchy
    if any(f"{field}__{part}" in cl.params for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    span = cl.queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return {"show": True, "back": None, "choices": []}
    first, last = (timezone.localtime(span[key]) for key in ("first", "last"))
    level, dates = _span(first.date(), last.date())

    def link(day):
        lookups = {"year": [f"{field}__year"], "month": [f"{field}__year", f"{field}__month"]}
        lookups["day"] = [*lookups["month"], f"{field}__day"]
        values = {f"{field}__year": day.year, f"{field}__month": day.month}
        values[f"{field}__day"] = day.day
        return cl.get_query_string({name: values[name] for name in lookups[level]}, [f"{field}__"])

    title_format = {"year": None, "month": "YEAR_MONTH_FORMAT", "day": "MONTH_DAY_FORMAT"}[level]
    back = None
    if level != "year":
        back = {"link": cl.get_query_string({}, [f"{field}__"]), "title": _("All dates")}
    return {
        "show": True,
        "back": back,
        "choices": [
            {
                "link": link(day),
                "title": str(day.year)
                if title_format is None
                else capfirst(formats.date_format(day, title_format)),
            }
            for day in dates
        ],
    }


@register.tag(name="triage_date_hierarchy")
def triage_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=triage_date_hierarchy,
        template_name="date_hierarchy.html",
        takes_context=False,
    )


@register.filter
def person(user):
    """A member of staff as screens name them."""
    return person_name(user)
