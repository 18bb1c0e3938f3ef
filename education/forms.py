import re

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from education.models import FINDING_KEYS, FindingTag, GuidePage


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the guide"),
        max_length=100,
        required=False,
        help_text=_("For example: injections, pain came back, numbness."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("education:search")
        self.helper.form_class = "guide-search no-print"
        self.helper.attrs = {"role": "search"}
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            FieldWithButtons("q", StrictButton(_("Search"), type="submit", css_class="btn-primary"))
        )


PK_LIMIT = 2**63 - 1


class PageChoicesField(forms.ModelMultipleChoiceField):
    """
    A multiple choice of rows by id that turns away ids no database column could hold; SQLite's
    driver would otherwise fail on them with an OverflowError instead of a form error.
    """

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not re.fullmatch(r"[0-9]{1,19}", str(pk)) or int(pk) > PK_LIMIT:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class GuidePageAdminForm(forms.ModelForm):
    """The working copy; the live fields change only by publishing."""

    class Meta:
        model = GuidePage
        fields = [
            "draft_title",
            "slug",
            "draft_summary",
            "draft_body",
            "draft_topic",
            "draft_position",
            "draft_related",
            "draft_tags",
            "publish_at",
            "expires_at",
            "draft_last_reviewed",
            "draft_next_review_due",
        ]
        widgets = {
            "draft_summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "draft_body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField"}),
            "draft_tags": forms.CheckboxSelectMultiple,
        }
        field_classes = {"draft_related": PageChoicesField, "draft_tags": PageChoicesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["draft_related"].queryset = GuidePage.objects.exclude(pk=self.instance.pk)
        # Patterns, then triage levels, then options, as the intake asks about them.
        self.fields["draft_tags"].queryset = FindingTag.objects.order_by(
            Case(*(When(key=key, then=Value(rank)) for rank, key in enumerate(FINDING_KEYS)))
        )
