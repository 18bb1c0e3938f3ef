"""Every clinical key has every wording its readers need, and the rules know exactly these keys."""

import pytest

from education.rendering import READING_AGE_CEILING, READING_AGE_TARGET, reading_stats
from intake import clinical, vocabulary

# The groups patients answer in the intake, and those worked out for clinicians only.
PATIENT_GROUPS = {
    "red flags": vocabulary.RED_FLAGS,
    "procedures": vocabulary.PROCEDURES,
    "spinal levels": vocabulary.SPINAL_LEVELS,
    "relief": vocabulary.RELIEF,
    "relief lasted": vocabulary.RELIEF_LASTED,
    "pain returned": vocabulary.PAIN_RETURNED,
    "pain sites": vocabulary.PAIN_SITES,
    "sleep effects": vocabulary.SLEEP_EFFECTS,
    "work statuses": vocabulary.WORK_STATUSES,
    "treatments tried": vocabulary.TREATMENTS_TRIED,
    "discuss options": vocabulary.DISCUSS_OPTIONS,
}
CLINICIAN_GROUPS = {
    "triage levels": vocabulary.TRIAGE_LEVELS,
    "patterns": vocabulary.PATTERNS,
    "ODI bands": vocabulary.ODI_BANDS,
}
GROUPS = PATIENT_GROUPS | CLINICIAN_GROUPS


def _words(text):
    return bool(text) and text == text.strip()


@pytest.mark.parametrize("terms", GROUPS.values(), ids=GROUPS.keys())
def test_keys_are_unique_in_each_group_and_every_key_has_clinician_wording(terms):
    keys = vocabulary.keys(terms)
    assert len(set(keys)) == len(keys)
    assert all(_words(term.clinician) for term in terms)


@pytest.mark.parametrize("terms", PATIENT_GROUPS.values(), ids=PATIENT_GROUPS.keys())
def test_every_key_a_patient_answers_has_patient_wording(terms):
    assert all(_words(term.patient) for term in terms)


@pytest.mark.parametrize("terms", CLINICIAN_GROUPS.values(), ids=CLINICIAN_GROUPS.keys())
def test_keys_worked_out_for_clinicians_are_never_worded_for_patients(terms):
    assert not any(term.patient for term in terms)


def test_every_red_flag_says_what_it_may_point_to_and_tells_the_patient_why_it_is_asked():
    for flag in vocabulary.RED_FLAGS:
        assert "possible " in flag.points_to or "risk" in flag.points_to, flag.key
    for flag in vocabulary.SAFETY_QUESTIONS:
        assert flag.hint.startswith("We ask because"), flag.key


@pytest.mark.parametrize("pattern", vocabulary.PATTERNS, ids=vocabulary.keys(vocabulary.PATTERNS))
def test_every_pattern_says_what_it_may_suggest_and_never_states_a_diagnosis(pattern):
    text = pattern.points_to.lower()
    assert "may suggest" in text
    for certain in (
        "diagnos",
        " is caused by",
        " means that",
        " confirms",
        " definitely",
        " shows",
    ):
        assert certain not in text, certain


def test_every_triage_level_says_what_it_asks_of_the_clinic():
    assert all(_words(level.points_to) for level in vocabulary.TRIAGE_LEVELS)


def test_discuss_options_patterns_and_triage_levels_are_the_guide_tags_each_with_a_label():
    findings = vocabulary.DISCUSS_OPTIONS + vocabulary.PATTERNS + vocabulary.TRIAGE_LEVELS
    tagged = {term for terms in GROUPS.values() for term in terms if term.guide_tag}

    assert set(vocabulary.GUIDE_TAGS) == set(findings) == tagged
    assert all(_words(term.guide_tag) for term in findings)
    keys = vocabulary.keys(vocabulary.GUIDE_TAGS)
    assert len(set(keys)) == len(keys)


def test_the_triage_rule_places_every_red_flag_exactly_once():
    groups = [clinical.EMERGENCY_FLAGS, clinical.INFECTION_FLAGS, clinical.URGENT_FLAGS]
    assert sum(len(group) for group in groups) == len(clinical.RED_FLAGS)
    assert set().union(*groups) == set(vocabulary.keys(vocabulary.RED_FLAGS))


def test_red_flags_are_asked_most_urgent_first():
    levels = [clinical.triage_level({key}) for key in clinical.SAFETY_QUESTIONS]
    assert levels == sorted(levels, key=clinical.TRIAGE_LEVELS.index)


@pytest.mark.parametrize(
    ("terms", "rule_keys"),
    [
        (vocabulary.TRIAGE_LEVELS, clinical.TRIAGE_LEVELS),
        (vocabulary.PATTERNS, clinical.PATTERNS),
        (
            vocabulary.ODI_BANDS,
            tuple(name for _, name in clinical.ODI_BANDS) + (clinical.ODI_BAND_ABOVE,),
        ),
    ],
    ids=["triage levels", "patterns", "ODI bands"],
)
def test_the_rules_work_out_exactly_the_keys_the_vocabulary_words(terms, rule_keys):
    assert vocabulary.keys(terms) == rule_keys


def test_a_term_without_clinician_wording_shows_clinicians_the_patients_words():
    term = vocabulary.Term("key", "What the patient read")

    assert term.clinician == "What the patient read"


def test_the_safety_questions_are_plain_words():
    questions = [f"{flag.patient} {flag.hint}" for flag in vocabulary.SAFETY_QUESTIONS]
    assert reading_stats("\n\n".join(questions)).reading_age <= READING_AGE_TARGET
    for question in questions:
        assert reading_stats(question).reading_age <= READING_AGE_CEILING, question
