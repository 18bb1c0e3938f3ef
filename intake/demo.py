"""Demo cases for local use: every pattern and triage level, and one unfinished draft."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from intake import clinical, vocabulary
from intake.alerts import alert_raise
from intake.models import DRAFT_LIFETIME, REFERENCE_ALPHABET, Case, Draft, Operation, hash_token
from intake.services import assessment_fields, case_alert_raise, derived_fields
from intake.tasks import alert_schedule

DEMO_DRAFT_TOKEN = "demo-draft-for-local-use-only"  # noqa: S105 - local demo; DEBUG only
NAMES = [
    "Alex Morgan",
    "Bethan Price",
    "Chris Okafor",
    "Dana Whitfield",
    "Eamon Byrne",
    "Farah Khan",
    "Gareth Lloyd",
    "Hannah Cole",
    "Imran Shah",
    "Joan Fletcher",
    "Kieran Walsh",
    "Lena Novak",
    "Marcus Reid",
    "Nia Roberts",
    "Owen Hughes",
    "Priya Patel",
    "Quentin Ames",
    "Rosa Delgado",
    "Sam Turner",
    "Tess Ward",
]
# (relief after the latest operation, pain site, red flags) for each demo patient, so that
# every pattern, every triage level and every kind of relief is there.
STORIES = [
    ("worse", "same", []),
    ("partial", "same", []),
    ("complete", "different", []),
    ("partial", "both", []),
    ("none", "same", ["saddle_numbness", "bladder_change"]),
    ("complete", "same", []),
    ("partial", "different", ["fever_or_unwell"]),
    ("none", "both", []),
    ("complete", "same", ["cancer_history"]),
    ("partial", "same", []),
    ("none", "different", ["progressive_weakness"]),
    ("complete", "both", []),
    ("partial", "same", ["osteoporosis_or_steroids"]),
    ("none", "same", []),
    ("complete", "different", []),
    ("partial", "both", ["weight_loss"]),
    ("none", "same", ["bilateral_leg_symptoms"]),
    ("partial", "same", []),
    ("complete", "same", ["wound_problem"]),
    ("worse", "different", []),
]
# Answers drawn from the vocabulary, except those a made-up patient could not give sensibly:
# an unnamed operation, relief that is still going on, and "not sure yet" beside other wishes.
PROCEDURES = [key for key in vocabulary.keys(vocabulary.PROCEDURES) if key != "other"]
LEVELS = ["L3-L4", "L4-L5", "L5-S1"]
DURATIONS = [key for key in vocabulary.keys(vocabulary.RELIEF_LASTED) if key != "still"]
# Most patients know the month; some only the year, roughly the year, or not at all.
DATE_PRECISIONS = ["month"] * 7 + list(clinical.DATE_PRECISIONS[1:])
DISCUSS_OPTIONS = [key for key in vocabulary.keys(vocabulary.DISCUSS_OPTIONS) if key != "not_sure"]


def _reference(number):
    letters = REFERENCE_ALPHABET
    return f"DEM-{letters[number % 30]}{letters[number * 7 % 30]}{letters[number * 13 % 30]}"


def made_up_operations(rng, latest_relief, today):
    """One to three operations, oldest first, the latest with the given relief."""
    count = rng.choice([1, 1, 2, 2, 3])
    year = today.year - rng.randint(1, 4)
    operations = []
    for index in range(count):
        relief = latest_relief if index == count - 1 else rng.choice(["partial", "complete"])
        precision = rng.choice(DATE_PRECISIONS)
        operations.append(
            {
                "date_precision": precision,
                "month": rng.randint(1, 12) if precision == clinical.MONTH_KNOWN else None,
                "year": None
                if precision == clinical.DATE_UNKNOWN
                else year - (count - 1 - index) * rng.randint(1, 3),
                "procedure": rng.choice(PROCEDURES),
                "levels": sorted(rng.sample(LEVELS, rng.randint(1, 2))),
                "hospital_or_surgeon": rng.choice(["", "City General Hospital", "Mr A. Surgeon"]),
                "relief": relief,
                "relief_lasted": rng.choice(DURATIONS)
                if clinical.relief_has_duration(relief)
                else "",
            }
        )
    return operations


# Medicines as patients take them: (medicine, dose, how often), a few common combinations.
MEDICINE_SETS = (
    (),
    (("paracetamol", 1000, "four_times_a_day"),),
    (("co_codamol", 30, "four_times_a_day"), ("nsaid", 400, "three_times_a_day")),
    (("tramadol", 50, "four_times_a_day"), ("pregabalin", 75, "twice_a_day")),
    (("morphine", 30, "twice_a_day"), ("gabapentin", 300, "three_times_a_day")),
    (("oxycodone", 20, "twice_a_day"), ("diazepam", 5, "twice_a_day")),
    (("fentanyl_patch", 25, None), ("amitriptyline", 10, "once_a_day")),
    (("buprenorphine_patch", 10, None),),
    (("dihydrocodeine", 30, "when_needed"), ("duloxetine", 60, "once_a_day")),
)
LEG_REGIONS = ("buttock_left", "thigh_back_left", "calf_left", "shin_left", "foot_left")
BACK_REGIONS = ("lower_back_centre", "lower_back_left", "lower_back_right")


def _made_up_assessment(rng, *, leg_average, treatments, flags):
    """The pain maps, medicines, mood and health of a made-up patient."""
    before = [rng.choice(BACK_REGIONS), *rng.sample(LEG_REGIONS, 2)]
    now = sorted(set(before[: rng.randint(1, 3)]) | set(rng.sample(LEG_REGIONS, 1)))
    screen_positive = rng.random() < 0.3

    def item():
        return rng.randint(1, 3) if screen_positive else rng.randint(0, 1)

    phq9 = [item() for _ in range(9)] if screen_positive else [item(), item()] + [None] * 7
    phq9[8] = 1 if "self_harm_thoughts" in flags else 0
    gad7 = [item() for _ in range(7)] if screen_positive else [item(), item()] + [None] * 5
    scanned = rng.choice(["mri", "mri", "ct", "xray", "none_or_not_sure"])
    return {
        "pain_regions_before": before,
        "pain_regions_now": now,
        "first_operation_reason": rng.choice(["leg_pain", "leg_pain", "both", "back_pain"]),
        "dominant_pain_before": rng.choice(["leg", "leg", "back", "equal"]),
        "nerve_pain_features": sorted(rng.sample(clinical.NERVE_PAIN_FEATURES, 2))
        if leg_average
        else [],
        "medicines": [
            {"medicine": medicine, "dose": float(dose), "frequency": frequency}
            for medicine, dose, frequency in rng.choice(MEDICINE_SETS)
        ],
        "blood_thinners": rng.choice(["no", "no", "no", "yes"]),
        "phq9_items": phq9,
        "gad7_items": gad7,
        "smoking": rng.choice(["never", "used_to", "yes"]),
        "diabetes": rng.choice(["no", "no", "no", "yes"]),
        "height_cm": rng.randint(155, 190),
        "weight_kg": float(rng.randint(55, 115)),
        "scan_type": scanned,
        "scan_year": None if scanned == "none_or_not_sure" else rng.randint(2018, 2026),
        "treatment_responses": {
            treatment: rng.choice(["helped", "did_not_help", "too_early"])
            for treatment in treatments
        },
    }


def made_up_case(rng, *, today, name, story, reference, phone, with_odi=True):
    """
    A realistic case and its operations, not saved. ``story`` is (relief after the latest
    operation, pain site, red flags): it decides the pattern and the triage level.
    """
    relief, site, flags = story
    operations = made_up_operations(rng, relief, today)
    back_average, leg_average = rng.randint(2, 8), rng.randint(1, 9)
    peg = (
        clinical.peg_pain_item(back_average, leg_average),
        rng.randint(2, 10),
        rng.randint(2, 10),
    )
    odi = [rng.randint(0, 5) for _ in range(10)] if with_odi else None
    first, last = name.split()
    answers = {
        "full_name": name,
        "date_of_birth": date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28)),
        "email": f"{first}.{last}@example.com".lower(),
        "phone": phone,
        "preferred_contact": rng.choice(["email", "phone", "either"]),
        "consent_to_contact": True,
        "pain_site": site,
        "back_pain_average": back_average,
        "leg_pain_average": leg_average,
        "numbness": rng.random() < 0.5,
        "pins_and_needles": rng.random() < 0.6,
        "weakness": bool(flags) or rng.random() < 0.3,
        "sleep_effect": rng.choice(vocabulary.keys(vocabulary.SLEEP_EFFECTS)),
        "work_status": rng.choice(vocabulary.keys(vocabulary.WORK_STATUSES)),
        "peg_pain": peg[0],
        "peg_enjoyment": peg[1],
        "peg_activity": peg[2],
        "odi_answers": odi,
        "safety_answers": {key: key in flags for key in clinical.SAFETY_QUESTIONS},
        "red_flags": flags,
        "treatments_tried": sorted(
            rng.sample(
                ["physical_therapy", "medicines", "opioids", "injections", "pain_programme"], 2
            )
        ),
        "discuss_options": sorted(rng.sample(DISCUSS_OPTIONS, 2)),
        "goal": rng.choice(
            [
                "Walk to the shops without stopping.",
                "Sleep through the night.",
                "Go back to work full time.",
                "Pick up my grandchildren.",
                "",
            ]
        ),
        "privacy_consent": True,
        "signature_name": name,
    }
    answers |= _made_up_assessment(
        rng,
        leg_average=leg_average,
        treatments=answers["treatments_tried"],
        flags=flags,
    )
    case = Case(
        reference=reference,
        submitted_at=timezone.now() - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23)),
        **answers,
        **derived_fields(
            operations=operations,
            pain_site=site,
            red_flags=flags,
            peg=peg,
            odi_answers=odi,
            today=today,
        ),
        **assessment_fields(answers=answers),
    )
    return case, operations


@transaction.atomic
def load():
    """Create the demo cases that are missing, and one draft; safe to run repeatedly."""
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    today = timezone.localdate()
    created = 0
    existing = set(
        Case.objects.filter(reference__startswith="DEM-").values_list("reference", flat=True)
    )
    for number, (name, story) in enumerate(zip(NAMES, STORIES, strict=True)):
        case, operations = made_up_case(
            rng,
            today=today,
            name=name,
            story=story,
            reference=_reference(number),
            phone=f"07700 900{number:03d}",
            with_odi=bool(number % 4),
        )
        if case.reference in existing:
            continue
        case.save()
        Operation.objects.bulk_create(Operation(case=case, **op) for op in operations)
        case_alert_raise(case=case)
        created += 1
    _demo_draft()
    _demo_unsent_red_flag()
    return (
        f"Intake: {created} demo cases added ({Case.objects.count()} in all). A draft to "
        f"resume: http://127.0.0.1:8000/intake/resume/{DEMO_DRAFT_TOKEN}/"
    )


def _demo_draft():
    """A half-finished intake with a known link, so resuming can be tried out."""
    Draft.objects.update_or_create(
        token_hash=hash_token(DEMO_DRAFT_TOKEN),
        defaults={
            "submitted_at": None,
            "expires_at": timezone.now() + DRAFT_LIFETIME,
            "data": {
                "step": "operations",
                "step_data": {
                    "about": {
                        "about-full_name": ["Demo Draft"],
                        "about-date_of_birth": ["01/02/1970"],
                        "about-email": ["draft@example.com"],
                        "about-preferred_contact": ["email"],
                        "about-consent_to_contact": ["on"],
                        "intake_wizard-current_step": ["about"],
                    }
                },
                "step_files": {},
                "extra_data": {},
            },
        },
    )


def _demo_unsent_red_flag():
    """An intake left unsent with an emergency answer, as the clinic's check finds it."""
    token_hash = hash_token(f"{DEMO_DRAFT_TOKEN}-unsent")
    if Draft.objects.filter(token_hash=token_hash).exists():
        return
    draft = Draft.objects.create(
        token_hash=token_hash,
        expires_at=timezone.now() + DRAFT_LIFETIME,
        data={
            "step": "operations",
            "step_data": {
                "about": {
                    "about-full_name": ["Sam Unsent"],
                    "about-date_of_birth": ["12/09/1959"],
                    "about-phone": ["07700 900999"],
                    "about-preferred_contact": ["phone"],
                    "about-consent_to_contact": ["on"],
                },
                "safety": {
                    **{f"safety-{flag}": ["no"] for flag in clinical.SAFETY_QUESTIONS},
                    "safety-bladder_change": ["yes"],
                },
            },
            "step_files": {},
            "extra_data": {"red_flag_check_queued": True},
        },
    )
    alert, _created = alert_raise(draft=draft, level=clinical.EMERGENCY)
    alert_schedule(alert)
