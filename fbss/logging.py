"""Logging filters that keep secrets out of the logs."""

import logging
import re

# A resume link, and a follow-up link (the follow-up's own pages have fixed names, no token).
RESUME_LINK = re.compile(r"(/intake/resume/|/follow-up/(?!(?:answer|done|instruction)/))[^/\s\"']+")
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text):
    """``text`` with the token of every resume link and every e-mail address replaced."""
    return EMAIL_ADDRESS.sub("[address]", RESUME_LINK.sub(r"\1[redacted]", text))


class RedactSecrets(logging.Filter):
    """
    Replace the token in resume links, and e-mail addresses, with placeholders, in the message
    and in any traceback. The token opens a patient's draft and the address is the patient's;
    Django logs the path of every 4xx/5xx response, and a library's error may quote either.
    """

    def filter(self, record):
        message = record.getMessage()
        if (redacted := redact(message)) != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
