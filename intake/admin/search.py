"""The triage list's search box: dates of birth and case references, typed as people do."""

import re
from datetime import datetime

from django.utils.text import smart_split, unescape_string_literal

from intake.models import REFERENCE_ALPHABET

# Dates a clinician may type into the search box, as patients type them on the intake.
SEARCH_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
REFERENCE_PATTERN = re.compile(
    rf"^([{REFERENCE_ALPHABET}]{{3}})-?([{REFERENCE_ALPHABET}]{{3}})$", re.IGNORECASE
)


def parse_search_reference(term):
    """
    The case reference a search term spells in full ('k7p-4qx', or 'k7p4qx' with its digits),
    or None. Six letters without a hyphen or a digit are more likely a name, such as 'Turner'.
    """
    match = REFERENCE_PATTERN.match(term)
    if match is None or ("-" not in term and not any(char.isdigit() for char in term)):
        return None
    return f"{match[1]}-{match[2]}".upper()


def parse_search_date(term):
    """The date a search term spells, such as '27/03/1968', or None."""
    for pattern in SEARCH_DATE_FORMATS:
        try:
            return datetime.strptime(term, pattern).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    return None


def filter_by_dates_and_references(queryset, search_term):
    """
    The cases matching every term that spells a date (of birth) or a whole reference, and the
    other terms, left for the admin's usual search. Both lookups read from an index, where the
    usual search would scan every name and e-mail address.
    """
    other_terms = []
    for term in smart_split(search_term):
        quoted = len(term) > 1 and term[0] == term[-1] and term[0] in "\"'"
        bare = unescape_string_literal(term) if quoted else term
        if (born := parse_search_date(bare)) is not None:
            queryset = queryset.filter(date_of_birth=born)
        elif (reference := parse_search_reference(bare)) is not None:
            queryset = queryset.filter(reference=reference)
        else:
            other_terms.append(term)
    return queryset, " ".join(other_terms)
