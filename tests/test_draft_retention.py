from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.models import Case, Draft

pytestmark = pytest.mark.django_db


def make_drafts(patient):
    expired, _ = Draft.start()
    live, _ = Draft.start()
    Draft.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    patient.complete()
    sent = Draft.objects.get(submitted_at__isnull=False)
    Draft.objects.filter(pk=sent.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return expired, live, sent


def purge(*args):
    out = StringIO()
    call_command("purge_drafts", *args, stdout=out)
    return out.getvalue()


def test_purge_is_a_dry_run_by_default_and_counts(patient):
    make_drafts(patient)
    assert "1 expired unsent drafts would be deleted" in purge()
    assert Draft.objects.count() == 3


def test_purge_deletes_only_expired_unsent_drafts(patient):
    expired, live, sent = make_drafts(patient)
    assert "Deleted 1 expired unsent drafts." in purge("--delete")
    remaining = set(Draft.objects.values_list("pk", flat=True))
    assert expired.pk not in remaining
    assert {live.pk, sent.pk} <= remaining
    assert Case.objects.get().draft_id == sent.pk
    assert "Deleted 0" in purge("--delete")
