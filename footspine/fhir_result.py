"""A footspine result as a FHIR R4 RiskAssessment, for a clinic system to store (``--report
F.fhir.json``).

RiskAssessment is the resource FHIR intends for "the likely outcomes for a person and how likely
each is", made by a tool or a clinician from stated data: each ranked cause is a prediction with
its likelihood band as the qualitative risk, the answers are its basis (a contained
QuestionnaireResponse), and the triage is its mitigation, the advice on what to do. A
ClinicalImpression is a clinician's own record of assessing a patient, which footspine is not.
As in every output, the urgency and any warning sign come first, and the urgency again last: the
triage level as an extension, ``mitigation`` starting with what to do and each warning sign raised
and ending with the closing line, and the disclaimer as the note.
"""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .fhir import SHA_SYSTEM, response
from .messages import language, say
from .results import CheckResult
from .wording import action, closing, reason_text

TRIAGE_EXTENSION = "urn:footspine:triage-level"
CONDITION_SYSTEM = "urn:footspine:condition"
LIKELIHOOD_SYSTEM = "urn:footspine:likelihood"


def risk_assessment(result: CheckResult) -> str:
    """The result as a RiskAssessment (JSON text)."""
    report, kb = result.report, result.kb
    level = report.triage.level
    advice = [f"{say(f'triage.{level}.label')}: {action(level, result.services)}"]
    advice += [f"{say('flag.title', name=flag.name)}. {flag.advice}" for flag in report.red_flags]
    advice += [reason_text(reason, kb) for reason in report.triage.reasons if reason.code != "red_flag"]
    advice.append(closing(level, result.services))  # the urgency again at the end, as every output ends
    answers = response(report.answers, kb)
    answers["id"] = "answers"
    document: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "meta": {"tag": [{"system": SHA_SYSTEM, "code": report.rules_sha256}]},
        "language": language(),
        "contained": [answers],
        "extension": [{"url": TRIAGE_EXTENSION, "valueCode": level}],
        "status": "final",
        "method": {"text": f"footspine {__version__}, rules {report.rules_version}"},
        "subject": {"display": say("fhir.subject")},
        "basis": [{"reference": "#answers"}],
        "mitigation": " ".join(advice),
        "prediction": [
            {
                "outcome": {
                    "coding": [{"system": CONDITION_SYSTEM, "code": cause.id, "display": cause.name}]
                },
                "qualitativeRisk": {"coding": [{"system": LIKELIHOOD_SYSTEM, "code": cause.likelihood}]},
                "rationale": "; ".join(e.label for e in cause.evidence if e.points > 0)[:1000] or None,
            }
            for cause in report.causes
        ],
        "note": [{"text": report.disclaimer}],
    }
    for prediction in document["prediction"]:
        if prediction["rationale"] is None:
            del prediction["rationale"]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
