"""The site takes no files: no form has a file field."""

from django.core.exceptions import SuspiciousMultipartForm
from django.core.files.uploadhandler import FileUploadHandler


class RefuseFiles(FileUploadHandler):
    """Stop reading a request at its first file part, which no form would accept (a 400)."""

    def new_file(self, *args, **kwargs):
        raise SuspiciousMultipartForm("A file was posted; the site accepts none.")

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None
