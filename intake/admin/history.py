"""How a case's changes read on its history page."""

from simple_history.template_utils import HistoricalRecordContextHelper

from intake.summary import person_name


class CaseHistoryDisplay(HistoricalRecordContextHelper):
    """Show changes in words: choice labels and people's names rather than stored codes."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value in (None, ""):
            return "(empty)"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation and field.many_to_one:
            if getattr(value, "pk", None) is None:  # simple-history's stand-in for no one
                return "(empty)"
            return person_name(value) if hasattr(value, "get_username") else value
        return super().prepare_delta_change_value(change, value)
