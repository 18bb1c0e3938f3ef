"""
One form per intake step. Labels speak to the patient; every rule gives its own message.

Forms render with the intake's own field templates (``templates/intake/forms/``) so each error
is tied to its field (``aria-describedby``, ``aria-invalid``) and listed in the error summary.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from intake import clinical, pain_map, vocabulary
from intake.models import DatePrecision, PreferredContact, Procedure
from intake.typed_dates import parse_date_of_birth
from intake.vocabulary import patient_choices

MAX_OPERATIONS = 10
OLDEST_AGE_YEARS = 120
YES_NO = [("yes", "Yes"), ("no", "No")]


class IntakeRenderer(TemplatesSetting):
    form_template_name = "intake/forms/form.html"
    field_template_name = "intake/forms/field.html"


class TileLayout:
    """
    Answers as tiles a thumb can hit, as wide as their wording needs: a word (a spinal level,
    "E-mail") takes a third of a row, a short phrase half, a sentence the whole row. A list of
    short answers costs a phone a few rows instead of one row each; the layout follows the
    wording, so a reworded answer never needs its field touched.
    """

    template_name = "intake/widgets/choices.html"
    option_template_name = "intake/widgets/choice_option.html"
    SPANS = ((8, "third"), (19, "half"))

    def __init__(self, attrs=None, choices=(), span=None):
        super().__init__(attrs, choices)
        self.span = span

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        length = len(str(label))
        option["span"] = self.span or next(
            (span for most, span in self.SPANS if length <= most), "whole"
        )
        return option


class RadioTiles(TileLayout, forms.RadioSelect):
    pass


class CheckboxTiles(TileLayout, forms.CheckboxSelectMultiple):
    pass


class PainMap(forms.CheckboxSelectMultiple):
    """
    Where it hurts, ticked on a back and a front outline: each region is a checkbox with its
    label, placed over the drawing where it is on the body (``intake.pain_map``). A list of
    checkboxes to the keyboard and to screen readers, a map to the eye; no script needed.
    """

    template_name = "intake/widgets/pain_map.html"
    option_template_name = "intake/widgets/pain_map_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["cell"] = pain_map.CELLS[value]
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option for _group, group, _index in context["widget"]["optgroups"] for option in group
        ]
        outlines = {region.key: region.outline for region in vocabulary.PAIN_REGIONS}
        context["widget"]["outlines"] = [
            (outline, caption, [o for o in options if outlines[o["value"]] == outline])
            for outline, caption in pain_map.OUTLINE_CAPTIONS.items()
        ]
        return context


class AnswerButtons(forms.RadioSelect):
    """
    One-word answers (yes, no) as a pair of buttons beside the question: one tap, and a
    question costs a line or two of a phone's screen. A radio group to assistive technology.
    """

    template_name = "intake/widgets/buttons.html"
    option_template_name = "intake/widgets/button_option.html"
    beside_question = True


class ButtonRow(AnswerButtons):
    """A few short answers as a row of buttons under the question, each a tap."""

    template_name = "intake/widgets/button_row.html"
    beside_question = False


class ScaleRadios(AnswerButtons):
    """
    A 0 to 10 score in one tap: eleven buttons (two rows on a phone) with both ends named in
    words, a radio group to assistive technology. A dropdown took two taps and a scroll.
    """

    template_name = "intake/widgets/scale.html"
    beside_question = False

    def __init__(self, low_label, high_label, attrs=None):
        super().__init__(attrs)
        self.low_label = low_label
        self.high_label = high_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(low_label=self.low_label, high_label=self.high_label)
        return context


def _style_widget(widget):
    """Give each widget the Bootstrap class and markup its kind needs."""
    if isinstance(widget, AnswerButtons):
        widget.attrs.setdefault("class", "answer-input")
    elif isinstance(widget, TileLayout | PainMap | forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "form-select")
    else:
        widget.attrs.setdefault("class", "form-control")


class IntakeBoundField(forms.BoundField):
    """A field whose errors show (text, ``aria-invalid``, summary) only when its form does."""

    @property
    def errors(self):
        errors = super().errors
        if errors and not self.form.shows_errors():
            return self.form.error_class(renderer=self.form.renderer)
        return errors

    def build_widget_attrs(self, attrs, widget=None):
        """Each option of a group in error points at the error too: a screen reader landing on
        an option announces the message, not only "invalid"."""
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and self.errors and self.auto_id:
            attrs.setdefault("aria-describedby", f"{self.auto_id}_error")
        return attrs

    @property
    def says_when_it_applies(self):
        """Whether its hint only says when the question applies ("Only if ..."): the page's
        script hides such a hint, as it shows the question only then."""
        return self.only_if is not None and str(self.help_text).startswith("Only if")

    @property
    def only_if(self):
        """For the page's script: the answer this question depends on (its input's name) and
        the answers that call for it; None for a question that is always asked."""
        condition = getattr(self.field, "only_if", None)
        if condition is None:
            return None
        return {"name": self.form.add_prefix(condition.field), "values": " ".join(condition.values)}


@dataclass(frozen=True)
class OnlyIf:
    """
    A question that applies only when another question on the same form has one of
    ``values`` (for a tick-all-that-apply question: one of them ticked): then it is asked, and
    required unless ``required`` is false; otherwise it is not asked (the page's script hides
    it; the server ignores what it holds). Its hint says when it applies, for pages without a
    script.
    """

    field: str
    values: tuple[str, ...]
    required: bool = True

    def applies(self, answer):
        answers = answer if isinstance(answer, list | tuple) else [answer]
        return any(str(value) in self.values for value in answers)


def only_if(field, controller, *values, required=True):
    field.only_if = OnlyIf(controller, tuple(str(value) for value in values), required)
    return field


class IntakeForm(forms.Form):
    """
    A step of the intake. ``judged=False`` shows answers as they were typed without judging
    them: a patient coming back to a page sees errors only once they press Next again.
    """

    default_renderer = IntakeRenderer()
    bound_field_class = IntakeBoundField
    # A page that says at the top that any question may be skipped marks none "(optional)".
    skippable = False

    def __init__(self, *args, judged=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.judged = judged
        for field in self.fields.values():
            _style_widget(field.widget)

    def shows_errors(self):
        return self.judged

    def clean(self):
        """A question asked only if (``OnlyIf``) is required when it applies; when it does not,
        whatever it holds (typed before the patient changed their answer) is dropped."""
        cleaned = super().clean()
        for name, field in self.fields.items():
            condition = getattr(field, "only_if", None)
            if condition is None:
                continue
            if not condition.applies(cleaned.get(condition.field, "")):
                self._errors.pop(name, None)
                cleaned[name] = field.clean(
                    [] if isinstance(field, forms.MultipleChoiceField) else ""
                )
            elif condition.required and name in cleaned and cleaned[name] in field.empty_values:
                self.add_error(name, field.error_messages["required"])
        return cleaned


def raises_flag(field, flag, *answers):
    """
    Mark the answers to ``field`` that raise a red flag, on each option, so the page's script
    can ask for the patient's instruction the moment one is chosen (``templates/intake/step.html``).
    """
    field.widget.attrs.update({"data-flag": flag, "data-flag-when": " ".join(answers)})
    return field


class FlagsPage:
    """
    A page whose answers raise red flags (``FLAGS``). ``flags_in`` reads them from the page as
    posted, valid or not: an emergency is never held back by a question the patient missed.
    """

    FLAGS = frozenset()

    def flags_in(self, data):
        raise NotImplementedError


def term_field(field_class, term, **kwargs):
    """A form field worded by a vocabulary term: its question and its hint."""
    return field_class(label=term.patient, help_text=term.hint, **kwargs)


class DateOfBirthField(forms.DateField):
    """A date of birth typed in any common way (see ``intake.typed_dates``)."""

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        born = parse_date_of_birth(value, timezone.localdate())
        if born is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return born


def scale_field(label, low_label, high_label):
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=ScaleRadios(low_label, high_label),
        error_messages={
            "required": "Choose a number from 0 to 10.",
            "invalid_choice": "Choose a number from 0 to 10.",
        },
    )


def nrs_field(label):
    return scale_field(label, "no pain", "worst pain imaginable")


def yes_no_field(label, help_text=""):
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        widget=AnswerButtons,
        error_messages={"required": "Answer yes or no.", "invalid_choice": "Answer yes or no."},
    )


def choice_field(label, choices, required_message, widget=RadioTiles, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


class AboutYouForm(IntakeForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    date_of_birth = term_field(
        DateOfBirthField,
        vocabulary.DATE_OF_BIRTH,
        error_messages={
            "required": "Enter your date of birth.",
            "invalid": "Enter your date of birth as day, month and year, for example 27 03 1968.",
        },
        widget=forms.DateInput(
            attrs={"autocomplete": "bday", "inputmode": "numeric"}, format="%d/%m/%Y"
        ),
    )
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        max_length=254,
        help_text="For your private link back to this form.",
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.RegexField(
        label="Phone number",
        required=False,
        max_length=40,
        regex=r"^\+?[0-9 ()\-]{6,40}$",
        error_messages={"invalid": "Enter a phone number using digits, spaces and + only."},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_contact = choice_field(
        "How should we contact you?", PreferredContact.choices, "Choose how we should contact you."
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the clinic may contact me about this intake.",
        error_messages={"required": "Tick the box so that the clinic can contact you."},
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError("Your date of birth cannot be in the future.")
        if born.year < today.year - OLDEST_AGE_YEARS:
            raise ValidationError("Check the year of your date of birth.")
        return born

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        contact = cleaned.get("preferred_contact")
        if "email" in cleaned and "phone" in cleaned and not email and not phone:
            self.add_error("email", "Give an e-mail address or a phone number (or both).")
        if contact == PreferredContact.EMAIL and "email" in cleaned and not email:
            self.add_error("email", "Give your e-mail address, as you prefer e-mail.")
        if contact == PreferredContact.PHONE and "phone" in cleaned and not phone:
            self.add_error("phone", "Give your phone number, as you prefer the phone.")
        return cleaned


MONTH_CHOICES = [("", "Month")] + [(str(n), date(2000, n, 1).strftime("%B")) for n in range(1, 13)]


class OperationForm(IntakeForm):
    """
    One operation, as the patient knows it: the date only as exactly as they know it, and
    whether it helped and for how long, for this operation alone.
    """

    date_precision = choice_field(
        vocabulary.OPERATION_DATE.patient,
        patient_choices(vocabulary.DATE_PRECISIONS),
        "Say when this operation was, or that you do not know.",
        help_text=vocabulary.OPERATION_DATE.hint,
    )
    month = only_if(
        term_field(
            forms.TypedChoiceField,
            vocabulary.OPERATION_MONTH,
            choices=MONTH_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={
                "required": "Choose the month of this operation.",
                "invalid_choice": "Choose the month of this operation.",
            },
        ),
        "date_precision",
        DatePrecision.MONTH,
    )
    year = only_if(
        term_field(
            forms.IntegerField,
            vocabulary.OPERATION_YEAR,
            required=False,
            min_value=1900,
            max_value=2200,
            error_messages={
                "required": "Enter the year of this operation.",
                "invalid": "Enter the year as four digits, for example 2019.",
                "min_value": "Enter the year as four digits, for example 2019.",
                "max_value": "The year of this operation cannot be in the future.",
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        ),
        "date_precision",
        DatePrecision.MONTH,
        DatePrecision.YEAR,
        DatePrecision.ABOUT,
    )
    procedure = choice_field(
        vocabulary.PROCEDURE.patient,
        patient_choices(vocabulary.PROCEDURES),
        "Choose what was done, or 'Something else, or I am not sure'.",
        help_text=vocabulary.PROCEDURE.hint,
    )
    procedure_other = only_if(
        term_field(
            forms.CharField,
            vocabulary.PROCEDURE_OTHER,
            required=False,
            max_length=200,
            error_messages={"required": "Describe the operation as best you can."},
        ),
        "procedure",
        Procedure.OTHER,
    )
    levels = term_field(
        forms.MultipleChoiceField,
        vocabulary.SPINAL_LEVEL,
        choices=patient_choices(vocabulary.SPINAL_LEVELS),
        widget=CheckboxTiles,
        error_messages={
            "required": "Tick at least one part of the back, or 'I am not sure'.",
            "invalid_choice": "Tick only the parts of the back listed.",
        },
    )
    hospital_or_surgeon = forms.CharField(
        label="Hospital or surgeon", required=False, max_length=200
    )
    implant_left_in = only_if(
        choice_field(
            "Was metal or a device left in your back?",
            patient_choices(vocabulary.YES_NO_NOT_SURE),
            "Say whether metal or a device was left in.",
            required=False,
            widget=ButtonRow,
            help_text="Only if it was a fusion or a new disc.",
        ),
        "procedure",
        Procedure.FUSION,
        Procedure.DISC_REPLACEMENT,
        required=False,
    )
    relief = choice_field(
        vocabulary.RELIEF_QUESTION.patient,
        patient_choices(vocabulary.RELIEF),
        "Say whether this operation helped your pain.",
    )
    relief_lasted = only_if(
        term_field(
            forms.ChoiceField,
            vocabulary.RELIEF_LASTED_QUESTION,
            required=False,
            choices=patient_choices(vocabulary.RELIEF_LASTED),
            widget=RadioTiles,
            error_messages={
                "required": "Say how long it was until the pain came back.",
                "invalid_choice": "Say how long it was until the pain came back.",
            },
        ),
        "relief",
        *(key for key in clinical.RELIEF_VALUES if clinical.relief_has_duration(key)),
    )

    def __init__(self, *args, date_of_birth=None, **kwargs):
        self.date_of_birth = date_of_birth
        super().__init__(*args, **kwargs)

    def is_removed(self):
        """Whether the patient ticked this row's 'remove' box (added by the formset)."""
        return self.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME, False)

    def shows_errors(self):
        """A row the patient chose to remove is not judged."""
        return super().shows_errors() and not self.is_removed()

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year:
            when = (year, cleaned.get("month") or 12)
            earliest = (year, cleaned.get("month") or 1)
            today = timezone.localdate()
            born = self.date_of_birth
            if earliest > (today.year, today.month):
                self.add_error("year", "The date of this operation cannot be in the future.")
            elif born and when < (born.year, born.month):
                self.add_error("year", "The date of this operation is before your date of birth.")
        return cleaned


class BaseOperationFormSet(forms.BaseFormSet):
    default_renderer = IntakeRenderer()
    default_error_messages = {
        "too_few_forms": "Tell us about at least one operation.",
        "too_many_forms": f"You can list up to {MAX_OPERATIONS} operations here; "
        "tell us about any others in your goal at the end.",
    }

    def __init__(self, *args, date_of_birth=None, judged=True, **kwargs):
        self.date_of_birth = date_of_birth
        self.judged = judged
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"date_of_birth": self.date_of_birth, "judged": self.judged}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        remove = form.fields[forms.formsets.DELETION_FIELD_NAME]
        remove.label = "Remove this operation"
        _style_widget(remove.widget)

    @property
    def kept_forms(self):
        return [form for form in self.forms if not form.is_removed()]


OperationFormSet = forms.formset_factory(
    OperationForm,
    formset=BaseOperationFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_OPERATIONS,
    validate_max=True,
    absolute_max=MAX_OPERATIONS,
    can_delete=True,
)


def licensed_fields(key, sections):
    """A loaded licensed questionnaire's sections as questions, each scored in option order."""
    for number, section in enumerate(sections, start=1):
        yield (
            f"{key}_{number}",
            forms.TypedChoiceField(
                label=f"{number}. {section['title']}",
                choices=[(str(score), text) for score, text in enumerate(section["options"])],
                coerce=int,
                required=not section.get("optional", False),
                empty_value=None,
                widget=RadioTiles,
                help_text="You may skip this section." if section.get("optional") else "",
                error_messages={
                    "required": "Choose the statement that fits you best today.",
                    "invalid_choice": "Choose one of the statements.",
                },
            ),
        )


class LicensedQuestions:
    """
    A page that asks the licensed questionnaires (``instruments.SUPPORTED``) the clinic has
    loaded, by key: ``instruments`` maps a key to its sections. ``answers(key)`` is None for
    one that was not asked.
    """

    licensed_keys = ()

    def add_licensed(self, instruments):
        """Add the questions of the loaded ``instruments`` (key -> Instrument) this page asks."""
        self.licensed = {key: instruments[key] for key in self.licensed_keys if key in instruments}
        for key, instrument in self.licensed.items():
            for name, field in licensed_fields(key, instrument.sections):
                self.fields[name] = field
                _style_widget(field.widget)

    def licensed_groups(self):
        """Each loaded questionnaire's name and its questions, for the page."""
        return [
            (instrument.name, [self[name] for name, _ in licensed_fields(key, instrument.sections)])
            for key, instrument in self.licensed.items()
        ]

    def answers(self, key):
        if key not in self.licensed:
            return None
        count = len(self.licensed[key].sections)
        return [self.cleaned_data.get(f"{key}_{n}") for n in range(1, count + 1)]


def peg_field(label):
    return scale_field(label, "not at all", "completely")


class PainNowForm(LicensedQuestions, IntakeForm):
    """
    Where the pain is, how bad it has been over the last week, and what it stops the patient
    doing: one page. The PEG's pain item is not asked: it is worked out from the back and leg
    averages (``clinical.peg_pain_item``), so no score is asked twice. Where the pain is
    compared with before is asked only when the two pain maps cannot tell
    (``clinical.pain_site_from_regions``).
    """

    pain_site = choice_field(
        vocabulary.PAIN_SITE.patient,
        patient_choices(vocabulary.PAIN_SITES),
        "Say where your pain is now.",
    )
    back_pain_average = nrs_field("Back pain on average over the last week")
    leg_pain_average = nrs_field("Leg pain on average over the last week")
    nerve_pain_features = only_if(
        term_field(
            forms.MultipleChoiceField,
            vocabulary.NERVE_PAIN_QUESTION,
            choices=patient_choices(vocabulary.NERVE_PAIN_FEATURES),
            widget=CheckboxTiles,
            required=False,
            error_messages={"invalid_choice": "Tick only the feelings listed."},
        ),
        "leg_pain_average",
        *range(1, 11),
        required=False,
    )
    peg_enjoyment = peg_field(
        "Over the past week, how much has pain got in the way of enjoying life?"
    )
    peg_activity = peg_field(
        "Over the past week, how much has pain got in the way of your everyday activities?"
    )
    sleep_effect = choice_field(
        "Does the pain wake you at night?",
        patient_choices(vocabulary.SLEEP_EFFECTS),
        "Say whether the pain wakes you at night.",
    )
    work_status = choice_field(
        "How does the pain affect your work?",
        patient_choices(vocabulary.WORK_STATUSES),
        "Say how the pain affects your work.",
    )
    weakness = yes_no_field("Do your legs or feet feel weak?")

    licensed_keys = ("dn4",)

    def __init__(self, *args, pain_site_known=False, instruments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pain_site_known:
            del self.fields["pain_site"]
        self.add_licensed(instruments or {})
        if self.licensed:
            # The licensed DN4 asks about the same feelings: it replaces the clinic's own words,
            # and like them is asked only with leg pain.
            del self.fields["nerve_pain_features"]
            for _name, questions in self.licensed_groups():
                for question in questions:
                    question.field.required = False
                    only_if(question.field, "leg_pain_average", *range(1, 11), required=False)


class DailyLifeForm(LicensedQuestions, IntakeForm):
    """The ODI and STarT Back, each asked only when the clinic has loaded its licensed wording."""

    licensed_keys = ("odi", "start_back")

    def __init__(self, *args, instruments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_licensed(instruments or {})


def pain_map_field(term):
    return forms.MultipleChoiceField(
        label=term.patient,
        choices=patient_choices(vocabulary.PAIN_REGIONS),
        widget=PainMap,
        required=False,
        error_messages={"invalid_choice": "Tick only the parts of the body on the map."},
    )


class WhereItHurtsForm(IntakeForm):
    skippable = True  # the page says every question may be skipped

    """
    Where it hurt before the first operation and where it hurts now, on the pain map, and what
    the first operation was for. Every question may be skipped; given both maps, the pain page
    does not ask whether the pain is in the same place.
    """

    pain_regions_before = pain_map_field(vocabulary.PAIN_MAP_BEFORE)
    first_operation_reason = choice_field(
        vocabulary.FIRST_OPERATION_REASON.patient,
        patient_choices(vocabulary.FIRST_OPERATION_REASONS),
        "Choose what your first operation was meant to help.",
        required=False,
        widget=ButtonRow,
    )
    dominant_pain_before = choice_field(
        vocabulary.DOMINANT_PAIN_BEFORE_QUESTION.patient,
        patient_choices(vocabulary.DOMINANT_PAIN_BEFORE),
        "Choose which pain was worse.",
        required=False,
        widget=ButtonRow,
    )
    pain_regions_now = pain_map_field(vocabulary.PAIN_MAP_NOW)


DOSE_UNIT_WORDS = {
    vocabulary.MG: "In mg.",
    vocabulary.MICROGRAMS_AN_HOUR: "The number on the patch (micrograms an hour).",
}


class MedicinesForm(IntakeForm):
    """
    The pain medicines taken now, each with how much and how often, so the clinician sees the
    daily morphine equivalent (``clinical.total_mme``). A dose left empty is a dose the patient
    is not sure of; a patch's dose is its rate, so it has no "how often".
    """

    medicines = term_field(
        forms.MultipleChoiceField,
        vocabulary.PAIN_MEDICINES_QUESTION,
        choices=patient_choices(vocabulary.PAIN_MEDICINES),
        widget=CheckboxTiles(span="half"),
        required=False,
        error_messages={"invalid_choice": "Tick only the medicines listed."},
    )
    other_medicine = only_if(
        forms.CharField(
            label="Which other medicine?",
            max_length=200,
            required=False,
            help_text="Only if you ticked 'Another medicine'.",
        ),
        "medicines",
        "other",
        required=False,
    )
    blood_thinners = choice_field(
        "Do you take a blood thinner, like warfarin or apixaban?",
        patient_choices(vocabulary.YES_NO_NOT_SURE),
        "Say whether you take a blood thinner.",
        required=False,
        widget=ButtonRow,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for medicine in vocabulary.PAIN_MEDICINES:
            for name, field in self._dose_fields(medicine):
                self.fields[name] = field
                _style_widget(field.widget)
        self.order_fields(["medicines", "other_medicine"])

    @staticmethod
    def _dose_fields(medicine):
        dose = forms.DecimalField(
            label=f"{medicine.patient}: how much each time?",
            required=False,
            min_value=0,
            max_value=10000,
            max_digits=7,
            decimal_places=2,
            help_text=f"{DOSE_UNIT_WORDS[medicine.dose_unit]} Leave it empty if you are not sure.",
            error_messages={"invalid": "Enter the dose as a number, for example 50."},
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        )
        yield f"{medicine.key}_dose", only_if(dose, "medicines", medicine.key, required=False)
        if medicine.dose_unit == vocabulary.MG:
            how_often = choice_field(
                f"{medicine.patient}: how many times a day?",
                patient_choices(vocabulary.DOSE_FREQUENCIES),
                "Say how often you take it, or that you are not sure.",
                required=False,
                widget=ButtonRow,
            )
            yield f"{medicine.key}_frequency", only_if(how_often, "medicines", medicine.key)

    def dose_groups(self):
        """Each medicine's dose questions, for the page to show under one heading."""
        return [
            (medicine, [self[name] for name, _ in self._dose_fields(medicine)])
            for medicine in vocabulary.PAIN_MEDICINES
        ]

    def items(self):
        """The medicines ticked, each with its dose (None: not sure) and how often."""
        data = self.cleaned_data
        return [
            {
                "medicine": key,
                "dose": None if data.get(f"{key}_dose") is None else float(data[f"{key}_dose"]),
                "frequency": data.get(f"{key}_frequency") or None,
                **({"name": data.get("other_medicine", "")} if key == "other" else {}),
            }
            for key in data.get("medicines", [])
        ]


def mood_field(term):
    return forms.TypedChoiceField(
        label=term.patient,
        choices=patient_choices(vocabulary.MOOD_ANSWERS),
        coerce=int,
        empty_value=None,
        required=False,
        widget=ButtonRow,
        error_messages={"invalid_choice": "Choose one of the answers."},
    )


PHQ9, GAD7 = (
    {item.key: item for item in vocabulary.PHQ9_ITEMS},
    {item.key: item for item in vocabulary.GAD7_ITEMS},
)


SELF_HARM_ANSWERS = [
    key for key in vocabulary.keys(vocabulary.MOOD_ANSWERS) if clinical.phq9_item9_flag(int(key))
]


def questionnaire_answers(questionnaire, *pages):
    """A questionnaire's answers in its order from the pages' cleaned data, None for each item
    not asked or skipped."""
    answers = {key: value for page in pages for key, value in page.items()}
    return [answers.get(item.key) for item in questionnaire]


def _short_score(answers, *items):
    values = [answers.get(item) for item in items]
    return None if None in values else sum(values)


class MoodWording:
    """The questionnaires' own stems and their credit, as published."""

    phq9_stem = vocabulary.PHQ9_QUESTION.patient
    gad7_stem = vocabulary.GAD7_QUESTION.patient
    credit = vocabulary.PHQ_GAD_CREDIT


class MoodForm(FlagsPage, MoodWording, IntakeForm):
    skippable = True  # the page says every question may be skipped

    """
    The PHQ-2 and GAD-2 (the first two items of the PHQ-9 and GAD-7), and PHQ-9 item 9, which
    is always asked: a "yes" to thoughts of self-harm shows crisis help at once and reaches the
    clinic. The rest of both questionnaires is asked on the next page only when either short
    screen is positive (``clinical.mood_needs_full_items``).
    """

    phq9_1 = mood_field(PHQ9["phq9_1"])
    phq9_2 = mood_field(PHQ9["phq9_2"])
    phq9_9 = raises_flag(
        mood_field(PHQ9["phq9_9"]), clinical.SELF_HARM_THOUGHTS, *SELF_HARM_ANSWERS
    )
    gad7_1 = mood_field(GAD7["gad7_1"])
    gad7_2 = mood_field(GAD7["gad7_2"])

    FLAGS = frozenset({clinical.SELF_HARM_THOUGHTS})

    @staticmethod
    def screen_is_positive(answers):
        """Whether the short screens in these cleaned answers call for the rest of both
        questionnaires (a short screen with an item skipped is not scored)."""
        return clinical.mood_needs_full_items(
            _short_score(answers, "phq9_1", "phq9_2"), _short_score(answers, "gad7_1", "gad7_2")
        )

    def flags_in(self, data):
        if data.get(self.add_prefix("phq9_9")) in SELF_HARM_ANSWERS:
            return [clinical.SELF_HARM_THOUGHTS]
        return []

    def red_flags(self):
        if clinical.phq9_item9_flag(self.cleaned_data.get("phq9_9")):
            return [clinical.SELF_HARM_THOUGHTS]
        return []


class MoreMoodForm(MoodWording, IntakeForm):
    """The rest of the PHQ-9 and GAD-7, asked after a positive short screen."""

    skippable = True

    phq9_3 = mood_field(PHQ9["phq9_3"])
    phq9_4 = mood_field(PHQ9["phq9_4"])
    phq9_5 = mood_field(PHQ9["phq9_5"])
    phq9_6 = mood_field(PHQ9["phq9_6"])
    phq9_7 = mood_field(PHQ9["phq9_7"])
    phq9_8 = mood_field(PHQ9["phq9_8"])
    gad7_3 = mood_field(GAD7["gad7_3"])
    gad7_4 = mood_field(GAD7["gad7_4"])
    gad7_5 = mood_field(GAD7["gad7_5"])
    gad7_6 = mood_field(GAD7["gad7_6"])
    gad7_7 = mood_field(GAD7["gad7_7"])


SCANNED = [key for key in vocabulary.keys(vocabulary.SCAN_TYPES) if key != "none_or_not_sure"]


class HealthForm(IntakeForm):
    """Health that changes what can be offered: smoking, diabetes, weight, the latest scan."""

    smoking = choice_field(
        "Do you smoke?",
        patient_choices(vocabulary.SMOKING),
        "Say whether you smoke.",
        required=False,
        widget=ButtonRow,
    )
    diabetes = choice_field(
        "Do you have diabetes?",
        patient_choices(vocabulary.YES_NO_NOT_SURE),
        "Say whether you have diabetes.",
        required=False,
        widget=ButtonRow,
    )
    height_cm = forms.IntegerField(
        label="Height in cm",
        required=False,
        min_value=clinical.HEIGHT_CM_RANGE[0],
        max_value=clinical.HEIGHT_CM_RANGE[1],
        error_messages={
            "invalid": "Enter your height in centimetres, for example 170.",
            "min_value": "Enter your height in centimetres, for example 170.",
            "max_value": "Enter your height in centimetres, for example 170.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    weight_kg = forms.DecimalField(
        label="Weight in kg",
        required=False,
        min_value=clinical.WEIGHT_KG_RANGE[0],
        max_value=clinical.WEIGHT_KG_RANGE[1],
        max_digits=5,
        decimal_places=1,
        error_messages={
            "invalid": "Enter your weight in kilograms, for example 80.",
            "min_value": "Enter your weight in kilograms, for example 80.",
            "max_value": "Enter your weight in kilograms, for example 80.",
            "max_decimal_places": "Enter your weight to one decimal place at most.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    scan_type = choice_field(
        "What was your latest scan of your back?",
        patient_choices(vocabulary.SCAN_TYPES),
        "Choose the kind of scan.",
        required=False,
        help_text="An MRI scanner is a noisy tunnel; a CT scanner is a ring that moves over you.",
    )
    scan_year = only_if(
        forms.IntegerField(
            label="About which year?",
            required=False,
            min_value=1950,
            max_value=2200,
            help_text="Only if you had a scan.",
            error_messages={
                "invalid": "Enter the year as four digits, for example 2023.",
                "min_value": "Enter the year as four digits, for example 2023.",
                "max_value": "Enter the year as four digits, for example 2023.",
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        ),
        "scan_type",
        *SCANNED,
        required=False,
    )
    scan_where = only_if(
        forms.CharField(
            label="Where was it done?",
            required=False,
            max_length=200,
            help_text="Only if you had a scan. A hospital or a town is enough.",
        ),
        "scan_type",
        *SCANNED,
        required=False,
    )

    def clean_scan_year(self):
        year = self.cleaned_data.get("scan_year")
        if year and year > timezone.localdate().year:
            raise ValidationError("The year of your scan cannot be in the future.")
        return year


class SafetyForm(FlagsPage, IntakeForm):
    """Every safety question, each needing a yes or a no."""

    FLAGS = frozenset(clinical.SAFETY_QUESTIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flag in vocabulary.SAFETY_QUESTIONS:
            field = yes_no_field(flag.patient, help_text=flag.hint)
            self.fields[flag.key] = raises_flag(field, flag.key, "yes")
            _style_widget(field.widget)

    def red_flags(self):
        return [name for name in self.fields if self.cleaned_data.get(name) == "yes"]

    def flags_in(self, data):
        return [
            flag for flag in clinical.SAFETY_QUESTIONS if data.get(self.add_prefix(flag)) == "yes"
        ]


class TreatmentsForm(IntakeForm):
    treatments_tried = forms.MultipleChoiceField(
        label="What have you tried since your operation? Tick all that apply.",
        choices=patient_choices(vocabulary.TREATMENTS_TRIED),
        required=False,
        widget=CheckboxTiles(span="half"),
        error_messages={"invalid_choice": "Tick only the treatments listed."},
    )
    discuss_options = forms.MultipleChoiceField(
        label="What would you like to talk about with us? Tick all that apply.",
        choices=patient_choices(vocabulary.DISCUSS_OPTIONS),
        widget=CheckboxTiles(span="half"),
        error_messages={
            "required": "Tick at least one, or 'Not sure yet'.",
            "invalid_choice": "Tick only the options listed.",
        },
    )
    goal = forms.CharField(
        label="In one sentence, what would you most like to be able to do again?",
        required=False,
        max_length=500,
        help_text="For example: walk the dog for half an hour.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for treatment in vocabulary.TREATMENTS_TRIED:
            field = only_if(
                choice_field(
                    f"{treatment.patient}: did it help?",
                    patient_choices(vocabulary.TREATMENT_RESPONSES),
                    "Say whether it helped.",
                    required=False,
                    widget=ButtonRow,
                ),
                "treatments_tried",
                treatment.key,
                required=False,
            )
            self.fields[f"{treatment.key}_response"] = field
            _style_widget(field.widget)
        self.order_fields(["treatments_tried", *self.response_names(), "discuss_options"])

    @staticmethod
    def response_names():
        return [f"{key}_response" for key in vocabulary.keys(vocabulary.TREATMENTS_TRIED)]

    def responses(self):
        """How each treatment tried worked, for the treatments the patient answered about."""
        data = self.cleaned_data
        return {
            key: data[f"{key}_response"]
            for key in data.get("treatments_tried", [])
            if data.get(f"{key}_response")
        }


class ResumeLinkEmailForm(IntakeForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address to send your link to.",
            "invalid": "Enter an e-mail address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ReviewForm(IntakeForm):
    privacy_consent = forms.BooleanField(
        label="I have read the privacy notice and agree that the clinic keeps and uses my answers "
        "to plan my care.",
        error_messages={"required": "Tick the box to agree to the privacy notice."},
    )
    signature_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        error_messages={"required": "Type your full name to sign."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, full_name="", **kwargs):
        self.full_name = full_name
        super().__init__(*args, **kwargs)

    def clean_signature_name(self):
        typed = " ".join(self.cleaned_data["signature_name"].split())
        if self.full_name and typed.casefold() != " ".join(self.full_name.split()).casefold():
            raise ValidationError(
                "Type your name exactly as you gave it on the first page: %(name)s.",
                params={"name": self.full_name},
            )
        return typed
