from formtools.wizard.storage.base import BaseStorage


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
        self._saved_data = repr(self.draft.data)

    @property
    def data(self):
        return self.draft.data

    @data.setter
    def data(self, value):
        self.draft.data = value

    def update_response(self, response):
        super().update_response(response)
        if repr(self.draft.data) != self._saved_data:
            self.draft.save(update_fields=["data", "updated_at"])
            self._saved_data = repr(self.draft.data)
