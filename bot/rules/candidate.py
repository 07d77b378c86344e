"""Can this person be hired on a VAE inversée contract?

No diploma and no prior experience are required: they are never a reason to refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.parsing.profile import CertificationType
from bot.rules.parameters import ParameterSet, default_parameters
from bot.rules.verdict import Eligibility, Reason, Verdict, combine, refused, text_reference
from bot.rules.window import check_window

_C = CertificationType
ELIGIBLE_CERTIFICATIONS = frozenset(
    kind.value for kind in (_C.RNCP, _C.TITRE_PRO, _C.DIPLOMA, _C.CQP, _C.SKILLS_BLOCK, _C.COLLECTIVE_AGREEMENT)
)


@dataclass(frozen=True)
class CandidateEligibility(Eligibility):
    """The verdict for one candidate; ``needs_avenant`` when already on a CDI."""

    needs_avenant: bool = False


def candidate_eligibility(
    day: dt.date,
    *,
    age: int | None,
    already_cdi_with_employer: bool | None,
    contract_start: dt.date | None,
    certification_type: CertificationType | str | None,
    parameters: ParameterSet | None = None,
) -> CandidateEligibility:
    """Check a candidate on the contract's date (``day`` when ``contract_start`` is unknown).

    ``still_needed``: the age, the start date while the window may still open or close before it,
    and the certification, unless a refusal already stands.

    Raises:
        ValueError: if ``age`` is negative.
    """
    parameters = parameters or default_parameters()
    window = check_window(contract_start or day, parameters)
    reasons = [window.reason]
    missing: list[str] = []

    if age is None:
        missing.append("age")
    else:
        reasons.append(_age_reason(age, window.rules_day, parameters))

    needs_avenant = bool(already_cdi_with_employer)
    if needs_avenant:
        reasons.append(Reason("cdi_avenant", Verdict.ELIGIBLE, text_reference("faq")))

    certification = _normalise(certification_type)
    if not certification:
        missing.append("certification")
    elif certification in ELIGIBLE_CERTIFICATIONS:
        reasons.append(Reason("certification_eligible", Verdict.ELIGIBLE, text_reference("decree")))
    else:
        reasons.append(Reason("certification_to_check", Verdict.TO_CHECK, text_reference("decree")))

    # Unknown, the start is taken as ``day``: a later one may fall outside a window not yet closed.
    start_may_change = contract_start is None and not window.closed
    settled = [reason for reason in reasons if not (start_may_change and reason is window.reason)]
    still_needed: list[str] = []
    if not refused(settled):
        still_needed = [fact for fact, unknown in (
            ("age", age is None),
            ("contract_start", start_may_change),
            ("certification_type", not certification),
        ) if unknown]
    return CandidateEligibility(
        verdict=combine(reasons, missing),
        reasons=reasons,
        window_closed=window.closed,
        needs_avenant=needs_avenant,
        missing=missing,
        still_needed=still_needed,
    )


def _age_reason(age: int, day: dt.date, parameters: ParameterSet) -> Reason:
    if age < 0:
        raise ValueError(f"age must be a positive number of years, got {age}")
    min_age = parameters.get("eligibility.min_age")
    verdict = Verdict.ELIGIBLE if age >= min_age.value_on(day) else Verdict.NOT_ELIGIBLE
    code = "min_age_met" if verdict is Verdict.ELIGIBLE else "under_min_age"
    return Reason(code, verdict, min_age.reference_on(day), uncertain=min_age.uncertain)


def _normalise(code: CertificationType | str | None) -> str:
    if isinstance(code, CertificationType):
        return "" if code is CertificationType.UNKNOWN else code.value
    return (code or "").strip().lower().replace("-", "_").replace(" ", "_")
