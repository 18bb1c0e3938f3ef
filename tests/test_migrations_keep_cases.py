"""Cases sent before a change of the intake still read, and still pass the database's checks."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("intake", "0006_case_access_lists_and_queries")]
AFTER = [("intake", "0007_operation_dates_and_relief_per_operation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def case_sent_before_dates_could_be_partial():
    apps = migrate(BEFORE)
    case = apps.get_model("intake", "Case").objects.create(
        reference="OLD-123",
        full_name="Earlier Patient",
        date_of_birth=date(1960, 1, 1),
        email="earlier@example.com",
        preferred_contact="email",
        consent_to_contact=True,
        pain_returned="after_a_year",
        pain_site="same",
        back_pain_now=5,
        back_pain_average=4,
        back_pain_worst=7,
        leg_pain_now=3,
        leg_pain_average=2,
        leg_pain_worst=5,
        numbness=False,
        pins_and_needles=False,
        weakness=False,
        sleep_effect="none",
        work_status="working",
        peg_pain=4,
        peg_enjoyment=4,
        peg_activity=4,
        privacy_consent=True,
        signature_name="Earlier Patient",
        peg_score=4.0,
        operation_count=1,
        months_since_last_operation=40,
        pattern="recurred",
        triage_level="routine",
        submitted_at=timezone.now(),
    )
    apps.get_model("intake", "Operation").objects.create(
        case=case, month=6, year=2019, procedure="fusion", relief="partial", relief_lasted="still"
    )
    yield case.pk
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_operation_with_a_month_and_year_is_known_to_the_month(
    case_sent_before_dates_could_be_partial,
):
    apps = migrate(AFTER)
    case = apps.get_model("intake", "Case").objects.get(pk=case_sent_before_dates_could_be_partial)
    operation = case.operations.get()

    assert (operation.date_precision, operation.year, operation.month) == ("month", 2019, 6)
    assert case.pain_returned == "after_a_year"
    assert case.months_since_last_operation == 40
