"""Check your own engine: an auditor for micrograd-style ``Value`` classes.

>>> from autograd.auditor import audit
>>> from autograd import Value
>>> bool(audit(Value, max_examples=10))
True

See :func:`audit`; the command line is ``python -m autograd audit MODULE:CLASS``.
"""

from autograd.auditor.report import BUGS, AuditReport
from autograd.auditor.run import AuditUsageError, audit

__all__ = ["BUGS", "AuditReport", "AuditUsageError", "audit"]
