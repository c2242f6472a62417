"""A logging filter that keeps link tokens (URLs of patient pages hold them) and email
addresses out of log lines."""

from __future__ import annotations

import logging
import re

# Patient and result links carry 43-character tokens; reset links and signed values are long
# too. Any run of 32+ URL-safe characters is treated as a secret.
_SECRET_LIKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}")
# Mail errors quote the recipient's address (SMTPRecipientsRefused and the like).
_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _EMAIL_ADDRESS.sub(REDACTED, _SECRET_LIKE.sub(REDACTED, text))


class RedactSecretsFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with tokens and addresses redacted.

    Django logs request paths on errors ("Internal Server Error: /program/<token>/") and
    on refused requests (django.security.*); this keeps such lines free of working links.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
