"""Test data factories, one section per app."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from education.models import COPIED_LINKS, COPIED_VALUES
from education.rendering import reading_minutes, render_markdown

# Education


class GuidePageFactory(factory.django.DjangoModelFactory):
    """
    An unpublished guide page, reviewed a month ago. Set its working copy (``working_title``,
    ``working_topic``, ...). ``published=True`` gives it a live copy equal to the working copy,
    public since yesterday unless ``publish_at`` says otherwise; ``tags=[...]`` links it to
    intake finding keys.
    """

    class Meta:
        model = "education.GuidePage"
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            **{
                copied.name: factory.SelfAttribute(
                    copied.working, default=copied.field.get_default()
                )
                for copied in COPIED_VALUES
            },
            body_html=factory.LazyAttribute(lambda page: render_markdown(page.working_body)),
            reading_minutes=factory.LazyAttribute(lambda page: reading_minutes(page.working_body)),
            status="published",
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            last_published_at=factory.SelfAttribute("publish_at"),
        )

    working_slug = factory.Sequence(lambda n: f"guide-page-{n}")
    working_topic = "understanding"
    working_position = factory.Sequence(lambda n: n % 1000)
    working_title = factory.Sequence(lambda n: f"Guide page {n}")
    working_summary = factory.LazyAttribute(lambda page: f"What {page.working_title} is about.")
    working_body = "Plain words about back pain.\n\n## What helps\n\nShort steps you can take."
    working_last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    working_next_review_due = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=335)
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            from education.models import FindingTag

            self.working_tags.set(FindingTag.objects.filter(key__in=extracted))
        if create and self.last_published_at:
            for copied in COPIED_LINKS:
                getattr(self, copied.name).set(getattr(self, copied.working).all())


# Intake


def operation_data(**overrides):
    """One operation as the intake stores it (a dict for ``CaseFactory(operations=[...])``)."""
    return {
        "date_precision": "month",
        "month": 6,
        "year": 2020,
        "procedure": "discectomy",
        "levels": ["L4-L5"],
        "hospital_or_surgeon": "",
        "relief": "partial",
        "relief_lasted": "3_to_12_months",
        **overrides,
    }


def medicine_data(medicine, dose=None, frequency=None, **extra):
    """One pain medicine as the intake stores it (for ``CaseFactory(medicines=[...])``)."""
    return {"medicine": medicine, "dose": dose, "frequency": frequency, **extra}


# The reference patient's pain, before the first operation and now.
REFERENCE_REGIONS = ("lower_back_centre", "buttock_left", "thigh_back_left")
# Answers from the intake's pain map, medicines, mood and health pages: a case with any of them
# has the measures worked out from them.
ASSESSMENT_ANSWERS = ("medicines", "phq9_items", "gad7_items", "height_cm", "weight_kg")


def _safety_answers(case):
    from intake.clinical import SAFETY_QUESTIONS

    return {key: key in case.red_flags for key in SAFETY_QUESTIONS}


class CaseFactory(factory.django.DjangoModelFactory):
    """
    A submitted case written straight to the database, with its operations and the scores,
    pattern and triage level the intake would work out. Shape it with the answers those come
    from: ``operations=[operation_data(...)]``, ``red_flags=[...]``, ``pain_site``,
    ``odi_answers`` and the PEG items.

    By default it is a case from an intake before the pain map, medicines, mood and health
    questions. ``assessed=True`` gives it every one of those answers as the reference patient
    gave them (``tests.conftest.valid_steps``: leg-dominant pain, tramadol 50 mg four times a
    day and pregabalin, PHQ-2 2, GAD-2 1, BMI 28.4, physiotherapy did not help, strong
    painkillers helped); any of them can be overridden. Whenever a case has such answers, the
    measures worked out from them (``services.assessment_fields``: the morphine equivalent and
    its band, co-prescriptions, mood scores, BMI, which pain is worse now) are too.
    """

    class Meta:
        model = "intake.Case"

    class Params:
        assessed = factory.Trait(
            pain_regions_before=factory.LazyFunction(lambda: list(REFERENCE_REGIONS)),
            pain_regions_now=factory.LazyFunction(lambda: list(REFERENCE_REGIONS)),
            first_operation_reason="leg_pain",
            dominant_pain_before="leg",
            back_pain_average=5,
            leg_pain_average=6,
            peg_pain=6,
            peg_enjoyment=7,
            peg_activity=5,
            nerve_pain_features=factory.LazyFunction(lambda: ["numbness", "pins_and_needles"]),
            numbness=True,
            pins_and_needles=True,
            medicines=factory.LazyFunction(
                lambda: [
                    medicine_data("tramadol", 50.0, "four_times_a_day"),
                    medicine_data("pregabalin", 75.0, "twice_a_day"),
                ]
            ),
            blood_thinners="no",
            phq9_items=factory.LazyFunction(lambda: [1, 1, *[None] * 6, 0]),
            gad7_items=factory.LazyFunction(lambda: [1, 0, *[None] * 5]),
            smoking="never",
            diabetes="no",
            height_cm=172,
            weight_kg=84.0,
            scan_type="mri",
            scan_year=2023,
            treatments_tried=factory.LazyFunction(lambda: ["physical_therapy", "opioids"]),
            treatment_responses=factory.LazyFunction(
                lambda: {"physical_therapy": "did_not_help", "opioids": "helped"}
            ),
            operations=factory.LazyFunction(
                lambda: [
                    operation_data(year=2016, relief="complete", relief_lasted="1_to_2_years"),
                    operation_data(
                        month=3,
                        year=2021,
                        procedure="fusion",
                        levels=["L4-L5", "L5-S1"],
                        hospital_or_surgeon="St Elsewhere",
                        implant_left_in="yes",
                    ),
                ]
            ),
        )

    submitted_at = factory.LazyFunction(timezone.now)
    full_name = factory.Sequence(lambda n: f"Patient {n:04d}")
    date_of_birth = date(1970, 1, 15)
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    phone = "07700 900000"
    preferred_contact = "email"
    consent_to_contact = True
    pain_site = "same"
    back_pain_average = 4
    leg_pain_average = 5
    numbness = False
    pins_and_needles = True
    weakness = False
    sleep_effect = "some_nights"
    work_status = "working_less"
    peg_pain = 5
    peg_enjoyment = 6
    peg_activity = 4
    odi_answers = None
    red_flags = factory.LazyFunction(list)
    safety_answers = factory.LazyAttribute(_safety_answers)
    treatments_tried = factory.LazyFunction(lambda: ["physical_therapy"])
    discuss_options = factory.LazyFunction(lambda: ["spinal_cord_stimulation"])
    goal = "Walk the dog for half an hour."
    privacy_consent = True
    signature_name = factory.SelfAttribute("full_name")
    operations = factory.LazyFunction(lambda: [operation_data()])

    @classmethod
    def _build(cls, model_class, *args, operations, **kwargs):
        return model_class(*args, **{**cls._derived(operations, kwargs), **kwargs})

    @classmethod
    def _create(cls, model_class, *args, operations, **kwargs):
        from intake.models import Operation

        case = model_class.objects.create(*args, **{**cls._derived(operations, kwargs), **kwargs})
        Operation.objects.bulk_create(Operation(case=case, **op) for op in operations)
        return case

    @staticmethod
    def _derived(operations, answers):
        from intake.services import assessment_fields, derived_fields

        derived = derived_fields(
            operations=operations,
            pain_site=answers["pain_site"],
            red_flags=answers["red_flags"],
            peg=(answers["peg_pain"], answers["peg_enjoyment"], answers["peg_activity"]),
            odi_answers=answers["odi_answers"],
            today=timezone.localtime(answers["submitted_at"]).date(),
        )
        if any(answers.get(name) for name in ASSESSMENT_ANSWERS):
            derived |= assessment_fields(answers=answers)
        return derived


# Outcomes


def follow_up_sent(case=None, *, months=3, start=None, now=None, **fields):
    """
    A case's follow-up already e-mailed: its care plan (care started ``months`` ago unless
    ``start`` says) and the follow-up sent now with a live link. Returns (follow_up, token).
    """
    import secrets

    from intake.clinical import add_months
    from intake.models import hash_token
    from outcomes.models import LINK_LIFETIME, CarePlan, FollowUp, Status

    case = case or CaseFactory()
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = start or add_months(today, -(months or 1))
    CarePlan.objects.get_or_create(case=case, defaults={"start_of_care": start})
    token = secrets.token_urlsafe(32)
    follow_up = FollowUp.objects.create(
        case=case,
        months=months,
        due_date=add_months(start, months) if months else today,
        status=Status.SENT,
        token_hash=hash_token(token),
        invited_at=now,
        expires_at=now + LINK_LIFETIME,
        **fields,
    )
    return follow_up, token
