"""
What PostgreSQL's full-text search reads on a guide page, defined once: the search in
``services`` filters and ranks on ``search_document()``, and migration 0002 builds the GIN
index from ``search_index()``. PostgreSQL uses the index only when the two expressions are the
same, so neither may be written out by hand. Changing the document needs a new migration that
drops the index and builds it again from ``search_index()``.
"""

from functools import reduce
from operator import add

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector

SEARCH_CONFIG = "english"
INDEX_NAME = "guidepage_search_gin_idx"
# The live copy's words, weighted: a match in the title counts most, then summary, then body.
WEIGHTED_FIELDS = (("title", "A"), ("summary", "B"), ("body", "C"))


def search_document() -> SearchVector:
    return reduce(
        add,
        (
            SearchVector(field, weight=weight, config=SEARCH_CONFIG)
            for field, weight in WEIGHTED_FIELDS
        ),
    )


def search_index() -> GinIndex:
    return GinIndex(search_document(), name=INDEX_NAME)
