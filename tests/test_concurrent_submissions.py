"""Many patients sending at once each get one case; one patient double-sending gets one case."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from intake.models import Case, Draft
from tests.conftest import Patient, valid_steps

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"
    ),
]

SUBMISSIONS = 50


def ready_to_send(count):
    """Drafts filled in up to the last step, and the tokens that open them."""
    patient = Patient(Client())
    patient.start()
    for step, fields in valid_steps().items():
        if step != "review":
            patient.post(step, fields)
    answers = Draft.objects.get().data
    tokens = []
    for _ in range(count):
        draft, token = Draft.start()
        draft.data = answers
        draft.save()
        tokens.append(token)
    return tokens


def send_all_at_once(tokens):
    barrier = threading.Barrier(len(tokens))
    statuses, errors = [], []

    def send(token):
        try:
            barrier.wait(timeout=30)
            response = Patient(Client()).post("review", valid_steps()["review"], resume_token=token)
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return statuses


def test_fifty_simultaneous_submissions_make_fifty_cases_with_unique_references():
    tokens = ready_to_send(SUBMISSIONS)
    statuses = send_all_at_once(tokens)
    assert statuses == [302] * SUBMISSIONS
    assert Case.objects.count() == SUBMISSIONS
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == SUBMISSIONS
    assert Draft.objects.filter(submitted_at__isnull=False).count() == SUBMISSIONS


def test_the_same_draft_sent_many_times_at_once_makes_one_case():
    (token,) = ready_to_send(1)
    statuses = send_all_at_once([token] * 20)
    assert set(statuses) == {302}
    assert Case.objects.count() == 1
    assert Case.objects.get().operations.count() == 2
