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
