"""
The triage list's count, cheap on a large table.

``COUNT(*)`` reads every matching index entry: 8 ms at 100,000 cases and growing with the
table, on every view of the list. Beyond ``EXACT_UP_TO`` cases PostgreSQL's planner already
knows roughly how many rows match, and the list says "about N cases"; below it, and on other
databases, the count is exact. The planner's figure changes only when the table is analysed,
so each list's is kept in the shared cache for ``ESTIMATE_SECONDS``.

Pages are listed up to ``PAGES_LISTED``: the queue is read from the top, a filter or a search
finds any other case sooner than paging does, and a page that deep would make PostgreSQL read
every row before it (the 2,000th page of 100,000 cases took over 200 ms).
"""

import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from intake.admin.changelist import rows_key

EXACT_UP_TO = 10_000
ESTIMATE_SECONDS = 60
PAGES_LISTED = 20


def planner_estimate(queryset):
    """The planner's estimate of the rows ``queryset`` returns, or None where there is none."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    key, query = rows_key(queryset)
    if key is None:  # a filter no row can match, such as an id beyond any stored
        return None
    estimate = cache.get(f"triage:estimate:{key}")
    if estimate is None:
        sql, params = query
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        cache.set(f"triage:estimate:{key}", estimate, ESTIMATE_SECONDS)
    return estimate


class EstimatedCountPaginator(Paginator):
    """The admin's paginator with the planner's count on a large list, and no page past
    ``PAGES_LISTED`` (asking for one is asking for a page that does not exist)."""

    estimated = False

    @cached_property
    def count(self):
        estimate = planner_estimate(self.object_list)
        if estimate is None or estimate <= EXACT_UP_TO:
            return super().count
        self.estimated = True
        return estimate

    @cached_property
    def pages_in_all(self):
        """The pages the matching cases would fill, listed or not."""
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self):
        return min(self.pages_in_all, PAGES_LISTED)
