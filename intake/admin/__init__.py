"""
Clinician review in the admin: the triage queue, the readable case, its history and exports.

Only Clinicians (and superusers) hold the intake permissions, so the admin's own checks keep
everyone else out; the print view checks the same permission itself. Patient answers are
read-only for everyone: the form holds only the clinician's fields.

Each concern has its own module; importing them here registers the models with the admin.
"""

from intake.admin.cases import CaseAdmin
from intake.admin.records import CaseAccessAdmin, CaseExportAdmin, InstrumentAdmin

__all__ = ["CaseAccessAdmin", "CaseAdmin", "CaseExportAdmin", "InstrumentAdmin"]
