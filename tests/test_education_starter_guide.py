"""The starter guide: real pages for every intake finding, loaded safely as often as needed."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from education.models import GuidePage, Status, Topic
from education.rendering import READING_AGE_TARGET, reading_stats
from education.services import guide_pages_for_findings
from education.starter import load_starter_guide, starter_pages
from intake import clinical, vocabulary
from tests.working_copy import edited

pytestmark = pytest.mark.django_db

STARTER = starter_pages()
STARTER_SLUGS = {page.slug for page in STARTER}
REVIEWED = date(2026, 1, 15)


def test_the_starter_guide_covers_the_subjects_the_clinic_asked_for():
    assert {
        "what-is-fbss",
        "why-back-surgery-can-fail",
        "treatment-options",
        "physical-therapy-and-exercise",
        "further-surgery",
        "seeing-a-specialist",
        "emergency-symptoms",
        "preparing-for-your-appointment",
    } <= STARTER_SLUGS
    options = next(page for page in STARTER if page.slug == "treatment-options")
    assert "## Doing nothing" in options.body


@pytest.mark.parametrize("key", vocabulary.keys(vocabulary.GUIDE_TAGS))
def test_every_intake_finding_leads_to_at_least_one_page(key):
    load_starter_guide(publish=True, reviewed_on=REVIEWED)
    assert guide_pages_for_findings(tags=[key]), f"no starter page for {key}"


def test_an_emergency_finding_puts_the_emergency_page_first():
    load_starter_guide(publish=True, reviewed_on=REVIEWED)
    pages = guide_pages_for_findings(tags=["emergency", "injections", "recurred"])
    assert pages[0].slug == "emergency-symptoms"


@pytest.mark.parametrize("page", STARTER, ids=[page.slug for page in STARTER])
def test_each_page_is_within_the_plain_language_target(page):
    stats = reading_stats(page.body)
    assert stats.reading_age <= READING_AGE_TARGET, (page.slug, stats)
    assert len(page.summary) <= 300 and len(page.title) <= 120
    assert page.topic in Topic.values


def test_the_emergency_page_names_every_emergency_red_flag_in_plain_words():
    body = next(page.body for page in STARTER if page.slug == "emergency-symptoms").lower()
    plain_words = {
        "saddle_numbness": ["numb", "between your legs", "genitals"],
        "bladder_change": ["pee", "bladder is full", "flow is weaker"],
        "bowel_change": ["poo", "need to go"],
        "sexual_dysfunction": ["sex feels different"],
        "bilateral_leg_symptoms": ["both legs", "spread"],
        "progressive_weakness": ["getting weaker", "foot drags", "knee gives way"],
        "hand_clumsiness": ["clumsy", "drop things"],
        "unsteady_walking": ["unsteady", "the way you walk has changed"],
    }
    assert set(plain_words) == set(clinical.EMERGENCY_FLAGS)
    for flag, words in plain_words.items():
        for word in words:
            assert word in body, (flag, word)
    assert "call 999 or go to a&e today" in body


def test_the_urgent_page_names_every_urgent_red_flag():
    body = next(page.body for page in STARTER if page.slug == "signs-you-need-to-be-seen-soon")
    for words in ["fever", "wound", "cancer", "lost weight", "fall", "osteoporosis", "steroid"]:
        assert words in body


def _body(slug):
    return next(page.body for page in STARTER if page.slug == slug).lower()


def _section(body, heading):
    return body.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_a_possible_infection_after_recent_surgery_is_checked_the_same_day():
    today = _section(_body("signs-you-need-to-be-seen-soon"), "get checked today")
    for words in ["fever", "wound", "less than 3 months", "inject drugs", "defence against germs"]:
        assert words in today
    assert "few days" not in today


def test_the_urgent_page_covers_night_pain_new_middle_back_pain_and_metal_work():
    body = _body("signs-you-need-to-be-seen-soon")
    for words in ["wakes you at night", "middle of your back", "clunk", "metal under your skin"]:
        assert words in body


def test_the_emergency_page_covers_signs_of_a_squashed_spinal_cord_and_asks_what_is_new():
    body = _body("emergency-symptoms")
    for words in ["clumsy", "unsteady", "new, or getting worse", "hard to start to pee"]:
        assert words in body


def test_the_stimulation_page_gives_its_harms_and_the_source_of_its_figures():
    body = _body("spinal-cord-stimulation")
    for words in ["implant", "leads", "another operation", "mri", "fade", "process"]:
        assert words in body


def test_the_guide_makes_no_unsupported_or_absolute_claims():
    assert "pressure off the nerves" not in _body("physical-therapy-and-exercise")
    fbss = _body("what-is-fbss")
    assert "does not mean that your surgeon did something wrong" not in fbss
    assert "back or legs" in fbss


def test_links_between_starter_pages_point_at_starter_pages():
    for page in STARTER:
        assert set(page.related) <= STARTER_SLUGS, page.slug
        for slug in re.findall(r"\]\(/guide/([a-z0-9-]+)/\)", page.body):
            assert slug in STARTER_SLUGS, (page.slug, slug)


def test_loading_publishes_linked_tagged_pages_and_is_idempotent():
    created = load_starter_guide(publish=True, reviewed_on=date(2026, 1, 15))
    history_rows = GuidePage.history.count()

    again = load_starter_guide(publish=True, reviewed_on=date(2026, 1, 15))

    assert len(created) == len(STARTER) == GuidePage.objects.public().count()
    assert again == []
    assert GuidePage.history.count() == history_rows
    page = GuidePage.objects.get(slug="spinal-cord-stimulation")
    assert (page.last_reviewed, page.next_review_due) == (date(2026, 1, 15), date(2027, 1, 15))
    assert set(page.related.values_list("slug", flat=True)) == {"injections", "seeing-a-specialist"}
    assert list(page.tags.values_list("key", flat=True)) == ["spinal_cord_stimulation"]


def test_loading_again_never_touches_an_editors_changes(editor_client):
    load_starter_guide(publish=True, reviewed_on=REVIEWED)
    edited(
        editor_client, GuidePage.objects.get(slug="what-is-fbss"), body="The editor's own words."
    )
    renamed = GuidePage.objects.get(slug="injections")
    edited(editor_client, renamed, slug="injections-and-nerve-treatments")
    GuidePage.objects.get(slug="further-surgery").delete()

    assert load_starter_guide(publish=True, reviewed_on=REVIEWED) == []

    assert GuidePage.objects.get(slug="what-is-fbss").working_body == "The editor's own words."
    assert not GuidePage.objects.filter(working_slug__in=["injections", "further-surgery"]).exists()


def test_publishing_the_starter_guide_needs_a_review_date():
    with pytest.raises(ValueError, match="reviewed"):
        load_starter_guide(publish=True)
    assert not GuidePage.objects.exists()


def test_the_command_loads_unpublished_pages_for_review_by_default():
    out = StringIO()
    call_command("load_starter_guide", stdout=out)
    assert GuidePage.objects.filter(status=Status.UNPUBLISHED).count() == len(STARTER)
    assert not GuidePage.objects.public().exists()
    assert "saved unpublished" in out.getvalue()


def test_the_command_publishes_only_with_a_review_date():
    with pytest.raises(CommandError, match="reviewed-on"):
        call_command("load_starter_guide", "--publish", stdout=StringIO())
    call_command(
        "load_starter_guide", "--publish", "--reviewed-on", "2026-02-01", stdout=StringIO()
    )
    assert GuidePage.objects.public().count() == len(STARTER)
    assert set(GuidePage.objects.values_list("last_reviewed", flat=True)) == {date(2026, 2, 1)}


def test_load_demo_publishes_the_starter_guide(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert GuidePage.objects.public().count() == len(STARTER)
    assert f"Patient guide: {len(STARTER)} starter pages, {len(STARTER)} new." in out.getvalue()
