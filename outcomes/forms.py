"""
The follow-up questionnaire's pages, in order, and the clinician's start-of-care form.

Each page is one line of ``PAGES``: its name, its title, its form (the intake's own where the
questions are the intake's), its template and, where it applies only sometimes, the condition.
A page's form gives the follow-up its answers with ``follow_up_values``; a page added later
(mood, medicines) brings its form and its columns, and nothing else changes.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake import vocabulary
from intake.forms import (
    DailyLifeForm,
    IntakeForm,
    MedicinesForm,
    MoodForm,
    MoreMoodForm,
    SafetyForm,
    choice_field,
    nrs_field,
    peg_field,
    questionnaire_answers,
)
from intake.vocabulary import patient_choices


class PainForm(IntakeForm):
    back_pain_average = nrs_field("Back pain on average over the last week")
    leg_pain_average = nrs_field("Leg pain on average over the last week")
    peg_enjoyment = peg_field(
        "Over the past week, how much has pain got in the way of enjoying life?"
    )
    peg_activity = peg_field(
        "Over the past week, how much has pain got in the way of your everyday activities?"
    )

    def follow_up_values(self):
        return dict(self.cleaned_data)


class FollowUpSafetyForm(SafetyForm):
    """The intake's safety questions, every one again."""

    def follow_up_values(self):
        return {"red_flags": self.red_flags()}


class FollowUpDailyLifeForm(DailyLifeForm):
    """The ODI, asked only when the clinic has loaded its licensed wording."""

    licensed_keys = ("odi",)

    def follow_up_values(self):
        return {"odi_answers": self.answers("odi")}


class FollowUpMedicinesForm(MedicinesForm):
    """The pain medicines taken now, as at the intake: the morphine equivalent over time."""

    def follow_up_values(self):
        return {"medicines": self.items()}


class FollowUpMoodForm(MoodForm):
    """The PHQ-2, GAD-2 and PHQ-9 item 9, as at the intake (and its crisis help)."""

    def follow_up_values(self):
        data = self.cleaned_data
        return {
            "phq9_items": questionnaire_answers(vocabulary.PHQ9_ITEMS, data),
            "gad7_items": questionnaire_answers(vocabulary.GAD7_ITEMS, data),
            "red_flags": self.red_flags(),
        }


class FollowUpMoreMoodForm(MoreMoodForm):
    """The rest of the PHQ-9 and GAD-7, after a positive short screen."""

    def follow_up_values(self):
        return {
            "more_phq9": questionnaire_answers(vocabulary.PHQ9_ITEMS, self.cleaned_data),
            "more_gad7": questionnaire_answers(vocabulary.GAD7_ITEMS, self.cleaned_data),
        }


class ChangeForm(IntakeForm):
    work_status = choice_field(
        "How does the pain affect your work?",
        patient_choices(vocabulary.WORK_STATUSES),
        "Say how the pain affects your work.",
    )
    global_change = choice_field(
        vocabulary.GLOBAL_CHANGE_QUESTION.patient,
        patient_choices(vocabulary.GLOBAL_CHANGE),
        "Choose the answer that fits you best.",
    )

    def follow_up_values(self):
        return dict(self.cleaned_data)


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    form: type
    template: str = "outcomes/pages/fields.html"
    only_with_odi: bool = False
    only_after_positive_mood_screen: bool = False


# The safety questions come second, as in the intake: after the two pain scores the patient
# came for, and before anything that can wait.
PAGES = (
    Page("pain", "Your pain over the last week", PainForm, "outcomes/pages/pain.html"),
    Page("safety", "Safety questions", FollowUpSafetyForm, "intake/steps/safety.html"),
    Page("daily", "Everyday tasks", FollowUpDailyLifeForm, "outcomes/pages/daily.html", True),
    Page("medicines", "Your medicines", FollowUpMedicinesForm, "intake/steps/medicines.html"),
    Page("mood", "How you have been feeling", FollowUpMoodForm, "intake/steps/mood.html"),
    Page(
        "mood_more",
        "More about how you have been feeling",
        FollowUpMoreMoodForm,
        "intake/steps/mood_more.html",
        only_after_positive_mood_screen=True,
    ),
    Page("change", "Work, and how you are overall", ChangeForm),
)
PAGE_NAMES = tuple(page.name for page in PAGES)


def pages_asked(odi_loaded, mood_screen_positive=False):
    return [
        page
        for page in PAGES
        if (odi_loaded or not page.only_with_odi)
        and (mood_screen_positive or not page.only_after_positive_mood_screen)
    ]


class StartOfCareForm(forms.Form):
    start_of_care = forms.DateField(
        label="Start of care",
        help_text="The first appointment, or the start of the treatment.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date care started.", "invalid": "Give a date."},
    )

    def clean_start_of_care(self):
        start = self.cleaned_data["start_of_care"]
        today = timezone.localdate()
        if start > today + timedelta(days=366):
            raise ValidationError("The start of care is more than a year ahead.")
        if start < today - timedelta(days=366 * 10):
            raise ValidationError("The start of care is more than ten years ago.")
        return start


class OutcomesFilterForm(forms.Form):
    """The outcomes view's filters: recurrence pattern and start-of-care period."""

    pattern = forms.ChoiceField(label="Recurrence pattern", required=False)
    start_from = forms.DateField(
        label="Care started from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_to = forms.DateField(
        label="to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, patterns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pattern"].choices = [("", "All patterns"), *patterns]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_from"), cleaned.get("start_to")
        if start and end and start > end:
            self.add_error("start_to", "The period ends before it starts.")
        return cleaned
