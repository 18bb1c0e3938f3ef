"""Logging filters that keep secrets out of the logs."""

import logging
import re

RESUME_LINK = re.compile(r"(/intake/resume/)[^/\s\"']+")


class RedactResumeTokens(logging.Filter):
    """
    Replace the token in resume links with a placeholder. Django logs the path of every
    4xx/5xx response, and the token is what opens a patient's draft.
    """

    def filter(self, record):
        message = record.getMessage()
        if "/intake/resume/" in message:
            record.msg = RESUME_LINK.sub(r"\1[redacted]", message)
            record.args = ()
        return True
