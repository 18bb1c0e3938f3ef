"""
The clinician's one-screen FBSS assessment: the summary's values, the pain maps as drawn, the
print view, the CSV's labelled columns and the triage list's new filters.
"""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import clinical, summary, vocabulary
from intake.models import Case
from tests.conftest import valid_steps
from tests.factories import CaseFactory, medicine_data, operation_data

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/intake/case/"
PAINFUL = "#b02a37"


def change_url(case):
    return f"/admin/intake/case/{case.pk}/change/"


def print_url(case):
    return f"/admin/intake/case/{case.pk}/print/"


def assessment_of(case):
    return summary.case_summary(case, case.operations.all(), today=timezone.localdate())[
        "assessment"
    ]


@pytest.fixture
def reference_case(patient):
    """The reference patient, sent through the intake as a browser would."""
    patient.complete(valid_steps())
    return Case.objects.get()


# The summary's values for the reference patient


def test_reference_patient_morphine_equivalent_and_co_prescription(reference_case):
    a = assessment_of(reference_case)

    assert a["mme"]["total"] == "40"  # tramadol 50 mg x 4 = 200 mg x 0.2
    assert a["mme"]["band_key"] == "low"
    assert a["mme"]["band"] == "Below 50 mg/day"
    assert a["mme"]["not_converted"] == []
    assert a["mme"]["co_prescriptions"] == [
        {
            "label": "Opioid with a gabapentinoid",
            "concern": "raises the risk of respiratory depression",
        }
    ]
    assert [(row["label"], row["dose"], row["mme"]) for row in a["medicines"]] == [
        ("Tramadol", "50 mg, four times a day", "40"),
        ("Pregabalin", "75 mg, twice a day", None),
    ]


def test_reference_patient_mood_is_a_negative_short_screen(reference_case):
    mood = assessment_of(reference_case)["mood"]

    assert mood["phq"] == {
        "full": False,
        "name": "PHQ-2",
        "score": 2,
        "out_of": 6,
        "positive": False,
        "screen": "screen negative (below 3)",
    }
    assert (mood["gad"]["name"], mood["gad"]["score"], mood["gad"]["positive"]) == (
        "GAD-2",
        1,
        False,
    )
    assert mood["item9"] == {"asked": True, "value": 0, "answer": "Not at all", "flag": False}


def test_reference_patient_health_dominance_nerve_pain_and_treatments(reference_case):
    a = assessment_of(reference_case)

    assert (a["health"]["bmi"], a["health"]["height_cm"], a["health"]["weight_kg"]) == (
        "28.4",
        172,
        "84",
    )
    assert (a["health"]["smoking"], a["health"]["diabetes"]) == ("Never smoked", "No")
    assert a["health"]["blood_thinners"] == "No"
    assert a["health"]["scan"] == {"type": "MRI", "year": 2023, "where": ""}
    assert a["dominance"] == {
        "reason": "Leg pain",
        "before": "Leg-dominant",
        "now": "Leg-dominant",
        "now_key": "leg",
        "changed": False,
        "change": "Unchanged",
    }
    assert a["nerve_pain"]["features"] == ["Pins and needles", "Numbness"]
    assert [(row["label"], row["response"]) for row in a["treatments"]] == [
        ("Physiotherapy or exercise programme", "Did not help"),
        ("Strong painkillers such as codeine, tramadol or morphine", "Helped"),
    ]


def test_reference_patient_stimulation_checklist(reference_case):
    checklist = assessment_of(reference_case)["scs_checklist"]

    assert [(row["key"], row["status"]) for row in checklist] == [
        ("leg_dominant_neuropathic", "Met"),  # leg 6 > back 5, numbness, pins and needles
        ("six_months_since_operation", "Met"),  # March 2021
        ("pain_at_least_5", "Met"),  # leg 6
        ("conservative_treatment_tried", "Met"),  # physiotherapy, strong painkillers
        ("psychological_assessment", "Unknown"),  # the intake has no such question
    ]
    assert checklist[4]["detail"] == summary.PSYCHOLOGICAL_ASSESSMENT_UNKNOWN


def test_operations_show_relief_and_whether_metal_was_left_in():
    case = CaseFactory(assessed=True)

    operations = summary.case_summary(case, case.operations.all(), today=timezone.localdate())[
        "operations"
    ]

    assert [(op["procedure"], op["relief"], op["implant_left_in"]) for op in operations] == [
        ("Microdiscectomy or discectomy", "Complete relief", ""),
        ("Spinal fusion (for example PLIF, TLIF)", "Some relief", "Yes"),
    ]


def test_a_fusion_without_the_answer_says_it_was_not_answered(reference_case):
    operations = summary.operation_rows(reference_case.operations.all())

    assert operations[1]["implant_left_in"] == "Not answered"


# The stimulation checklist's rules


@pytest.mark.parametrize(
    ("treatments", "medicines", "tried"),
    [
        (["physical_therapy"], [], True),
        (["pain_programme"], [], True),
        (["medicines"], [], True),
        (["opioids"], [], True),
        (["injections", "further_surgery"], [], False),
        (["scs_trial"], [], False),
        ([], [medicine_data("paracetamol", 1000, "four_times_a_day")], True),
        (["injections"], [medicine_data("gabapentin", 300, "three_times_a_day")], True),
        ([], [], None),
    ],
)
def test_conservative_treatment_tried(treatments, medicines, tried):
    assert summary.conservative_treatment_tried(treatments, medicines) is tried


def _statuses(case):
    return {row["key"]: row["status_key"] for row in assessment_of(case)["scs_checklist"]}


def test_checklist_back_dominant_pain_is_not_met():
    case = CaseFactory(assessed=True, back_pain_average=8, leg_pain_average=3, peg_pain=8)

    statuses = _statuses(case)

    assert statuses[clinical.SCS_LEG_DOMINANT_NEUROPATHIC] == clinical.NOT_MET
    assert statuses[clinical.SCS_PAIN_AT_LEAST_5] == clinical.NOT_MET
    assert assessment_of(case)["dominance"]["change"] == "Changed"


def test_checklist_recent_operation_unknown_treatment_and_no_nerve_features():
    recent = timezone.localdate() - timedelta(days=100)
    case = CaseFactory(
        assessed=True,
        operations=[operation_data(year=recent.year, month=recent.month)],
        treatments_tried=[],
        treatment_responses={},
        medicines=[],
        nerve_pain_features=[],
        numbness=False,
        pins_and_needles=False,
    )

    statuses = _statuses(case)

    assert statuses[clinical.SCS_SIX_MONTHS] == clinical.NOT_MET
    assert statuses[clinical.SCS_CONSERVATIVE_TREATMENT] == clinical.UNKNOWN
    assert statuses[clinical.SCS_LEG_DOMINANT_NEUROPATHIC] == clinical.NOT_MET
    assert statuses[clinical.SCS_PSYCHOLOGICAL_ASSESSMENT] == clinical.UNKNOWN


def test_checklist_with_no_operation_date_is_unknown():
    case = CaseFactory(
        assessed=True,
        operations=[operation_data(date_precision="unknown", month=None, year=None)],
    )

    assert _statuses(case)[clinical.SCS_SIX_MONTHS] == clinical.UNKNOWN


# Mood


def test_item_9_above_0_is_highlighted_in_words_on_the_case_page(clinician_client):
    case = CaseFactory(
        assessed=True,
        phq9_items=[1, 1, *[None] * 6, 2],
        red_flags=[vocabulary.SELF_HARM_THOUGHTS.key],
    )

    html = clinician_client.get(change_url(case)).content.decode()

    item9 = _element(html, "assessment-item9")
    assert "item9-flag" in item9
    assert "⚠ PHQ-9 item 9 above 0" in item9
    assert "More than half the days" in item9
    assert "Contact the patient the same day." in item9


def test_item_9_at_0_is_shown_without_the_marker(clinician_client):
    html = clinician_client.get(change_url(CaseFactory(assessed=True))).content.decode()

    item9 = _element(html, "assessment-item9")
    assert "Not at all" in item9
    assert "item9-flag" not in item9 and "⚠" not in item9


def test_full_phq9_and_gad7_show_their_score_and_band(clinician_client):
    case = CaseFactory(
        assessed=True,
        phq9_items=[2, 2, 2, 2, 1, 1, 1, 1, 0],  # 12
        gad7_items=[2, 2, 1, 1, 1, 1, 1],  # 9
    )

    mood = assessment_of(case)["mood"]
    html = clinician_client.get(change_url(case)).content.decode()

    assert (mood["phq"]["full"], mood["phq"]["score"], mood["phq"]["band_key"]) == (
        True,
        12,
        "moderate",
    )
    assert (mood["gad"]["score"], mood["gad"]["band_key"]) == (9, "mild")
    assert "PHQ-9 12/27</strong>: Moderate depressive symptoms (10-14)" in html
    assert "GAD-7 9/21</strong>: Mild anxiety (5-9)" in html


def test_a_positive_short_screen_says_so():
    # A positive PHQ-2 asks the rest; a patient who skipped some of it has no full score.
    case = CaseFactory(assessed=True, phq9_items=[2, 2, 1, None, 1, 1, 1, 1, 0])

    phq = assessment_of(case)["mood"]["phq"]

    assert (phq["name"], phq["score"], phq["positive"]) == ("PHQ-2", 4, True)
    assert phq["screen"] == "screen positive (3 or more)"


# Medicines


def test_opioids_not_converted_are_named_and_the_band_is_worded(clinician_client):
    case = CaseFactory(
        assessed=True,
        medicines=[
            medicine_data("morphine", 30.0, "three_times_a_day"),  # 90
            medicine_data("buprenorphine_patch", 10.0),
            medicine_data("oxycodone", None, "not_sure"),
            medicine_data("diazepam", 5.0, "once_a_day"),
        ],
    )

    html = clinician_client.get(change_url(case)).content.decode()
    mme = assessment_of(case)["mme"]

    assert mme["total"] == "90" and mme["band_key"] == "high"
    assert mme["not_converted"] == [
        "Buprenorphine patch (transdermal): no conversion factor",
        "Oxycodone: daily dose not known",
    ]
    assert "Daily morphine equivalent: 90 mg/day" in html
    assert "90 mg/day or more: avoid increasing (CDC 2022)" in html
    assert "Not converted:" in html
    assert "Opioid with a benzodiazepine" in html
    assert "Buprenorphine patch (transdermal)</strong>: 10 micrograms/hour" in html


def test_a_case_from_before_these_questions_still_reads(clinician_client):
    case = CaseFactory()

    html = clinician_client.get(change_url(case)).content.decode()
    a = assessment_of(case)

    assert a["mme"] is None and a["mood"]["phq"] is None
    assert "Medicines not asked by this intake." in html
    assert "Not asked" in _element(html, "assessment-mood")
    assert "No region marked." in html
    # Pins and needles, asked directly then, still counts as a nerve-pain feature.
    assert a["nerve_pain"]["features"] == ["Pins and needles"]


# The pain maps as drawn


class _Rects(HTMLParser):
    """Each pain map's rectangles: region, fill and the title inside each."""

    def __init__(self):
        super().__init__()
        self.maps = {}
        self.current = None
        self.rect = None
        self.styled = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.styled = True
        if tag == "svg" and "data-map" in attrs:
            self.current = self.maps.setdefault(attrs["data-map"], {})
        elif tag == "rect" and self.current is not None:
            self.rect = attrs["data-region"]
            self.current[self.rect] = {"fill": attrs["fill"], "title": ""}
        elif tag == "title" and self.rect:
            self.in_title = True

    def handle_data(self, data):
        if self.rect and getattr(self, "in_title", False):
            self.current[self.rect]["title"] += data

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "rect":
            self.rect = None
        elif tag == "svg":
            self.current = None


def _maps(html):
    parser = _Rects()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("url", [change_url, print_url])
def test_the_svg_maps_fill_exactly_the_painful_regions(clinician_client, url):
    before = ["lower_back_centre", "thigh_back_left", "calf_left", "foot_left"]
    now = ["lower_back_left", "groin_right", "shin_right"]
    case = CaseFactory(assessed=True, pain_regions_before=before, pain_regions_now=now)

    drawn = _maps(clinician_client.get(url(case)).content.decode())

    assert set(drawn.maps) == {"pain-map-before", "pain-map-now"}
    for name, painful in (("pain-map-before", before), ("pain-map-now", now)):
        rects = drawn.maps[name]
        assert set(rects) == set(clinical.PAIN_REGIONS)  # every region drawn once
        assert {key for key, rect in rects.items() if rect["fill"] == PAINFUL} == set(painful)
        labels = vocabulary.clinician_labels(vocabulary.PAIN_REGIONS)
        for key, rect in rects.items():
            words = "painful" if key in painful else "no pain"
            assert rect["title"] == f"{labels[key]}: {words}"
    assert not drawn.styled  # the CSP forbids inline styles


def test_the_maps_come_with_their_regions_in_words(clinician_client):
    case = CaseFactory(assessed=True, pain_regions_now=["groin_right", "lower_back_left"])

    html = clinician_client.get(change_url(case)).content.decode()

    assert 'id="pain-map-before-regions"' in html
    assert "Lumbar, central; Left buttock; Back of the left thigh" in html
    # In the vocabulary's order, whatever order they were ticked in.
    assert "Lumbar, left; Right groin" in html
    assert 'aria-labelledby="pain-map-now-title pain-map-now-regions"' in html


# The case page and the print view


def test_case_page_shows_the_whole_assessment_in_words(clinician_client, reference_case):
    html = clinician_client.get(change_url(reference_case)).content.decode()

    for words in (
        "Where it hurts",
        "Before the first operation",
        "First operation for</dt><dd>Leg pain",
        "Worse before it</dt><dd>Leg-dominant",
        "Unchanged",
        "Pins and needles; Numbness",
        "Tramadol</strong>: 50 mg, four times a day",
        "Daily morphine equivalent: 40 mg/day</strong> (Below 50 mg/day)",
        "⚠ Opioid with a gabapentinoid",
        "PHQ-2 2/6</strong>: screen negative (below 3)",
        "GAD-2 1/6</strong>: screen negative (below 3)",
        "<strong>28.4</strong>",
        "172 cm, 84 kg",
        "MRI, 2023",
        "Physiotherapy or exercise programme: <strong",
        "Spinal cord stimulation checklist (NICE TA159)",
        "for the clinician, not advice to the patient",
        "Psychological assessment done",
    ):
        assert words in html, words
    for code in ("physical_therapy</", "did_not_help<", "four_times_a_day<", "leg_pain<"):
        assert code not in html


def test_print_view_carries_the_same_assessment(clinician_client, reference_case):
    page = clinician_client.get(change_url(reference_case)).content.decode()
    printed = clinician_client.get(print_url(reference_case)).content.decode()

    assert _element(printed, "fbss-assessment") == _element(page, "fbss-assessment")
    assert "Spinal cord stimulation checklist" in printed


def test_case_page_still_makes_a_fixed_number_of_queries(
    clinician_client, django_assert_max_num_queries
):
    plain = CaseFactory()
    rich = CaseFactory(assessed=True)

    with CaptureQueriesContext(connection) as plain_queries:
        clinician_client.get(change_url(plain))
    with django_assert_max_num_queries(len(plain_queries)):
        clinician_client.get(change_url(rich))


def _element(html, element_id):
    """The element with this id, from its opening tag to its closing one (same tag name)."""
    start = html.index(f'id="{element_id}"')
    start = html.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", html[start:]).group(1)
    depth, position = 0, start
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = start + match.end()
            break
    return html[start : html.index(">", position) + 1]


# The CSV


def export(client, cases, action="export_csv"):
    response = client.post(LIST_URL, {"action": action, "_selected_action": [c.pk for c in cases]})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return body, list(csv.DictReader(io.StringIO(body)))


def test_csv_carries_the_assessment_in_labels_not_codes(clinician_client, reference_case):
    body, rows = export(clinician_client, [reference_case])

    row = rows[0]
    assert row["pain before the first operation"] == (
        "Lumbar, central; Left buttock; Back of the left thigh"
    )
    assert row["pain now"] == row["pain before the first operation"]
    assert row["where the pain is"] == "Same place as before the most recent operation"
    assert row["first operation done for"] == "Leg pain"
    assert row["worse pain before the first operation"] == "Leg-dominant"
    assert row["worse pain now"] == "Leg-dominant"
    assert row["metal or device left in after each operation"] == "Not asked; Not answered"
    assert row["nerve-pain features"] == "Pins and needles; Numbness"
    assert row["pain medicines"] == (
        "Tramadol: 50 mg, four times a day; Pregabalin: 75 mg, twice a day"
    )
    assert row["takes blood thinners"] == "No"
    assert row["daily oral morphine equivalent (mg/day)"] == "40.0"
    assert row["MME band"] == "Below 50 mg/day"
    assert row["opioids not converted"] == ""
    assert row["co-prescription flags"] == "Opioid with a gabapentinoid"
    assert (row["PHQ-2"], row["PHQ-9"], row["PHQ-9 band"]) == ("2", "", "")
    assert row["PHQ-9 item 9 (thoughts of self-harm)"] == "Not at all"
    assert (row["GAD-2"], row["GAD-7"], row["GAD-7 band"]) == ("1", "", "")
    assert (row["smoking"], row["diabetes"]) == ("Never smoked", "No")
    assert (row["height (cm)"], row["weight (kg)"], row["BMI"]) == ("172", "84.0", "28.4")
    assert (row["latest scan"], row["year of latest scan"]) == ("MRI", "2023")
    assert row["treatments tried"] == (
        "Physiotherapy or exercise programme; "
        "Strong painkillers such as codeine, tramadol or morphine"
    )
    assert row["how each treatment worked"] == (
        "Physiotherapy or exercise programme: Did not help; "
        "Strong painkillers such as codeine, tramadol or morphine: Helped"
    )
    assert row["wants to discuss"] == "Spinal cord stimulation; Not sure yet"
    assert [row[f"SCS checklist: {term.clinician}"] for term in vocabulary.SCS_CHECKLIST] == [
        "Met",
        "Met",
        "Met",
        "Met",
        "Unknown",
    ]
    for code in ("physical_therapy", "did_not_help", "lower_back_centre", "opioid_with"):
        assert code not in body


def test_csv_red_flags_are_in_words(clinician_client):
    case = CaseFactory(red_flags=["weight_loss", "self_harm_thoughts"])

    _, rows = export(clinician_client, [case])

    assert rows[0]["red flags"] == (
        "Unexplained weight loss; "
        "Thoughts of being better off dead or of self-harm (PHQ-9 item 9 above 0)"
    )


def test_csv_keeps_the_patients_own_words_for_the_export_with_notes(clinician_client):
    case = CaseFactory(
        assessed=True,
        medicines=[medicine_data("other", 2.0, "once_a_day", name="Capsaicin cream")],
        scan_where="Royal Infirmary",
    )

    plain, rows = export(clinician_client, [case])
    with_notes, noted = export(clinician_client, [case], action="export_csv_with_notes")

    assert rows[0]["pain medicines"] == "Other medicine: 2 mg, once a day"
    assert "Capsaicin" not in plain and "Royal Infirmary" not in plain
    assert noted[0]["other medicine in the patient's words"] == "Capsaicin cream"
    assert noted[0]["where the latest scan was"] == "Royal Infirmary"


# The triage list's filters


def listed(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return {case.reference for case in response.context["cl"].result_list}


@pytest.fixture
def triage_cases():
    return {
        "low": CaseFactory(assessed=True),  # MME 40, PHQ-2 only, leg-dominant
        "high": CaseFactory(
            assessed=True,
            medicines=[medicine_data("morphine", 50.0, "twice_a_day")],  # 100
            phq9_items=[3, 3, 3, 3, 2, 2, 2, 2, 1],  # 21: severe
            back_pain_average=8,
            leg_pain_average=3,
            peg_pain=8,
        ),
        "moderate": CaseFactory(
            assessed=True,
            medicines=[medicine_data("oxycodone", 20.0, "twice_a_day")],  # 60
            phq9_items=[2, 2, 2, 2, 1, 1, 1, 1, 0],  # 12: moderate
            back_pain_average=5,
            leg_pain_average=5,
        ),
        "earlier": CaseFactory(),  # no assessment answers
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"mme_band__exact": "low"}, {"low"}),
        ({"mme_band__exact": "moderate"}, {"moderate"}),
        ({"mme_band__exact": "high"}, {"high"}),
        ({"phq9_band__exact": "severe"}, {"high"}),
        ({"phq9_band__exact": "moderate"}, {"moderate"}),
        ({"leg_dominant": "yes"}, {"low"}),
        ({"leg_dominant": "no"}, {"high", "moderate"}),
        ({"leg_dominant": "yes", "mme_band__exact": "high"}, set()),
        ({}, {"low", "high", "moderate", "earlier"}),
    ],
)
def test_triage_filters(clinician_client, triage_cases, params, expected):
    assert listed(clinician_client, **params) == {triage_cases[name].reference for name in expected}


def test_triage_filters_are_offered_in_words(clinician_client, triage_cases):
    html = clinician_client.get(LIST_URL).content.decode()

    for words in (
        "By daily morphine equivalent",
        "90 mg/day or more: avoid increasing (CDC 2022)",
        "By depression (PHQ-9)",
        "Moderately severe depressive symptoms (15-19)",
        "By leg-dominant pain now",
        "Back-dominant or equal",
    ):
        assert words in html, words


def test_new_filters_keep_the_lists_fixed_query_count(clinician_client, triage_cases):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert clinician_client.get(LIST_URL, params).status_code == 200
        return len(captured)

    plain = queries({"status__exact": "new"})
    filtered = {"mme_band__exact": "low", "phq9_band__exact": "mild", "leg_dominant": "yes"}
    few = queries(filtered)
    for _ in range(20):
        CaseFactory(assessed=True)
    cache.clear()  # the list's first and last dates kept from the first view are not measured

    assert queries(filtered) == few <= plain
