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
    one can be tagged on guide pages. ``hint`` is shown to the patient under the question.
    """

    key: str
    patient: str = ""
    clinician: str = ""
    points_to: str = ""
    guide_tag: str = ""
    hint: str = ""

    def __post_init__(self):
        if not self.clinician:
            object.__setattr__(self, "clinician", self.patient)


# The two outlines of the body the pain map is drawn on.
OUTLINE_FRONT = "front"
OUTLINE_BACK = "back"
OUTLINES = (OUTLINE_FRONT, OUTLINE_BACK)


@dataclass(frozen=True, kw_only=True)
class Region(Term):
    """A region of the body on the pain map, and the outline (front or back) it is drawn on."""

    outline: str

    def __post_init__(self):
        super().__post_init__()
        if self.outline not in OUTLINES:
            raise ValueError(f"A region is drawn on one of {OUTLINES}, got {self.outline!r}")


# What a medicine is, for the rules that look at medicines together.
OPIOID = "opioid"
BENZODIAZEPINE = "benzodiazepine"
GABAPENTINOID = "gabapentinoid"
MEDICINE_KINDS = (OPIOID, BENZODIAZEPINE, GABAPENTINOID)

# How a dose is given: tablets and liquids in milligrams, patches by the rate on the patch.
MG = "mg"
MICROGRAMS_AN_HOUR = "microgram_per_hour"


@dataclass(frozen=True, kw_only=True)
class Medicine(Term):
    """
    A pain medicine a patient may take. ``kind`` is one of ``MEDICINE_KINDS`` or empty;
    ``mme_key`` names its row in ``clinical.MME_CONVERSION_FACTORS`` (empty when it is not
    converted to a morphine equivalent); ``dose_unit`` is the unit the patient gives its dose in.
    """

    kind: str = ""
    mme_key: str = ""
    dose_unit: str = MG

    def __post_init__(self):
        super().__post_init__()
        if self.kind and self.kind not in MEDICINE_KINDS:
            raise ValueError(f"A medicine's kind is one of {MEDICINE_KINDS}, got {self.kind!r}")
        if self.dose_unit not in (MG, MICROGRAMS_AN_HOUR):
            raise ValueError(f"Unknown dose unit {self.dose_unit!r}")


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


# Red flags: the safety questions, asked in this order. ``hint`` says why each is asked. The
# safety step asks these; ``RED_FLAGS`` (below the mood questionnaires) is every flag a case can
# carry, these and the one set from an answer elsewhere.

CAUDA_EQUINA = "possible cauda equina syndrome"
CORD_COMPRESSION = "possible spinal cord compression"
INFECTION = "possible infection"
INFECTION_RISK = "raises the risk of spinal infection"
MALIGNANCY = "possible malignancy"
FRACTURE = "possible fracture"
HARDWARE = "possible failure of the fusion or implant"
NON_MECHANICAL = "non-mechanical pain: possible malignancy or infection"
THORACIC = "new thoracic pain: possible malignancy, infection or fracture"

NEW_OR_WORSE = (
    "We ask because this can mean a nerve is being squashed, if it is new or getting worse."
)

SAFETY_QUESTIONS = (
    Term(
        "saddle_numbness",
        "Do you have new numbness, or a strange feeling, between your legs? Or around your "
        "bottom or genitals?",
        clinician="New saddle numbness",
        points_to=CAUDA_EQUINA,
        hint=NEW_OR_WORSE,
    ),
    Term(
        "bladder_change",
        "Is it newly hard to start to pee, or is the flow weaker? Or can you no longer feel when "
        "your bladder is full, or do you leak pee without meaning to?",
        clinician="New bladder disturbance (hesitancy, poor stream, retention or incontinence)",
        points_to=CAUDA_EQUINA,
        hint=NEW_OR_WORSE,
    ),
    Term(
        "bowel_change",
        "Is it newly hard to control your bowels, or can you no longer feel when you need to go?",
        clinician="New bowel disturbance",
        points_to=CAUDA_EQUINA,
        hint=NEW_OR_WORSE,
    ),
    Term(
        "sexual_dysfunction",
        "Is there new loss of feeling in your genitals, or does sex feel different in a new way?",
        clinician="New sexual dysfunction",
        points_to=CAUDA_EQUINA,
        hint=NEW_OR_WORSE,
    ),
    Term(
        "bilateral_leg_symptoms",
        "Is there new pain, numbness or weakness in both legs, or has it spread from one leg to "
        "both?",
        clinician="New or spreading symptoms in both legs",
        points_to=CAUDA_EQUINA,
        hint="We ask because this can mean a nerve is being squashed. If you have had the same "
        "feeling in both legs for a long time, for example when you walk, answer no.",
    ),
    Term(
        "progressive_weakness",
        "Are your legs getting weaker? For example, does your foot drag or your knee give way?",
        clinician="Progressive leg weakness",
        points_to=CAUDA_EQUINA,
        hint=NEW_OR_WORSE,
    ),
    Term(
        "hand_clumsiness",
        "Have your hands become clumsy? For example, do you drop things, or are buttons or "
        "writing newly hard?",
        clinician="New hand clumsiness",
        points_to=CORD_COMPRESSION,
        hint="We ask because this can mean the spinal cord in your neck is being squashed.",
    ),
    Term(
        "unsteady_walking",
        "Have you become unsteady on your feet, or has the way you walk changed?",
        clinician="New unsteady walking or change in gait",
        points_to=CORD_COMPRESSION,
        hint="We ask because this can mean the spinal cord is being squashed, if it is new.",
    ),
    Term(
        "fever_or_unwell",
        "Do you have a fever, or do you feel unwell, as well as your back pain?",
        clinician="Fever or feeling unwell",
        points_to=INFECTION,
        hint="We ask because this can be a sign of an infection in the spine.",
    ),
    Term(
        "wound_problem",
        "Is your operation wound red, swollen, hot or leaking?",
        clinician="Wound red, swollen, hot or leaking",
        points_to=INFECTION,
        hint="We ask because this can be a sign of an infection.",
    ),
    Term(
        "injects_drugs",
        "Do you inject drugs?",
        clinician="Injecting drug use",
        points_to=INFECTION_RISK,
        hint="We ask because it makes an infection in the spine more likely. Your answer is "
        "only used for your care.",
    ),
    Term(
        "immunosuppressed",
        "Do you take medicine that makes it harder for your body to fight germs? Or do you have "
        "an illness that does this? For example, cancer care, or medicine after a transplant.",
        clinician="Immunosuppressed (medicine or illness)",
        points_to=INFECTION_RISK,
        hint="We ask because it makes an infection in the spine more likely.",
    ),
    Term(
        "cancer_history",
        "Have you ever had cancer?",
        clinician="History of cancer",
        points_to=MALIGNANCY,
        hint="We ask because, rarely, back pain can be caused by cancer that has spread.",
    ),
    Term(
        "weight_loss",
        "Have you lost weight lately without trying?",
        clinician="Unexplained weight loss",
        points_to=MALIGNANCY,
        hint="We ask because weight loss with no reason should be checked.",
    ),
    Term(
        "night_pain",
        "Is your pain there all the time, even when you rest or change position, and does it "
        "wake you at night?",
        clinician="Constant pain, not eased by rest or position, waking at night",
        points_to=NON_MECHANICAL,
        hint="We ask because pain that never eases can have a cause that needs to be checked.",
    ),
    Term(
        "thoracic_pain",
        "Do you have new pain in the middle of your back?",
        clinician="New thoracic (mid-back) pain",
        points_to=THORACIC,
        hint="We ask because new pain there should be checked.",
    ),
    Term(
        "significant_injury",
        "Have you had a bad fall or an injury to your back since your operation?",
        clinician="Fall or injury since the operation",
        points_to=FRACTURE,
        hint="We ask because a fall can break a bone in the spine.",
    ),
    Term(
        "osteoporosis_or_steroids",
        "Do you have thin bones (osteoporosis)? Or have you taken steroid tablets for a long time?",
        clinician="Osteoporosis or long-term steroids",
        points_to=FRACTURE,
        hint="We ask because thin bones break more easily.",
    ),
    Term(
        "hardware_symptoms",
        "Do you have metal work or a device in your back? If so, is there a new clunk or a "
        "feeling that it shifts? Or a sudden new pain where you had the operation? Or metal you "
        "can feel under your skin?",
        clinician="After fusion or implant: new clunk or shifting, sudden pain at the operated "
        "level, or metal felt under the skin",
        points_to=HARDWARE,
        hint="We ask because metal work can come loose or break. If you have no metal work, "
        "answer no.",
    ),
)

# Worked out on submission: triage levels (most urgent first), patterns and ODI bands.

TRIAGE_LEVELS = (
    Term(
        "emergency",
        clinician="Emergency",
        points_to="Same-day assessment: the answers raise the possibility of cauda equina "
        "syndrome, spinal cord compression, or an infection soon after surgery or with a risk "
        "factor.",
        guide_tag="Triage: emergency",
    ),
    Term(
        "urgent",
        clinician="Urgent",
        points_to="Review within days: the answers raise the possibility of infection, "
        "malignancy, fracture or a failed fusion or implant, or the last operation was less "
        "than 3 months ago. Thoughts of self-harm (PHQ-9 item 9) are urgent too, and call for "
        "a clinician to contact the patient the same day.",
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
        points_to="No benefit at all from the latest operation, or pain worse after it, may "
        "suggest that the pain comes from a source other than the one operated on, or that the "
        "operated problem was not fully corrected (for example residual stenosis or disc "
        "material).",
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

# About you.

DATE_OF_BIRTH = Term(
    "date_of_birth",
    "Date of birth",
    hint="Day, month and year, for example 27 03 1968.",
)

# Each operation. A procedure's and a level's patient wording says in plain words what it is,
# with the name a discharge letter uses in brackets; clinicians read the name.

OPERATION_DATE = Term(
    "date_precision",
    "When was this operation?",
    clinician="How exact the date is",
)
DATE_PRECISIONS = (
    Term("month", "Month and year", clinician="Month and year"),
    Term("year", "Only the year", clinician="Year only"),
    Term("about", "Roughly the year", clinician="Approximate year"),
    Term("unknown", "I do not know", clinician="Date not known"),
)
OPERATION_MONTH = Term("month", "Month", hint="Only if you know the month.")
OPERATION_YEAR = Term("year", "Year", hint="Only if you know it, even roughly.")

PROCEDURE = Term(
    "procedure",
    "What was done?",
    clinician="Procedure",
)
PROCEDURES = (
    Term(
        "discectomy",
        "Part of a disc taken out (discectomy)",
        clinician="Microdiscectomy or discectomy",
    ),
    Term(
        "decompression",
        "Bone taken off the nerves (laminectomy)",
        clinician="Laminectomy or decompression",
    ),
    Term(
        "fusion",
        "Bones joined with screws (fusion, PLIF, TLIF)",
        clinician="Spinal fusion (for example PLIF, TLIF)",
    ),
    Term(
        "disc_replacement",
        "New man-made disc (disc replacement)",
        clinician="Artificial disc replacement",
    ),
    Term("other", "Something else, or I am not sure", clinician="Other or not sure"),
)
PROCEDURE_OTHER = Term(
    "procedure_other",
    "Tell us what was done, in your own words",
    clinician="Procedure (in the patient's words)",
    hint="Only if you chose 'Something else, or I am not sure'. Then we need it.",
)

SPINAL_LEVEL = Term(
    "levels",
    "Which part of your back? Tick all that apply.",
    clinician="Spinal levels",
    hint="L1 to L5 are the bones of the lower back; S1 is just below them.",
)
SPINAL_LEVELS = (
    Term("L1-L2", "L1-L2"),
    Term("L2-L3", "L2-L3"),
    Term("L3-L4", "L3-L4"),
    Term("L4-L5", "L4-L5"),
    Term("L5-S1", "L5-S1"),
    Term("cervical", "Neck", clinician="Cervical"),
    Term("thoracic", "Middle of back", clinician="Thoracic"),
    Term("not_sure", "I am not sure", clinician="Not sure"),
    Term("lumbar", "Lower back, not sure which level", clinician="Lumbar, level not known"),
)

RELIEF_QUESTION = Term(
    "relief",
    "Did this operation help your pain?",
    clinician="Relief afterwards",
)
RELIEF = (
    Term("complete", "Yes, completely", clinician="Complete relief"),
    Term("partial", "It helped a bit", clinician="Some relief"),
    Term("none", "It did not help", clinician="No relief"),
    Term("worse", "No, it got worse", clinician="Worse after the operation"),
)
RELIEF_LASTED_QUESTION = Term(
    "relief_lasted",
    "How long was it until the pain came back?",
    clinician="Relief lasted",
    hint="Only if the operation helped.",
)
RELIEF_LASTED = (
    Term("under_3_months", "Under 3 months", clinician="Less than 3 months"),
    Term("3_to_12_months", "3 to 12 months"),
    Term("1_to_2_years", "1 to 2 years"),
    Term("over_2_years", "Over 2 years", clinician="More than 2 years"),
    Term("still", "It has not come back", clinician="Still has some relief"),
)

# The pain now.

# Asked once for all operations by intakes sent before relief was asked per operation; kept so
# those cases still read.
PAIN_RETURNED = (
    Term("never_improved", "It never got better after my operation"),
    Term("within_3_months", "It came back within 3 months"),
    Term("3_to_12_months", "It came back after 3 to 12 months"),
    Term("after_a_year", "It came back more than a year later"),
)

PAIN_SITE = Term(
    "pain_site",
    "Where is your pain now, compared with before your most recent operation?",
    clinician="Where the pain is, compared with before the most recent operation",
)
PAIN_SITES = (
    Term(
        "same",
        "In the same place as before that operation",
        clinician="Same place as before the most recent operation",
    ),
    Term("different", "In a different place"),
    Term("both", "Both: some in the same place and some in a new place"),
)

SLEEP_EFFECTS = (
    Term("none", "Not at all", clinician="Sleep not affected"),
    Term("some_nights", "Some nights", clinician="Pain wakes them some nights"),
    Term("most_nights", "Most nights", clinician="Pain wakes them most nights"),
)

WORK_STATUSES = (
    Term("working", "Working as normal"),
    Term(
        "working_less",
        "Working less because of pain",
        clinician="Working, but less or lighter work because of pain",
    ),
    Term("off_work", "Off work because of pain"),
    Term(
        "not_working",
        "Retired, or not working for other reasons",
        clinician="Not working for other reasons, or retired",
    ),
)

# What the patient has tried, and what they would like to discuss. Patients read short words
# (two to a row on a phone); clinicians read the full names.

TREATMENTS_TRIED = (
    Term("physical_therapy", "Physio or exercise", clinician="Physiotherapy or exercise programme"),
    Term(
        "medicines",
        "Painkillers or nerve pain medicines",
        clinician="Pain medicines (for example paracetamol, anti-inflammatories, nerve pain "
        "medicines)",
    ),
    Term(
        "opioids",
        "Strong painkillers (codeine, morphine)",
        clinician="Strong painkillers such as codeine, tramadol or morphine",
    ),
    Term(
        "injections",
        "Spine injections or nerve blocks",
        clinician="Injections into the spine or nerve blocks",
    ),
    # Separate from having one put in: the trial decides whether a stimulator is fitted, and
    # a trial that did not help matters as much as one that did.
    Term("scs_trial", "Stimulator trial", clinician="Spinal cord stimulator trial"),
    Term("spinal_cord_stimulation", "Stimulator fitted", clinician="Spinal cord stimulation"),
    Term("further_surgery", "Further surgery"),
    Term(
        "pain_programme",
        "Pain programme or psychology",
        clinician="Pain management programme or pain psychology",
    ),
)

DISCUSS_OPTIONS = (
    Term(
        "physical_therapy",
        "Physio and exercise",
        clinician="Physiotherapy and exercise",
        guide_tag="Discuss: physical therapy",
    ),
    Term(
        "pain_psychology",
        "Talking therapy",
        clinician="Talking therapy for living with pain",
        guide_tag="Discuss: pain psychology",
    ),
    Term(
        "pain_programme",
        "Pain programme",
        clinician="A pain management programme",
        guide_tag="Discuss: pain programme",
    ),
    Term(
        "medication_review",
        "My medicines",
        clinician="A review of their medicines",
        guide_tag="Discuss: medication review",
    ),
    Term(
        "injections",
        "Injections",
        clinician="Injections or nerve treatments",
        guide_tag="Discuss: injections",
    ),
    Term(
        "spinal_cord_stimulation",
        "Spinal stimulator",
        clinician="Spinal cord stimulation",
        guide_tag="Discuss: spinal cord stimulation",
    ),
    Term(
        "revision_surgery",
        "More surgery",
        clinician="Whether more surgery could help",
        guide_tag="Discuss: further surgery",
    ),
    Term(
        "specialist_assessment",
        "Seeing a specialist",
        clinician="An assessment by a specialist in pain after back surgery",
        guide_tag="Discuss: specialist assessment",
    ),
    Term("not_sure", "Not sure yet", clinician="Not sure yet", guide_tag="Discuss: not sure yet"),
)

# The findings a guide page can be linked to, in the order editors see them.
GUIDE_TAGS = PATTERNS + TRIAGE_LEVELS + DISCUSS_OPTIONS

# The first operation, and the pain before it.

FIRST_OPERATION_REASON = Term(
    "first_operation_reason",
    "What was your first operation meant to help?",
    clinician="First operation done for",
)
FIRST_OPERATION_REASONS = (
    Term("leg_pain", "Pain in my leg", clinician="Leg pain"),
    Term("back_pain", "Pain in my back", clinician="Back pain"),
    Term("both", "Back and leg pain", clinician="Back and leg pain"),
    Term("other", "Something else", clinician="Other reason"),
    Term("not_sure", "I am not sure", clinician="Not sure"),
)

# The same keys say which pain was worse before the first operation (the patient's answer) and
# which is worse now (worked out from the pain scores by ``clinical.pain_dominance``), so the
# two can be compared.
DOMINANT_PAIN_BEFORE_QUESTION = Term(
    "dominant_pain_before",
    "Before your first operation, which pain was worse?",
    clinician="Worse pain before the first operation",
)
DOMINANT_PAIN_BEFORE = (
    Term("leg", "My leg pain", clinician="Leg-dominant"),
    Term("back", "My back pain", clinician="Back-dominant"),
    Term("equal", "About the same", clinician="Back and leg about equal"),
    Term("not_sure", "I am not sure", clinician="Not sure"),
)

# A question of fact the patient may not know the answer to (diabetes, blood thinners, metal
# left in after an operation).
YES_NO_NOT_SURE = (
    Term("yes", "Yes"),
    Term("no", "No"),
    Term("not_sure", "Not sure"),
)

# The pain map: where it hurts, before the first operation and now, on a front and a back
# outline. Left and right are the patient's own.

PAIN_MAP_BEFORE = Term(
    "pain_regions_before",
    "Before your first operation, where did it hurt? Tick all that apply.",
    clinician="Pain before the first operation",
)
PAIN_MAP_NOW = Term(
    "pain_regions_now",
    "Where does it hurt now? Tick all that apply.",
    clinician="Pain now",
)
PAIN_REGIONS = (
    Region("neck", "Neck", outline=OUTLINE_BACK),
    Region("upper_back", "Upper back, between the shoulder blades", outline=OUTLINE_BACK),
    Region(
        "middle_back", "Middle of the back", clinician="Thoracic (mid-back)", outline=OUTLINE_BACK
    ),
    Region(
        "lower_back_left",
        "Lower back, left side",
        clinician="Lumbar, left",
        outline=OUTLINE_BACK,
    ),
    Region(
        "lower_back_centre",
        "Lower back, in the middle",
        clinician="Lumbar, central",
        outline=OUTLINE_BACK,
    ),
    Region(
        "lower_back_right",
        "Lower back, right side",
        clinician="Lumbar, right",
        outline=OUTLINE_BACK,
    ),
    Region("buttock_left", "Left buttock", outline=OUTLINE_BACK),
    Region("buttock_right", "Right buttock", outline=OUTLINE_BACK),
    Region("thigh_back_left", "Back of the left thigh", outline=OUTLINE_BACK),
    Region("thigh_back_right", "Back of the right thigh", outline=OUTLINE_BACK),
    Region("calf_left", "Left calf", outline=OUTLINE_BACK),
    Region("calf_right", "Right calf", outline=OUTLINE_BACK),
    Region("groin_left", "Left groin", outline=OUTLINE_FRONT),
    Region("groin_right", "Right groin", outline=OUTLINE_FRONT),
    Region("thigh_front_left", "Front of the left thigh", outline=OUTLINE_FRONT),
    Region("thigh_front_right", "Front of the right thigh", outline=OUTLINE_FRONT),
    Region("knee_left", "Left knee", outline=OUTLINE_FRONT),
    Region("knee_right", "Right knee", outline=OUTLINE_FRONT),
    Region("shin_left", "Left shin", outline=OUTLINE_FRONT),
    Region("shin_right", "Right shin", outline=OUTLINE_FRONT),
    Region("foot_left", "Left foot", outline=OUTLINE_FRONT),
    Region("foot_right", "Right foot", outline=OUTLINE_FRONT),
    Region("arm_left", "Left arm", outline=OUTLINE_FRONT),
    Region("arm_right", "Right arm", outline=OUTLINE_FRONT),
    Region("hand_left", "Left hand", outline=OUTLINE_FRONT),
    Region("hand_right", "Right hand", outline=OUTLINE_FRONT),
)

# Nerve-pain features: descriptors a clinician reads, not a validated score (DN4 and
# painDETECT are licensed; a clinic holding a licence loads their wording).

NERVE_PAIN_QUESTION = Term(
    "nerve_pain_features",
    "Does the pain in your leg feel like any of these? Tick all that apply.",
    clinician="Nerve-pain features",
    hint="Only if you have pain in your leg.",
)
NERVE_PAIN_FEATURES = (
    Term("burning", "Burning", clinician="Burning pain"),
    Term("electric_shocks", "Electric shocks", clinician="Electric-shock-like pain"),
    Term("pins_and_needles", "Pins and needles", clinician="Pins and needles"),
    Term("numbness", "Numb or dead", clinician="Numbness"),
    Term(
        "touch_pain",
        "Hurts to light touch, like clothes or a sheet",
        clinician="Pain from light touch (allodynia)",
    ),
)

# Medicines.

PAIN_MEDICINES_QUESTION = Term(
    "pain_medicines",
    "Which medicines do you take for your pain now? Tick all that apply.",
    clinician="Current pain medicines",
    hint="The box says the name and the dose. Zomorph is morphine, OxyContin is oxycodone, "
    "Butrans is buprenorphine.",
)
PAIN_MEDICINES = (
    Medicine("paracetamol", "Paracetamol", clinician="Paracetamol"),
    Medicine(
        "nsaid",
        "Ibuprofen or naproxen",
        clinician="NSAID (for example ibuprofen, naproxen)",
    ),
    Medicine("codeine", "Codeine", kind=OPIOID, mme_key="codeine"),
    Medicine(
        "co_codamol",
        "Co-codamol",
        clinician="Co-codamol (dose as codeine)",
        hint="Give the codeine part of the dose: the first number on the box, for example 30 "
        "in 30/500.",
        kind=OPIOID,
        mme_key="codeine",
    ),
    Medicine("dihydrocodeine", "Dihydrocodeine", kind=OPIOID, mme_key="dihydrocodeine"),
    Medicine("tramadol", "Tramadol", kind=OPIOID, mme_key="tramadol"),
    Medicine("tapentadol", "Tapentadol", kind=OPIOID, mme_key="tapentadol"),
    Medicine(
        "morphine",
        "Morphine",
        clinician="Morphine",
        kind=OPIOID,
        mme_key="morphine",
    ),
    Medicine(
        "oxycodone",
        "Oxycodone",
        clinician="Oxycodone",
        kind=OPIOID,
        mme_key="oxycodone",
    ),
    Medicine(
        "fentanyl_patch",
        "Fentanyl patch",
        clinician="Fentanyl patch (transdermal)",
        kind=OPIOID,
        mme_key="fentanyl_patch",
        dose_unit=MICROGRAMS_AN_HOUR,
    ),
    # Not converted: its morphine equivalent depends on the formulation and is not linear.
    Medicine(
        "buprenorphine_patch",
        "Buprenorphine patch",
        clinician="Buprenorphine patch (transdermal)",
        kind=OPIOID,
        dose_unit=MICROGRAMS_AN_HOUR,
    ),
    Medicine("gabapentin", "Gabapentin", kind=GABAPENTINOID),
    Medicine("pregabalin", "Pregabalin", kind=GABAPENTINOID),
    Medicine("amitriptyline", "Amitriptyline"),
    Medicine("duloxetine", "Duloxetine"),
    Medicine("diazepam", "Diazepam", kind=BENZODIAZEPINE),
    Medicine(
        "other_benzodiazepine",
        "Lorazepam or similar",
        clinician="Other benzodiazepine",
        kind=BENZODIAZEPINE,
    ),
    Medicine("other", "Another medicine", clinician="Other medicine"),
)
DOSE_UNITS = (
    Term(MG, "mg", clinician="mg"),
    Term(
        MICROGRAMS_AN_HOUR,
        "micrograms an hour (the number on the patch)",
        clinician="micrograms/hour",
    ),
)
DOSE_FREQUENCIES = (
    # Patients answer "how many times a day?"
    Term("once_a_day", "1", clinician="Once a day"),
    Term("twice_a_day", "2", clinician="Twice a day"),
    Term("three_times_a_day", "3", clinician="Three times a day"),
    Term("four_times_a_day", "4", clinician="Four times a day"),
    Term("when_needed", "When needed", clinician="When needed"),
    Term("not_sure", "Not sure", clinician="Not sure"),
)

# A daily morphine equivalent's band and the medicines flagged together, for clinicians.
MME_BANDS = (
    Term("none", clinician="No converted opioid (0 mg/day)"),
    Term("low", clinician="Below 50 mg/day"),
    Term("moderate", clinician="50 to below 90 mg/day: caution (CDC 2022)"),
    Term("high", clinician="90 mg/day or more: avoid increasing (CDC 2022)"),
)
CO_PRESCRIPTION_FLAGS = (
    Term(
        "opioid_with_benzodiazepine",
        clinician="Opioid with a benzodiazepine",
        points_to="raises the risk of respiratory depression",
    ),
    Term(
        "opioid_with_gabapentinoid",
        clinician="Opioid with a gabapentinoid",
        points_to="raises the risk of respiratory depression",
    ),
)

# Mood: the PHQ-9 and the GAD-7 in their published wording, which must not be changed, with
# their credit. Both share their answers; an answer's key is its score.

PHQ_GAD_CREDIT = (
    "PHQ-9 and GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues, with an educational grant from Pfizer Inc. No permission required to "
    "reproduce, translate, display or distribute."
)
PHQ9_QUESTION = Term(
    "phq9",
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    clinician="PHQ-9 (depression)",
)
PHQ9_ITEMS = (
    Term("phq9_1", "Little interest or pleasure in doing things"),
    Term("phq9_2", "Feeling down, depressed, or hopeless"),
    Term("phq9_3", "Trouble falling or staying asleep, or sleeping too much"),
    Term("phq9_4", "Feeling tired or having little energy"),
    Term("phq9_5", "Poor appetite or overeating"),
    Term(
        "phq9_6",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
    ),
    Term(
        "phq9_7",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    Term(
        "phq9_8",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
    ),
    Term("phq9_9", "Thoughts that you would be better off dead or of hurting yourself in some way"),
)
GAD7_QUESTION = Term(
    "gad7",
    "Over the last 2 weeks, how often have you been bothered by the following problems?",
    clinician="GAD-7 (anxiety)",
)
GAD7_ITEMS = (
    Term("gad7_1", "Feeling nervous, anxious or on edge"),
    Term("gad7_2", "Not being able to stop or control worrying"),
    Term("gad7_3", "Worrying too much about different things"),
    Term("gad7_4", "Trouble relaxing"),
    Term("gad7_5", "Being so restless that it is hard to sit still"),
    Term("gad7_6", "Becoming easily annoyed or irritable"),
    Term("gad7_7", "Feeling afraid as if something awful might happen"),
)
MOOD_ANSWERS = (
    Term("0", "Not at all"),
    Term("1", "Several days"),
    Term("2", "More than half the days"),
    Term("3", "Nearly every day"),
)
PHQ9_BANDS = (
    Term("minimal", clinician="Minimal depressive symptoms (0-4)"),
    Term("mild", clinician="Mild depressive symptoms (5-9)"),
    Term("moderate", clinician="Moderate depressive symptoms (10-14)"),
    Term("moderately_severe", clinician="Moderately severe depressive symptoms (15-19)"),
    Term("severe", clinician="Severe depressive symptoms (20-27)"),
)
GAD7_BANDS = (
    Term("minimal", clinician="Minimal anxiety (0-4)"),
    Term("mild", clinician="Mild anxiety (5-9)"),
    Term("moderate", clinician="Moderate anxiety (10-14)"),
    Term("severe", clinician="Severe anxiety (15-21)"),
)

# Every red flag a case can carry: the safety questions, and thoughts of self-harm, which is
# not asked on the safety step but set by any answer above "Not at all" to PHQ-9 item 9. The
# patient's wording is that item, the words they answered.
SELF_HARM = "risk of suicide or self-harm: a clinician contacts the patient the same day"
SELF_HARM_THOUGHTS = Term(
    "self_harm_thoughts",
    PHQ9_ITEMS[8].patient,
    clinician="Thoughts of being better off dead or of self-harm (PHQ-9 item 9 above 0)",
    points_to=SELF_HARM,
)
RED_FLAGS = SAFETY_QUESTIONS + (SELF_HARM_THOUGHTS,)

# Other factors.

SMOKING = (
    Term("never", "Never", clinician="Never smoked"),
    Term("used_to", "Used to", clinician="Ex-smoker"),
    Term("yes", "Yes", clinician="Smokes"),
)
SCAN_TYPES = (
    Term("mri", "MRI scan", clinician="MRI"),
    Term("ct", "CT scan", clinician="CT"),
    Term("xray", "X-ray", clinician="X-ray"),
    Term("other", "Another scan", clinician="Other imaging"),
    Term("none_or_not_sure", "None or not sure", clinician="None or not sure"),
)
TREATMENT_RESPONSES = (
    Term("helped", "Helped", clinician="Helped"),
    Term("did_not_help", "Did not help", clinician="Did not help"),
    Term("too_early", "Too early", clinician="Too early to say"),
)

# At a follow-up: the patient's own view of the change since the start of care (7 points).
GLOBAL_CHANGE_QUESTION = Term(
    "global_change",
    "Since you started care with us, how are you overall?",
    clinician="Patient's global impression of change since the start of care",
)
GLOBAL_CHANGE = (
    Term("very_much_better", "Very much better"),
    Term("much_better", "A lot better", clinician="Much better"),
    Term("a_little_better", "A little better"),
    Term("no_change", "About the same", clinician="No change"),
    Term("a_little_worse", "A little worse"),
    Term("much_worse", "A lot worse", clinician="Much worse"),
    Term("very_much_worse", "Very much worse"),
)

# The spinal cord stimulation checklist (NICE TA159), for clinicians only: never shown to the
# patient as advice. Each item is met, not met or unknown.
SCS_CHECKLIST = (
    Term(
        "leg_dominant_neuropathic",
        clinician="Leg-dominant pain with nerve-pain features",
    ),
    Term(
        "six_months_since_operation",
        clinician="At least 6 months since the last operation",
    ),
    Term("pain_at_least_5", clinician="Leg pain at least 5/10"),
    Term("conservative_treatment_tried", clinician="Conservative treatment tried"),
    Term("psychological_assessment", clinician="Psychological assessment done"),
)
SCS_STATUSES = (
    Term("met", clinician="Met"),
    Term("not_met", clinician="Not met"),
    Term("unknown", clinician="Unknown"),
)

# Follow-ups: how a measure changed from the start of care.
MEASURES = (
    Term("nrs", clinician="Pain (0-10)"),
    Term("odi", clinician="Oswestry Disability Index"),
    Term("peg", clinician="PEG (pain, enjoyment, activity)"),
)
CHANGE_CATEGORIES = (
    Term("improved", clinician="Improved"),
    Term("no_change", clinician="No change that matters"),
    Term("worse", clinician="Worse"),
)
