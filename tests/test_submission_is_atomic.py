"""A submission is written in one transaction: a failure half-way loses nothing."""

import pytest

from intake.models import Case, Draft, Operation
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_half_way_leaves_the_draft_intact_and_submittable(patient, monkeypatch):
    steps = valid_steps()
    patient.start()
    for step, fields in steps.items():
        if step != "review":
            patient.post(step, fields)

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Operation.objects, "bulk_create", broken_bulk_create)
    patient.client.raise_request_exception = False
    failed = patient.post("review", steps["review"])
    assert failed.status_code == 500
    assert "Sorry, something went wrong" in failed.content.decode()
    assert not Case.objects.exists()
    draft = Draft.objects.get()
    assert draft.submitted_at is None
    assert draft.data["step_data"]["about"]["about-full_name"] == ["Morgan Ellis"]

    monkeypatch.undo()
    retried = patient.post("review", steps["review"])
    assert retried.status_code == 302
    case = Case.objects.get()
    assert case.operations.count() == 2
    assert Draft.objects.get().submitted_at == case.submitted_at


def test_a_reference_already_taken_is_replaced_by_a_fresh_one(patient, monkeypatch):
    patient.complete()
    taken = Case.objects.get().reference
    candidates = iter([taken, "BBB-BBB"])
    monkeypatch.setattr(Case._meta.get_field("reference"), "_get_default", lambda: next(candidates))

    from django.test import Client

    from tests.conftest import Patient

    Patient(Client()).complete()
    assert sorted(Case.objects.values_list("reference", flat=True)) == sorted([taken, "BBB-BBB"])
