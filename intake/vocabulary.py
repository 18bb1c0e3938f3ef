"""
The clinical vocabulary: every key the intake stores, and the words each reader sees for it.

A key is stored with the case, filtered on in the admin and tagged on guide pages, so it does
not change; its wording can. Each ``Term`` gives the patient's wording (the question or option
read in the intake), the clinician's wording (the admin, the case summary, the CSV export) and,
where there is one, what the key may point to for clinicians. The rules that act on these keys
(scoring, patterns, triage) are in ``intake.clinical``; everything else draws from here.

Plain Python with no Django imports, like ``intake.clinical``.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """
    One key and its wording.

    ``patient`` is empty for keys patients never read as such (patterns, triage levels, ODI
    bands). Clinicians read the patient's own words unless ``clinician`` says otherwise, so the
    case summary shows what the patient answered. ``points_to`` is for clinicians only: what a
    red flag may point to, what a pattern may suggest, what a triage level asks of the clinic.
    ``guide_tag`` is how editors see the key when they link a guide page to it; only keys with
    one can be tagged on guide pages.
    """

    key: str
    patient: str = ""
    clinician: str = ""
    points_to: str = ""
    guide_tag: str = ""

    def __post_init__(self):
        if not self.clinician:
            object.__setattr__(self, "clinician", self.patient)


def keys(terms: Iterable[Term]) -> tuple[str, ...]:
    return tuple(term.key for term in terms)


def by_key(terms: Iterable[Term]) -> dict[str, Term]:
    return {term.key: term for term in terms}


def patient_choices(terms: Iterable[Term]) -> list[tuple[str, str]]:
    """(key, patient wording) pairs, for the intake's form fields."""
    return [(term.key, term.patient) for term in terms]


def clinician_labels(terms: Iterable[Term]) -> dict[str, str]:
    """The clinician's wording by key."""
    return {term.key: term.clinician for term in terms}


# Red flags: the safety questions, asked in this order.

CAUDA_EQUINA = "possible cauda equina or cord compromise"
INFECTION = "possible infection"
MALIGNANCY = "possible malignancy"
FRACTURE = "possible fracture"

RED_FLAGS = (
    Term(
        "saddle_numbness",
        "Since your operation, have you had new numbness or a strange feeling between your legs, "
        "around your bottom or genitals (where you would sit on a saddle)?",
        clinician="New saddle numbness",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "bladder_change",
        "Have you had new trouble passing urine, a weaker flow, not feeling when your bladder is "
        "full, or leaking urine without meaning to?",
        clinician="New bladder disturbance",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "bowel_change",
        "Have you had new trouble controlling your bowels, or not feeling when you need to open "
        "them?",
        clinician="New bowel disturbance",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "sexual_dysfunction",
        "Have you had new loss of feeling or function during sex?",
        clinician="New sexual dysfunction",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "bilateral_leg_symptoms",
        "Do you now have pain, numbness or weakness in both legs, or has it spread from one leg "
        "to both?",
        clinician="Symptoms in both legs",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "progressive_weakness",
        "Is weakness in your legs getting worse, for example your foot dragging or your knee "
        "giving way?",
        clinician="Progressive leg weakness",
        points_to=CAUDA_EQUINA,
    ),
    Term(
        "fever_or_unwell",
        "Have you had a fever, or felt generally unwell, along with the back pain?",
        clinician="Fever or feeling unwell",
        points_to=INFECTION,
    ),
    Term(
        "wound_problem",
        "Is your operation wound red, swollen, hot or leaking fluid?",
        clinician="Wound red, swollen, hot or leaking",
        points_to=INFECTION,
    ),
    Term(
        "cancer_history",
        "Have you ever had cancer?",
        clinician="History of cancer",
        points_to=MALIGNANCY,
    ),
    Term(
        "weight_loss",
        "Have you lost weight recently without trying?",
        clinician="Unexplained weight loss",
        points_to=MALIGNANCY,
    ),
    Term(
        "significant_injury",
        "Have you had a bad fall or injury to your back since your operation?",
        clinician="Fall or injury since the operation",
        points_to=FRACTURE,
    ),
    Term(
        "osteoporosis_or_steroids",
        "Do you have thin bones (osteoporosis), or have you taken steroid tablets for a long time?",
        clinician="Osteoporosis or long-term steroids",
        points_to=FRACTURE,
    ),
)

# Worked out on submission: triage levels (most urgent first), patterns and ODI bands.

TRIAGE_LEVELS = (
    Term(
        "emergency",
        clinician="Emergency",
        points_to="Same-day assessment: the answers raise the possibility of cauda equina "
        "syndrome or worsening nerve compression.",
        guide_tag="Triage: emergency",
    ),
    Term(
        "urgent",
        clinician="Urgent",
        points_to="Review within days: the answers raise the possibility of infection, "
        "malignancy or fracture.",
        guide_tag="Triage: urgent",
    ),
    Term(
        "routine",
        clinician="Routine",
        points_to="No red-flag answers.",
        guide_tag="Triage: routine",
    ),
)

# What a pattern may suggest is for clinicians only: an intake category, never a diagnosis.
PATTERNS = (
    Term(
        "never_relieved",
        clinician="Never relieved",
        points_to="No benefit at all from the latest operation may suggest that the pain comes "
        "from a source other than the one operated on, or that the operated problem was not "
        "fully corrected (for example residual stenosis or disc material).",
        guide_tag="Pattern: never relieved by surgery",
    ),
    Term(
        "recurred",
        clinician="Recurred after relief",
        points_to="Pain returning in the same area after a better interval may suggest a new "
        "problem at the operated level: recurrent disc herniation, epidural scarring, segmental "
        "instability or a fusion that has not healed.",
        guide_tag="Pattern: came back after relief",
    ),
    Term(
        "new_site",
        clinician="New site",
        points_to="Pain in a different area from before may suggest a problem away from the "
        "operated level: degeneration of the level next to a fusion, or the sacroiliac joint "
        "after lumbar fusion.",
        guide_tag="Pattern: pain in a new place",
    ),
    Term(
        "mixed",
        clinician="Mixed",
        points_to="Some of the original pain alongside pain in a new area may suggest more than "
        "one process at once: consider the causes of both recurrence at the operated level and "
        "pain from a new site.",
        guide_tag="Pattern: old and new pain",
    ),
)

ODI_BANDS = (
    Term("minimal", clinician="Minimal disability (0-20%)"),
    Term("moderate", clinician="Moderate disability (21-40%)"),
    Term("severe", clinician="Severe disability (41-60%)"),
    Term("crippled", clinician="Crippled (61-80%)"),
    Term("bed-bound", clinician="Bed-bound (81-100%)"),
)

# Each operation.

PROCEDURES = (
    Term("discectomy", "Microdiscectomy or discectomy"),
    Term("decompression", "Laminectomy or decompression"),
    Term("fusion", "Spinal fusion (for example PLIF, TLIF)"),
    Term("disc_replacement", "Artificial disc replacement"),
    Term("other", "Other or not sure"),
)

SPINAL_LEVELS = (
    Term("L1-L2", "L1-L2"),
    Term("L2-L3", "L2-L3"),
    Term("L3-L4", "L3-L4"),
    Term("L4-L5", "L4-L5"),
    Term("L5-S1", "L5-S1"),
    Term("thoracic", "Thoracic (middle of the back)"),
    Term("cervical", "Cervical (neck)"),
    Term("not_sure", "Not sure"),
)

RELIEF = (
    Term("none", "No relief"),
    Term("partial", "Some relief"),
    Term("complete", "Complete relief"),
)

RELIEF_LASTED = (
    Term("under_3_months", "Less than 3 months"),
    Term("3_to_12_months", "3 to 12 months"),
    Term("1_to_2_years", "1 to 2 years"),
    Term("over_2_years", "More than 2 years"),
    Term("still", "I still have some relief"),
)

# The pain now.

PAIN_RETURNED = (
    Term("never_improved", "It never got better after my operation"),
    Term("within_3_months", "It came back within 3 months"),
    Term("3_to_12_months", "It came back after 3 to 12 months"),
    Term("after_a_year", "It came back more than a year later"),
)

PAIN_SITES = (
    Term("same", "In the same place as before my first operation"),
    Term("different", "In a different place"),
    Term("both", "Both: some in the same place and some in a new place"),
)

SLEEP_EFFECTS = (
    Term("none", "My sleep is not affected"),
    Term("some_nights", "Pain wakes me some nights"),
    Term("most_nights", "Pain wakes me most nights"),
)

WORK_STATUSES = (
    Term("working", "Working as normal"),
    Term("working_less", "Working, but less or lighter work because of pain"),
    Term("off_work", "Off work because of pain"),
    Term("not_working", "Not working for other reasons, or retired"),
)

# What the patient has tried, and what they would like to discuss.

TREATMENTS_TRIED = (
    Term("physical_therapy", "Physiotherapy or exercise programme"),
    Term(
        "medicines",
        "Pain medicines (for example paracetamol, anti-inflammatories, nerve pain medicines)",
    ),
    Term("opioids", "Strong painkillers such as codeine, tramadol or morphine"),
    Term("injections", "Injections into the spine or nerve blocks"),
    Term("spinal_cord_stimulation", "Spinal cord stimulation"),
    Term("further_surgery", "Further surgery"),
    Term("pain_programme", "Pain management programme or pain psychology"),
)

DISCUSS_OPTIONS = (
    Term(
        "physical_therapy",
        "Physiotherapy and exercise",
        guide_tag="Discuss: physical therapy",
    ),
    Term(
        "pain_psychology",
        "Talking therapy for living with pain",
        guide_tag="Discuss: pain psychology",
    ),
    Term(
        "pain_programme",
        "A pain management programme",
        guide_tag="Discuss: pain programme",
    ),
    Term(
        "medication_review",
        "A review of my medicines",
        guide_tag="Discuss: medication review",
    ),
    Term(
        "injections",
        "Injections or nerve treatments",
        guide_tag="Discuss: injections",
    ),
    Term(
        "spinal_cord_stimulation",
        "Spinal cord stimulation",
        guide_tag="Discuss: spinal cord stimulation",
    ),
    Term(
        "revision_surgery",
        "Whether more surgery could help",
        guide_tag="Discuss: further surgery",
    ),
    Term(
        "specialist_assessment",
        "An assessment by a specialist in pain after back surgery",
        guide_tag="Discuss: specialist assessment",
    ),
    Term("not_sure", "I am not sure yet", guide_tag="Discuss: not sure yet"),
)

# The findings a guide page can be linked to, in the order editors see them.
GUIDE_TAGS = PATTERNS + TRIAGE_LEVELS + DISCUSS_OPTIONS
