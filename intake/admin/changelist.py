"""The triage list's page of cases, reading only what its rows show."""

import hashlib
from types import SimpleNamespace

from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.utils import timezone

from intake.models import Case


class ListedCase(SimpleNamespace):
    """
    A case as a row of the triage list: the columns it reads, the clinician assigned to it (or
    None), the day it is listed on (ages and times since are counted to it, looked up once a
    page rather than once a cell) and the case's own name. Building a whole ``Case`` for each
    row sets up all of its 80 fields, loaded or not, and cost more than showing the row.
    """

    __str__ = Case.__str__


class ColumnsOnlyChangeList(ChangeList):
    """
    A page of rows that reads only the model admin's ``list_columns``, each a ``ListedCase``:
    a whole case carries every answer of the intake, much of it JSON. Actions and exports still
    get whole cases: they read the list's queryset, not this page.
    """

    def get_results(self, request):
        super().get_results(request)
        self.result_list = listed_cases(self.result_list, self.model_admin.list_columns)


def listed_cases(queryset, columns):
    """``queryset``'s cases as ``ListedCase`` rows of ``columns``; "assigned_to" is the user."""
    user_model = get_user_model()
    names = ["first_name", "last_name", user_model.USERNAME_FIELD]
    staff = [f"assigned_to__{name}" for name in names]
    listed_on = timezone.localdate()
    rows = []
    for values in queryset.values("pk", *columns, *staff):
        person = {name: values.pop(f"assigned_to__{name}") for name in names}
        if values["assigned_to"] is not None:
            values["assigned_to"] = user_model(pk=values["assigned_to"], **person)
        rows.append(ListedCase(**values, listed_on=listed_on))
    return rows


def rows_key(queryset):
    """
    A short key for the rows ``queryset`` selects, whatever their columns and order, to keep
    figures about them (the planner's estimate, the first and last dates) in the shared cache;
    with the SQL that selects them, or None when no row can match.
    """
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return None, None
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest(), (sql, params)
