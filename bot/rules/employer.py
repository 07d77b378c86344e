"""Can this employer hire on a VAE inversée contract?

Only private-law employers can. The sector is never refused from a list: it is assessed in the
project, which must be accepted after the national call for projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.rules.parameters import ParameterSet, default_parameters
from bot.rules.verdict import Eligibility, Reason, Verdict, combine, refused, text_reference
from bot.rules.window import check_window

PRIVATE_EMPLOYERS = frozenset(
    {"private_company", "association", "mutual", "cooperative", "geiq", "private"}
)
PUBLIC_EMPLOYERS = frozenset({"state", "local_authority", "public_administrative_body"})
TO_CHECK_EMPLOYERS = frozenset({"public_industrial_commercial_body"})


@dataclass(frozen=True)
class EmployerEligibility(Eligibility):
    """The verdict for one employer."""


def employer_eligibility(
    day: dt.date,
    *,
    employer_type: str | None,
    sector: str | None,
    parameters: ParameterSet | None = None,
) -> EmployerEligibility:
    """Check an employer for a contract concluded on ``day``.

    ``sector`` never changes the verdict: the reason ``sector_assessed_in_project`` is informative.
    ``still_needed`` is the employer's type, unless a refusal (the window) already stands.
    """
    parameters = parameters or default_parameters()
    window = check_window(day, parameters)
    reasons = [window.reason]
    missing: list[str] = []

    kind = (employer_type or "").strip().lower()
    law = text_reference("law")
    if not kind:
        missing.append("employer_type")
    elif kind in PRIVATE_EMPLOYERS:
        reasons.append(Reason("private_employer", Verdict.ELIGIBLE, law))
    elif kind in PUBLIC_EMPLOYERS:
        reasons.append(Reason("public_employer_excluded", Verdict.NOT_ELIGIBLE, law))
    elif kind in TO_CHECK_EMPLOYERS:
        reasons.append(Reason("public_industrial_commercial_body_to_check", Verdict.TO_CHECK, law))
    else:
        reasons.append(Reason("employer_type_to_check", Verdict.TO_CHECK, law))

    order = text_reference("order")
    reasons.append(Reason("sector_assessed_in_project", Verdict.TO_CHECK, order, informative=True))
    reasons.append(Reason("project_required", Verdict.TO_CHECK, order, informative=True))
    still_needed = [] if refused(reasons) else list(missing)
    return EmployerEligibility(combine(reasons, missing), reasons, window.closed, missing, still_needed)
