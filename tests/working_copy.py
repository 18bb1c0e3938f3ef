"""
Editing a guide page's working copy through the admin, as an editor does: the form as it
stands, with some fields changed. Fields are named as ``COPIED_FIELDS`` declares them
(``title``, ``tags``, ...), so tests say what they change, not how the form spells it.
"""

from datetime import date

from django import forms
from django.utils import timezone

from education.forms import GuidePageAdminForm
from education.models import COPIED_FIELDS, FindingTag, GuidePage

CHANGELIST = "/admin/education/guidepage/"
ADD = f"{CHANGELIST}add/"
WORKING = {copied.name: copied.working for copied in COPIED_FIELDS}


def working(name):
    """The form field, and the column, holding the working copy of a copied field."""
    return WORKING[name]


def field_id(name):
    """The CSS selector of a copied field's input on the admin form, for the browser tests."""
    return f"#id_{working(name)}"


def posted_names():
    """
    Every name the admin form posts: the admin splits each date and time into a date part
    (``_0``) and a time part (``_1``).
    """
    names = []
    for name, field in GuidePageAdminForm.base_fields.items():
        if isinstance(field, forms.DateTimeField):
            names += [f"{name}_0", f"{name}_1"]
        else:
            names.append(name)
    return names


def change_url(page):
    return f"{CHANGELIST}{page.pk}/change/"


def edit_working_copy(client, page=None, **changes):
    """
    Post the page's admin form (the add form without a page) as it stands, with ``changes``:
    copied fields by name (``tags`` as finding keys, ``related`` as pages, dates as dates),
    the schedule as ``publish_at``/``expires_at`` datetimes. Returns the response.
    """
    url = change_url(page) if page else ADD
    form = client.get(url).context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    values.update(
        {WORKING.get(name, name): _as_posted(name, value) for name, value in changes.items()}
    )
    data = {}
    for name, value in values.items():
        data.update(_posted(form.fields.get(name), name, value))
    return client.post(url, data)


def edited(client, page, **changes):
    """``edit_working_copy`` that must succeed; the page as stored afterwards."""
    response = edit_working_copy(client, page, **changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return GuidePage.objects.get(pk=page.pk)


def changelist_row(client, text, **filters):
    """The row of the editors' list of pages that mentions ``text``."""
    html = client.get(CHANGELIST, filters).content.decode()
    rows = html.split('id="result_list"', 1)[1].split("</table>", 1)[0].split("<tr")
    return next(row for row in rows if text in row)


def _as_posted(name, value):
    if name == "tags":
        return list(FindingTag.objects.filter(key__in=value).values_list("pk", flat=True))
    if name == "related":
        return [page.pk for page in value]
    return value


def _posted(field, name, value):
    """The name-value pairs a browser posts for one field."""
    if field is not None and isinstance(field.widget, forms.MultiWidget):
        if not value:
            return {f"{name}_0": "", f"{name}_1": ""}
        local = timezone.localtime(value)
        return {
            f"{name}_0": local.date().isoformat(),
            f"{name}_1": local.time().isoformat("seconds"),
        }
    if isinstance(value, date):
        return {name: value.isoformat()}
    if value is None:
        return {name: [] if isinstance(field, forms.ModelMultipleChoiceField) else ""}
    return {name: value}
