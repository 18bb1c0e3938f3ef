from django import forms
from django.utils.translation import gettext_lazy as _

from education.models import GuidePage


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the guide"),
        max_length=100,
        required=False,
        help_text=_("For example: injections, pain came back, numbness."),
    )


class GuidePageAdminForm(forms.ModelForm):
    class Meta:
        model = GuidePage
        fields = [
            "draft_title",
            "slug",
            "draft_summary",
            "draft_body",
            "topic",
            "position",
            "related",
            "tags",
            "publish_at",
            "expires_at",
            "last_reviewed",
            "next_review_due",
        ]
        widgets = {
            "draft_summary": forms.Textarea(attrs={"rows": 3}),
            "draft_body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField"}),
            "tags": forms.CheckboxSelectMultiple,
        }
