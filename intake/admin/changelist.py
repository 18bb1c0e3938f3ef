"""The triage list's page of cases, reading only what its rows show."""

import hashlib

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet


class ColumnsOnlyChangeList(ChangeList):
    """
    A page of rows that loads only the model admin's ``list_columns``. A whole case carries
    every answer of the intake, much of it JSON; decoding it for 50 rows cost more than
    rendering them. Actions and exports still get whole cases: they read the list's queryset,
    not this page.
    """

    def get_results(self, request):
        super().get_results(request)
        self.result_list = self.result_list.only(*self.model_admin.list_columns)


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
