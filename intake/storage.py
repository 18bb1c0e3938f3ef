import copy

from django import forms
from django.http import QueryDict
from formtools.wizard.storage.base import BaseStorage

# How much of a field with no length limit of its own (a choice, a number, a date) is kept: far
# more than any valid answer, so a patient's typing is kept as typed.
UNLIMITED_FIELD_LENGTH = 100


def answers_as_typed(form):
    """
    What a draft keeps of a posted page, valid or not: only the fields the page defines, each
    within its form's length limit (one value, or one per choice), without NUL characters,
    which PostgreSQL cannot store in JSON. Anything else posted is dropped, so a draft cannot
    be grown with junk.
    """
    kept = QueryDict(mutable=True)
    for part in _parts(form):
        for name, field in part.fields.items():
            key = part.add_prefix(name)
            values = form.data.getlist(key)
            if not values:
                continue
            limit = getattr(field, "max_length", None) or UNLIMITED_FIELD_LENGTH
            count = len(field.choices) if isinstance(field, forms.MultipleChoiceField) else 1
            kept.setlist(key, [value.replace("\x00", "")[:limit] for value in values[-count:]])
    return kept


def _parts(form):
    """A page's forms: itself, or a formset's management form and each of its forms."""
    if isinstance(form, forms.BaseFormSet):
        return [form.management_form, *form.forms]
    return [form]


class DraftStorage(BaseStorage):
    """
    Keeps the wizard's answers in the patient's ``Draft`` row instead of the session, so they
    survive a closed tab, an expired session or a different device. The view puts the draft
    on ``request.intake_draft`` before the wizard starts.
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft = request.intake_draft
        if not self.draft.data:
            self.init_data()
        self._saved_data = copy.deepcopy(self.draft.data)

    @property
    def data(self):
        return self.draft.data

    @data.setter
    def data(self, value):
        self.draft.data = value

    def update_response(self, response):
        """Write the draft only when its answers changed. The comparison is by value, not by
        text: PostgreSQL gives a JSON object's keys back in its own order."""
        super().update_response(response)
        if self.draft.data != self._saved_data:
            self.draft.save(update_fields=["data", "updated_at"])
            self._saved_data = copy.deepcopy(self.draft.data)
