"""
The intake in FHIR R4 (built and checked with ``fhir.resources``' R4B models).

- ``questionnaire``: the intake as a ``Questionnaire``, generated from the intake's forms;
- ``bundle``: a case as a ``Bundle`` of ``Patient``, ``QuestionnaireResponse``,
  ``Observation``, ``Procedure`` and ``Flag`` resources;
- ``export``: cases as NDJSON (one resource per line), recorded like every export.

Plain modules: the pages that serve them are in ``intake.fhir_views`` and the admin.
"""
