import re

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from education.models import COPIED_FIELDS, COPIED_LINKS, GuidePage


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
    """The working copy and the schedule; the live fields change only by publishing."""

    class Meta:
        model = GuidePage
        fields = [
            *(copied.working for copied in COPIED_FIELDS),
            "publish_at",
            "expires_at",
        ]
        widgets = {
            "working_summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "working_body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField"}),
            "working_tags": forms.CheckboxSelectMultiple,
        }
        field_classes = {copied.working: PageChoicesField for copied in COPIED_LINKS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for copied in COPIED_LINKS:
            choices = self.fields[copied.working]
            choices.queryset = choices.queryset.in_editors_order()
        if self.instance.pk:
            related = self.fields["working_related"]
            related.queryset = related.queryset.exclude(pk=self.instance.pk)
