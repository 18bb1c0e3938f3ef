"""The triage list's page of cases, reading only what its rows show."""

from django.contrib.admin.views.main import ChangeList


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
