"""
On PostgreSQL the triage list's text search can be served by trigram indexes rather than a
read of the whole table. (Sequential scans are switched off so the planner shows whether
an index can answer the search at all; on a handful of rows it would rightly scan.)
"""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory

from intake.models import Case
from tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigram indexes"),
]


@pytest.mark.parametrize("term", ["turner", "example.org", "K7P"])
def test_name_email_and_reference_search_can_use_the_trigram_indexes(clinician, term):
    CaseFactory.create_batch(3)
    request = RequestFactory().get("/admin/intake/case/", {"q": term})
    request.user = clinician
    queryset, _ = site._registry[Case].get_search_results(request, Case.objects.all(), term)
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("reference", "full_name", "email"):
        assert f"case_{column}_trgm" in plan, plan
