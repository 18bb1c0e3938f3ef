"""
The triage list's own template tags: a date hierarchy and rows that stay cheap on a large table.

Django's own first level lists the years that hold cases with a ``SELECT DISTINCT`` over every
matching row. Here the first level spans the first to the last date submitted (one MIN/MAX,
read from the index when nothing is filtered, and kept a minute per list: a case sent within
that minute can add a link at most); deeper levels are Django's own.
"""

import datetime
import functools
import html

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy, result_headers
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.cache import cache
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from intake.admin.changelist import rows_key
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


SPAN_SECONDS = 60


def _first_and_last(queryset, field):
    """The earliest and latest ``field`` in ``queryset``, from the shared cache if asked for
    within ``SPAN_SECONDS``."""
    digest, _query = rows_key(queryset)
    if digest is None:  # a filter no row can match
        return {"first": None, "last": None}
    key = f"triage:span:{field}:{digest}"
    span = cache.get(key)
    if span is None:
        span = queryset.aggregate(first=Min(field), last=Max(field))
        cache.set(key, span, SPAN_SECONDS)
    return span


def triage_date_hierarchy(cl):
    field = cl.date_hierarchy
    if any(f"{field}__{part}" in cl.params for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    span = _first_and_last(cl.queryset, field)
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


def _html(value):
    """A cell's value as HTML: escaped unless already safe (the stdlib's escaping, which is
    Django's ``escape`` without its per-call laziness checks)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _column_reader(model_admin, name):
    """
    What a column shows for a case: the admin's display method, else the field (in its
    choice's words when it has choices), else the empty-value mark. The choices are looked up
    once a page: Django's ``get_FOO_display`` rebuilds its table of choices on every call.
    """
    empty = model_admin.get_empty_value_display()
    method = getattr(model_admin, name, None)
    if callable(method):
        read = method
    else:
        labels = {
            value: str(label) for value, label in model_admin.opts.get_field(name).flatchoices
        }

        def read(case):
            stored = getattr(case, name)
            return labels.get(stored, stored) if labels else stored

    def value(case):
        shown = read(case)
        return empty if shown is None or shown == "" else shown

    return value


def triage_rows(cl):
    """
    The triage list's rows, each a ``<tr>``: the same cells (checkbox, linked reference and
    name, each column's display) as the admin's ``items_for_result``, without its per-cell
    lookups, formatting and template rendering, which cost most of the list's CPU at 50 rows.
    """
    model_admin = cl.model_admin
    links = set(cl.list_display_links or ())
    change_url = reverse(
        f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change", args=[0]
    ).removesuffix("0/change/")
    # Already "_changelist_filters=...", as Django's own links carry it.
    suffix = f"?{cl.preserved_filters}" if cl.preserved_filters else ""
    select = _("Select this object for an action - {}")
    columns = []
    first_link = True
    for name in cl.list_display:
        if name == "action_checkbox":
            columns.append((name, None, "td", False))
            continue
        tag = "th" if name in links and first_link else "td"
        first_link = first_link and name not in links
        columns.append((name, _column_reader(model_admin, name), tag, name in links))
    for case in cl.result_list:
        url = html.escape(f"{change_url}{case.pk}/change/{suffix}")
        cells = []
        for name, value, tag, linked in columns:
            if value is None:
                cells.append(
                    '<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
                    f'value="{case.pk}" class="action-select" '
                    f'aria-label="{html.escape(select.format(case))}"></td>'
                )
                continue
            shown = _html(value(case))
            if linked:
                shown = f'<a href="{url}">{shown}</a>'
            cells.append(f'<{tag} class="field-{name}">{shown}</{tag}>')
        yield f"<tr>{''.join(cells)}</tr>"


def triage_result_list(cl):
    """
    The admin's ``result_list`` context, with the rows from ``triage_rows`` as one piece of
    HTML, and the headers worked out only when the template has none kept for this sort and
    these filters (the template calls them).
    """
    headers = functools.cache(lambda: list(result_headers(cl)))
    return {
        "cl": cl,
        "result_headers": headers,
        "num_sorted_fields": lambda: sum(1 for h in headers() if h["sortable"] and h["sorted"]),
        "rows": mark_safe("\n".join(triage_rows(cl))),  # noqa: S308 - each cell escaped
    }


@register.tag(name="triage_result_list")
def triage_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=triage_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
