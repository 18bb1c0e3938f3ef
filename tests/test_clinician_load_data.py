"""The generate_cases command that fills a database for load measurements."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intake.models import Case, Operation

pytestmark = pytest.mark.django_db


def test_generate_cases_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_cases", "5", stdout=StringIO())
    assert not Case.objects.exists()


def test_generate_cases_writes_consistent_cases_with_operations(settings, clinician):
    settings.DEBUG = True

    call_command("generate_cases", "40", "--batch-size", "15", stdout=StringIO())

    cases = list(Case.objects.all())
    assert len(cases) == 40
    assert len({case.reference for case in cases}) == 40
    rank = {"emergency": 0, "urgent": 1, "routine": 2}
    for case in cases:
        assert case.triage_rank == rank[case.triage_level]
        assert case.operations.count() == case.operation_count
        assert case.assigned_to in (None, clinician)
    assert Operation.objects.count() == sum(case.operation_count for case in cases)
