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

from intake import clinical, vocabulary
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
    SPANS = ((8, "third"), (18, "half"))

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        length = len(str(label))
        option["span"] = next((span for most, span in self.SPANS if length <= most), "whole")
        return option


class RadioTiles(TileLayout, forms.RadioSelect):
    pass


class CheckboxTiles(TileLayout, forms.CheckboxSelectMultiple):
    pass


class AnswerButtons(forms.RadioSelect):
    """
    One-word answers (yes, no) as a pair of buttons beside the question: one tap, and a
    question costs a line or two of a phone's screen. A radio group to assistive technology.
    """

    template_name = "intake/widgets/buttons.html"
    option_template_name = "intake/widgets/button_option.html"
    beside_question = True


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
    elif isinstance(widget, TileLayout | forms.CheckboxInput):
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
    ``values``: then it is required, otherwise it is not asked (the page's script hides it; the
    server ignores what it holds). Its hint says when it applies, for pages without a script.
    """

    field: str
    values: tuple[str, ...]


def only_if(field, controller, *values):
    field.only_if = OnlyIf(controller, values)
    return field


class IntakeForm(forms.Form):
    """
    A step of the intake. ``judged=False`` shows answers as they were typed without judging
    them: a patient coming back to a page sees errors only once they press Next again.
    """

    default_renderer = IntakeRenderer()
    bound_field_class = IntakeBoundField

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
            if str(cleaned.get(condition.field, "")) not in condition.values:
                self._errors.pop(name, None)
                cleaned[name] = field.clean("")
            elif name in cleaned and cleaned[name] in field.empty_values:
                self.add_error(name, field.error_messages["required"])
        return cleaned


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


def choice_field(label, choices, required_message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=RadioTiles,
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


def peg_field(label):
    return scale_field(label, "not at all", "completely")


class PainNowForm(IntakeForm):
    """
    Where the pain is, how bad it has been over the last week, and what it stops the patient
    doing: one page. The PEG's pain item is not asked: it is worked out from the back and leg
    averages (``clinical.peg_pain_item``), so no score is asked twice.
    """

    pain_site = choice_field(
        vocabulary.PAIN_SITE.patient,
        patient_choices(vocabulary.PAIN_SITES),
        "Say where your pain is now.",
    )
    back_pain_average = nrs_field("Back pain on average over the last week")
    leg_pain_average = nrs_field("Leg pain on average over the last week")
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
    numbness = yes_no_field("Do you have numbness in your back, buttocks or legs?")
    pins_and_needles = yes_no_field("Do you have pins and needles or tingling?")
    weakness = yes_no_field("Do your legs or feet feel weak?")


class DailyLifeForm(IntakeForm):
    """The ODI, asked only when the clinic has loaded its licensed wording."""

    def __init__(self, *args, odi_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        for number, section in enumerate(odi_sections, start=1):
            self.fields[f"odi_{number}"] = field = forms.TypedChoiceField(
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
            )
            _style_widget(field.widget)
        self.odi_section_count = len(odi_sections)

    @property
    def odi_fields(self):
        return [self[f"odi_{n}"] for n in range(1, self.odi_section_count + 1)]

    def odi_answers(self):
        if not self.odi_section_count:
            return None
        return [self.cleaned_data.get(f"odi_{n}") for n in range(1, self.odi_section_count + 1)]


class SafetyForm(IntakeForm):
    """Every safety question, each needing a yes or a no."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flag in vocabulary.SAFETY_QUESTIONS:
            self.fields[flag.key] = yes_no_field(flag.patient, help_text=flag.hint)
            _style_widget(self.fields[flag.key].widget)

    def red_flags(self):
        return [name for name in self.fields if self.cleaned_data.get(name) == "yes"]


class TreatmentsForm(IntakeForm):
    treatments_tried = forms.MultipleChoiceField(
        label="What have you tried since your operation? Tick all that apply.",
        choices=patient_choices(vocabulary.TREATMENTS_TRIED),
        required=False,
        widget=CheckboxTiles,
        error_messages={"invalid_choice": "Tick only the treatments listed."},
    )
    discuss_options = forms.MultipleChoiceField(
        label="What would you like to talk about with us? Tick all that apply.",
        choices=patient_choices(vocabulary.DISCUSS_OPTIONS),
        widget=CheckboxTiles,
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
