"""The clinician's part of a case page: the only fields anyone may change on a case."""

from django import forms

from intake.models import Case, Status

CLINICIAN_FIELDS = (
    "status",
    "assigned_to",
    "priority",
    "pathway",
    "closing_reason",
    "next_review_date",
    "clinician_notes",
)
CLOSING_NEEDS_PATHWAY_OR_REASON = (
    "To close a case, choose a recommended pathway or give a reason for closing."
)


class CaseClinicianForm(forms.ModelForm):
    """The clinician's part of a case; closing needs a pathway or a reason."""

    class Meta:
        model = Case
        fields = CLINICIAN_FIELDS

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Status.CLOSED
            and not cleaned.get("pathway")
            and not cleaned.get("closing_reason")
        ):
            # On the reason field, so the database constraint is not reported a second time.
            self.add_error("closing_reason", CLOSING_NEEDS_PATHWAY_OR_REASON)
        return cleaned


class FhirExportForm(forms.Form):
    """A date range of cases to hand to the clinic's record system, by the day they were sent."""

    first_day = forms.DateField(
        label="Sent from", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label="Sent until (inclusive)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day comes on or after the first.")
        return cleaned
