"""
The clinical summary a clinician reads at the top of a case and on its printed page.

It turns a case's stored answers into labelled rows in the clinician's wording from
``intake.vocabulary``; the arithmetic behind them (ages, bands, months) is in ``intake.clinical``.
"""

from datetime import date

from intake import clinical, pain_map, vocabulary

PATTERN_CAVEAT = "An intake category from the patient's answers, not a diagnosis."
DATE_NOT_KNOWN = "not known"


def duration_words(months: int) -> str:
    """A number of months as a clinician would say it: '8 months', '2 years 3 months'."""
    if months < 0:
        raise ValueError(f"A duration cannot be negative, got {months!r}")
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def months_since_last_operation_now(case, today: date) -> int | None:
    """
    Months from the latest operation to ``today``: the figure stored at submission, plus the
    months that have passed since; ``None`` when the patient knew no operation's date.
    """
    if case.months_since_last_operation is None:
        return None
    return clinical.months_since(case.months_since_last_operation, case.submitted_at.date(), today)


def since_last_operation_words(case, today: date) -> str:
    """How long ago the last operation was, as the triage list says it."""
    return _since_last_operation(case, today) or DATE_NOT_KNOWN


def _since_last_operation(case, today):
    months = months_since_last_operation_now(case, today)
    return "" if months is None else duration_words(months)


def operation_date_words(year: int | None, month: int | None, precision: str) -> str:
    """
    An operation's date as exactly as the patient knew it: "June 2016", "2016 (year only)",
    "2016 (approximate year)" or "Date not known".
    """
    if precision == clinical.DATE_UNKNOWN:
        return _label(vocabulary.DATE_PRECISIONS, precision)
    if precision == clinical.MONTH_KNOWN:
        return f"{date(year, month, 1):%B %Y}"
    return f"{year} ({_label(vocabulary.DATE_PRECISIONS, precision).lower()})"


def person_name(user):
    """How a member of staff is named on screens, exports and print-outs."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _label(terms, key):
    return vocabulary.clinician_labels(terms).get(key, key) if key else ""


def _labels(terms, keys):
    labels = vocabulary.clinician_labels(terms)
    return [labels.get(key, key) for key in keys or []]


def _term(terms, key):
    return vocabulary.by_key(terms).get(key) or vocabulary.Term(key, clinician=key)


def _urgency(flag):
    return clinical.TRIAGE_LEVELS.index(clinical.triage_level({flag.key}))


def red_flag_rows(red_flags):
    """
    Each red flag answered yes, most urgent first, in the clinician's words with the question
    the patient saw and what it may point to.
    """
    present = set(red_flags or [])
    flags = sorted((flag for flag in vocabulary.RED_FLAGS if flag.key in present), key=_urgency)
    return [
        {
            "key": flag.key,
            "label": flag.clinician,
            "question": flag.patient,
            "level": _label(vocabulary.TRIAGE_LEVELS, clinical.triage_level({flag.key})),
            "concern": flag.points_to,
        }
        for flag in flags
    ]


def _nrs_row(label, average, worst, now):
    """A pain score's row; ``worst`` and ``now`` only for earlier intakes that asked them."""
    return {
        "label": label,
        "average": average,
        "worst": worst,
        "average_band": clinical.pain_band(average),
        "now": now,
        "band": None if now is None else clinical.pain_band(now),
    }


# Asked only for these: the procedures that leave metal or a device in the back.
IMPLANT_PROCEDURES = ("fusion", "disc_replacement")
NOT_ANSWERED = "Not answered"


def implant_left_in_words(operation, *, not_asked=""):
    """Whether metal or a device was left in, for the procedures it is asked of; ``not_asked``
    for the others."""
    if operation.implant_left_in:
        return _label(vocabulary.YES_NO_NOT_SURE, operation.implant_left_in)
    return NOT_ANSWERED if operation.procedure in IMPLANT_PROCEDURES else not_asked


def _operation_row(operation, previous):
    levels = _labels(vocabulary.SPINAL_LEVELS, operation.levels)
    row = {
        "when": operation_date_words(operation.year, operation.month, operation.date_precision),
        "procedure": _label(vocabulary.PROCEDURES, operation.procedure),
        "procedure_other": operation.procedure_other,
        "levels": ", ".join(levels) or "Not given",
        "relief": _label(vocabulary.RELIEF, operation.relief),
        "relief_lasted": _label(vocabulary.RELIEF_LASTED, operation.relief_lasted),
        "hospital_or_surgeon": operation.hospital_or_surgeon,
        "implant_left_in": implant_left_in_words(operation),
        "after_previous": "",
    }
    if previous and operation.date_precision == previous.date_precision == clinical.MONTH_KNOWN:
        gap = clinical.months_between(
            date(previous.year, previous.month, 1), date(operation.year, operation.month, 1)
        )
        row["after_previous"] = f"{duration_words(gap)} after the previous operation"
    return row


def chronological(operations):
    """Operations oldest first, as ``clinical.chronological_order`` places them."""
    listed = sorted(operations, key=lambda op: op.pk or 0)
    order = clinical.chronological_order([(op.year, op.month, op.date_precision) for op in listed])
    return [listed[index] for index in order]


def operation_rows(operations):
    """The surgery timeline, oldest first."""
    ordered = chronological(operations)
    return [
        _operation_row(operation, ordered[index - 1] if index else None)
        for index, operation in enumerate(ordered)
    ]


def _latest_relief(operations):
    ordered = chronological(operations)
    return _label(vocabulary.RELIEF, ordered[-1].relief) if ordered else ""


def _yes_no(value):
    return "Yes" if value else "No"


# The assessment: what decides the next step, read at a glance.

# The pain maps as drawn on the case page: the back and the front outline side by side, each
# ``pain_map.COLUMNS`` by ``pain_map.ROWS`` cells of ``MAP_CELL`` drawing units, with a row for
# the outline's caption above.
MAP_CELL = 11
MAP_GAP = 6
MAP_CAPTION = 9
MAP_BOX_GAP = 1.5


def _number(value):
    """A drawing coordinate as SVG reads it, never localised ("10.5", not "10,5")."""
    return f"{value:g}"


def pain_map_drawing(name, title, regions):
    """
    One pain map ready to draw (``_pain_map.html``): each region's rectangle on the back and
    front outlines, filled when it is painful and named in the clinician's words, and the
    painful regions as a list of words in the vocabulary's order.
    """
    painful = set(regions or [])
    labels = vocabulary.clinician_labels(vocabulary.PAIN_REGIONS)
    width = pain_map.COLUMNS * MAP_CELL
    outlines = []
    for index, (outline, caption) in enumerate(pain_map.OUTLINE_CAPTIONS.items()):
        left = index * (width + MAP_GAP)
        boxes = pain_map.boxes(outline, cell=MAP_CELL, gap=MAP_BOX_GAP)
        outlines.append(
            {
                "outline": outline,
                "caption": caption,
                "caption_x": _number(left + width / 2),
                "boxes": [
                    {
                        "key": box.key,
                        "label": labels[box.key],
                        "painful": box.key in painful,
                        "x": _number(left + box.x),
                        "y": _number(MAP_CAPTION + box.y),
                        "width": _number(box.width),
                        "height": _number(box.height),
                    }
                    for box in boxes
                ],
            }
        )
    return {
        "id": f"pain-map-{name}",
        "title": title,
        "width": _number(2 * width + MAP_GAP),
        "height": _number(MAP_CAPTION + pain_map.ROWS * MAP_CELL),
        "outlines": outlines,
        "regions": [labels[region] for region in clinical.PAIN_REGIONS if region in painful],
    }


def dominance(case):
    """
    What the first operation was for, and whether back or leg pain was worse before it and is
    worse now (from the week's averages), and whether that changed.
    """
    before = case.dominant_pain_before
    now = case.dominant_pain_now or clinical.pain_dominance(
        case.back_pain_average, case.leg_pain_average
    )
    comparable = (clinical.LEG, clinical.BACK, clinical.EQUAL)
    changed = None if before not in comparable else before != now
    return {
        "reason": _label(vocabulary.FIRST_OPERATION_REASONS, case.first_operation_reason)
        or NOT_ANSWERED,
        "before": _label(vocabulary.DOMINANT_PAIN_BEFORE, before) or NOT_ANSWERED,
        "now": _label(vocabulary.DOMINANT_PAIN_BEFORE, now),
        "now_key": now,
        "changed": changed,
        "change": {None: "Cannot compare", True: "Changed", False: "Unchanged"}[changed],
    }


def nerve_pain(case):
    """The nerve-pain features ticked (and, on earlier intakes, the symptoms asked instead),
    and a licensed questionnaire's score when the clinic loaded one."""
    ticked = set(case.nerve_pain_features or [])
    ticked |= {"numbness"} if case.numbness else set()
    ticked |= {"pins_and_needles"} if case.pins_and_needles else set()
    features = [key for key in clinical.NERVE_PAIN_FEATURES if key in ticked]
    dn4 = case.nerve_pain_score if isinstance(case.nerve_pain_score, dict) else None
    scored = dn4 is not None and dn4.get("score") is not None
    return {
        "keys": features,
        "features": _labels(vocabulary.NERVE_PAIN_FEATURES, features),
        "dn4_positive": dn4["positive"] if scored else None,
        "questionnaire": None
        if dn4 is None
        else {
            "name": "DN4 interview",
            "score": f"{dn4['score']}/{clinical.DN4_ITEMS}: "
            + ("suggests neuropathic pain" if dn4["positive"] else "below the cut-off of 3")
            if scored
            else "not every item answered",
        },
    }


def start_back(case):
    """STarT Back's risk group and scores, where the clinic asks it."""
    scores = case.start_back if isinstance(case.start_back, dict) else None
    if not scores:
        return None
    if scores.get("risk") is None:
        return {"words": "not every item answered"}
    return {
        "words": f"{scores['risk']} risk (total {scores['total']}/{clinical.START_BACK_ITEMS}, "
        f"psychosocial {scores['psychosocial']}/5)"
    }


def _dose_words(term, item):
    """A dose as a clinician says it: 50 mg, four times a day; 10 micrograms/hour; dose not
    known, when needed."""
    dose = item.get("dose")
    unit = vocabulary.clinician_labels(vocabulary.DOSE_UNITS)[term.dose_unit if term else "mg"]
    words = "dose not known" if dose is None else f"{_number(dose)} {unit}"
    if item.get("frequency"):
        words += f", {_label(vocabulary.DOSE_FREQUENCIES, item['frequency']).lower()}"
    return words


def medicine_rows(medicines):
    """Each pain medicine with its dose, how often, and, for an opioid converted, its daily
    morphine equivalent."""
    terms = vocabulary.by_key(vocabulary.PAIN_MEDICINES)
    rows = []
    for item in medicines or []:
        key = item.get("medicine", "")
        term = terms.get(key)
        mme = None
        if term is not None and term.kind == vocabulary.OPIOID:
            daily = clinical.daily_dose(key, item.get("dose"), item.get("frequency"))
            mme = clinical.oral_morphine_equivalent(key, daily)
        rows.append(
            {
                "key": key,
                "label": term.clinician if term else key,
                "name": item.get("name", ""),
                "dose": _dose_words(term, item),
                "opioid": term is not None and term.kind == vocabulary.OPIOID,
                "mme": None if mme is None else _number(mme),
            }
        )
    return rows


def not_converted_words(key):
    """An opioid left out of the daily morphine equivalent, and why."""
    label = _label(vocabulary.PAIN_MEDICINES, key)
    if key in clinical.MME_KEY_BY_MEDICINE:
        return f"{label}: daily dose not known"
    return f"{label}: no conversion factor"


def mme_summary(case):
    """The daily oral morphine equivalent with its band, the opioids not converted and the
    combinations flagged; ``None`` for an intake that did not ask about medicines."""
    if case.mme_total is None:
        return None
    flags = vocabulary.by_key(vocabulary.CO_PRESCRIPTION_FLAGS)
    return {
        "total": _number(case.mme_total),
        "band_key": case.mme_band,
        "band": _label(vocabulary.MME_BANDS, case.mme_band),
        "not_converted": [not_converted_words(key) for key in case.mme_not_converted or []],
        "co_prescriptions": [
            {"label": flags[key].clinician, "concern": flags[key].points_to}
            if key in flags
            else {"label": key, "concern": ""}
            for key in case.co_prescriptions or []
        ],
    }


def _questionnaire(name, short_name, score, band_terms, band, short_score, out_of):
    """A mood questionnaire's full score and band when every item was asked, otherwise its
    short screen and whether it was positive; ``None`` when neither was answered."""
    if score is not None:
        return {
            "full": True,
            "name": name,
            "score": score,
            "out_of": out_of,
            "band_key": band,
            "band": _label(band_terms, band),
            "short_name": short_name,
            "short_score": short_score,
        }
    if short_score is None:
        return None
    positive = short_score >= clinical.SHORT_SCREEN_POSITIVE
    return {
        "full": False,
        "name": short_name,
        "score": short_score,
        "out_of": clinical.SHORT_SCREEN_ITEMS * clinical.MOOD_ITEM_MAX,
        "positive": positive,
        "screen": f"screen {'positive' if positive else 'negative'} "
        f"({'3 or more' if positive else 'below 3'})",
    }


NOT_ASKED = "Not asked"


def _item9(items):
    """PHQ-9 item 9 in the patient's answer words, and whether it sets the self-harm flag."""
    if not items:
        return {"asked": False, "answer": NOT_ASKED, "flag": False}
    answer = items[8] if len(items) == clinical.PHQ9_ITEM_COUNT else None
    if answer is None:
        return {"asked": False, "answer": NOT_ANSWERED, "flag": False}
    return {
        "asked": True,
        "value": answer,
        "answer": vocabulary.by_key(vocabulary.MOOD_ANSWERS)[str(answer)].patient,
        "flag": clinical.phq9_item9_flag(answer),
    }


def mood(case):
    """The PHQ-9 and GAD-7 as the clinician reads them, and PHQ-9 item 9 on its own."""
    return {
        "phq": _questionnaire(
            "PHQ-9",
            "PHQ-2",
            case.phq9_score,
            vocabulary.PHQ9_BANDS,
            case.phq9_band,
            case.phq2_score,
            clinical.PHQ9_ITEM_COUNT * clinical.MOOD_ITEM_MAX,
        ),
        "gad": _questionnaire(
            "GAD-7",
            "GAD-2",
            case.gad7_score,
            vocabulary.GAD7_BANDS,
            case.gad7_band,
            case.gad2_score,
            clinical.GAD7_ITEM_COUNT * clinical.MOOD_ITEM_MAX,
        ),
        "item9": _item9(case.phq9_items),
        "item9_question": vocabulary.PHQ9_ITEMS[8].patient,
    }


def health(case):
    """Body, habits, conditions and the latest scan, as the patient gave them."""
    yes_no = vocabulary.YES_NO_NOT_SURE
    return {
        "bmi": None if case.bmi is None else _number(case.bmi),
        "height_cm": case.height_cm,
        "weight_kg": None if case.weight_kg is None else _number(case.weight_kg),
        "smoking": _label(vocabulary.SMOKING, case.smoking) or NOT_ANSWERED,
        "diabetes": _label(yes_no, case.diabetes) or NOT_ANSWERED,
        "blood_thinners": _label(yes_no, case.blood_thinners) or NOT_ANSWERED,
        "scan": {
            "type": _label(vocabulary.SCAN_TYPES, case.scan_type) or NOT_ANSWERED,
            "year": case.scan_year,
            "where": case.scan_where,
        },
    }


def treatment_rows(treatments_tried, responses):
    """Each treatment tried with how it worked, as the patient said."""
    responses = responses or {}
    return [
        {
            "label": _label(vocabulary.TREATMENTS_TRIED, key),
            "response_key": responses.get(key, ""),
            "response": _label(vocabulary.TREATMENT_RESPONSES, responses.get(key, ""))
            or "Response not given",
        }
        for key in treatments_tried or []
    ]


# The stimulation checklist's "conservative treatment tried": physiotherapy or exercise, pain
# medicines (any ticked as tried, or any pain medicine taken now) or a pain programme or pain
# psychology. Injections, surgery and stimulation are not conservative. Met when any was tried;
# not met when the patient ticked treatments but none of these and takes no pain medicine;
# unknown when nothing was ticked and no medicine given (an empty tick list cannot tell "none
# tried" from "not answered").
CONSERVATIVE_TREATMENTS = ("physical_therapy", "medicines", "opioids", "pain_programme")


def conservative_treatment_tried(treatments_tried, medicines) -> bool | None:
    tried = set(treatments_tried or [])
    if tried & set(CONSERVATIVE_TREATMENTS) or medicines:
        return True
    return False if tried else None


PSYCHOLOGICAL_ASSESSMENT_UNKNOWN = "Not recorded by the intake: ask, or refer for one"


def _scs_details(case, features, months, conservative):
    labels = vocabulary.clinician_labels(vocabulary.TREATMENTS_TRIED)
    back, leg = case.back_pain_average, case.leg_pain_average
    feature_words = ", ".join(_labels(vocabulary.NERVE_PAIN_FEATURES, features)).lower()
    conservative_tried = [
        labels[key] for key in CONSERVATIVE_TREATMENTS if key in (case.treatments_tried or [])
    ]
    if case.medicines and "medicines" not in (case.treatments_tried or []):
        conservative_tried.append("Pain medicines taken now")
    return {
        clinical.SCS_LEG_DOMINANT_NEUROPATHIC: f"Leg {leg}/10, back {back}/10 (week's average); "
        + (f"features: {feature_words}" if features else "no nerve-pain features ticked"),
        clinical.SCS_SIX_MONTHS: "No operation date known"
        if months is None
        else f"{duration_words(months)} since the last operation",
        clinical.SCS_PAIN_AT_LEAST_5: f"Leg pain {leg}/10 (week's average)",
        clinical.SCS_CONSERVATIVE_TREATMENT: {
            True: "; ".join(conservative_tried),
            False: "None of physiotherapy, pain medicines or a pain programme ticked",
            None: "No treatments ticked",
        }[conservative],
        clinical.SCS_PSYCHOLOGICAL_ASSESSMENT: PSYCHOLOGICAL_ASSESSMENT_UNKNOWN,
    }


def scs_checklist_rows(case, today, features):
    """
    The NICE TA159 spinal cord stimulation checklist (``clinical.scs_checklist``), each item
    met, not met or unknown with what it was judged on. For the clinician only: never advice
    to the patient. The intake records no psychological assessment, so that item is unknown.
    """
    months = months_since_last_operation_now(case, today)
    conservative = conservative_treatment_tried(case.treatments_tried, case.medicines)
    checklist = clinical.scs_checklist(
        back_pain=case.back_pain_average,
        leg_pain=case.leg_pain_average,
        nerve_pain_features=features,
        months_since_last_operation=months,
        conservative_treatment_tried=conservative,
        psychological_assessment=None,
        dn4_positive=nerve_pain(case)["dn4_positive"],
    )
    details = _scs_details(case, features, months, conservative)
    return [
        {
            "key": item,
            "label": _label(vocabulary.SCS_CHECKLIST, item),
            "status_key": status,
            "status": _label(vocabulary.SCS_STATUSES, status),
            "detail": details[item],
        }
        for item, status in checklist
    ]


def assessment(case, today):
    """Everything the one-screen FBSS assessment adds to the summary."""
    nerve = nerve_pain(case)
    return {
        "pain_maps": [
            pain_map_drawing("before", "Before the first operation", case.pain_regions_before),
            pain_map_drawing("now", "Now", case.pain_regions_now),
        ],
        "dominance": dominance(case),
        "nerve_pain": nerve,
        "medicines": medicine_rows(case.medicines),
        "mme": mme_summary(case),
        "mood": mood(case),
        "health": health(case),
        "treatments": treatment_rows(case.treatments_tried, case.treatment_responses),
        "scs_checklist": scs_checklist_rows(case, today, nerve["keys"]),
    }


def case_summary(case, operations, *, today: date):
    """Everything the summary shows, as labelled values ready for a template."""
    flags = red_flag_rows(case.red_flags)
    odi = None
    if case.odi_percent is not None:
        odi = {"percent": case.odi_percent, "band": _label(vocabulary.ODI_BANDS, case.odi_band)}
    urgency = _term(vocabulary.TRIAGE_LEVELS, case.triage_level)
    pattern = _term(vocabulary.PATTERNS, case.pattern)
    return {
        "reference": case.reference,
        "name": case.full_name,
        "date_of_birth": case.date_of_birth,
        "age": clinical.age_on(case.date_of_birth, today),
        "submitted_at": case.submitted_at,
        "contact": {
            "email": case.email,
            "phone": case.phone,
            "preferred": case.get_preferred_contact_display(),
            "consent": _yes_no(case.consent_to_contact),
        },
        "urgency": {
            "level": case.triage_level,
            "label": urgency.clinician,
            "meaning": urgency.points_to,
            "flags": flags,
            "questions_answered": len(case.safety_answers or {}),
        },
        "pattern": {
            "key": case.pattern,
            "label": pattern.clinician,
            "may_suggest": pattern.points_to,
            "caveat": PATTERN_CAVEAT,
            "pain_returned": _label(vocabulary.PAIN_RETURNED, case.pain_returned),
            "latest_relief": _latest_relief(operations),
            "pain_site": _label(vocabulary.PAIN_SITES, case.pain_site),
        },
        "scores": {
            "back": _nrs_row(
                "Back pain", case.back_pain_average, case.back_pain_worst, case.back_pain_now
            ),
            "leg": _nrs_row(
                "Leg pain", case.leg_pain_average, case.leg_pain_worst, case.leg_pain_now
            ),
            "earlier": case.back_pain_now is not None or case.back_pain_worst is not None,
            "peg": {
                "score": case.peg_score,
                "items": (case.peg_pain, case.peg_enjoyment, case.peg_activity),
            },
            "odi": odi,
            "start_back": start_back(case),
        },
        "operations": operation_rows(operations),
        "operation_count": case.operation_count,
        "since_last_operation": _since_last_operation(case, today),
        # Numbness and pins and needles are among the nerve-pain features (``assessment``).
        "symptoms": [
            ("Weakness in legs or feet", _yes_no(case.weakness)),
            ("Sleep", _label(vocabulary.SLEEP_EFFECTS, case.sleep_effect)),
            ("Work", _label(vocabulary.WORK_STATUSES, case.work_status)),
        ],
        "treatments_tried": _labels(vocabulary.TREATMENTS_TRIED, case.treatments_tried),
        "discuss": _labels(vocabulary.DISCUSS_OPTIONS, case.discuss_options),
        "goal": case.goal,
        "assessment": assessment(case, today),
    }
