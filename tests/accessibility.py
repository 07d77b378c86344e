"""axe-core in the browser tests: one audit per page state, its report kept as JSON.

``audit(page, name)`` runs axe-core (through axe-playwright-python, which ships axe.min.js: nothing is
fetched) on what the page shows now, open shadow roots included (the chat widget's), and writes the
whole report to ``test-output/axe/<name>.json``. ``blocking(report)`` lists its serious and critical
violations as « rule-id (impact): target » lines, for the test's assertion message.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

AXE_OUTPUT = Path(__file__).resolve().parents[1] / "test-output" / "axe"
BLOCKING_IMPACTS = ("serious", "critical")
# Every rule axe-core runs by default (WCAG 2.0/2.1/2.2 A and AA, and its best practices); the
# report keeps the details of the violations and the incomplete checks (to review by hand).
OPTIONS = {"resultTypes": ["violations", "incomplete"]}


def audit(page: Any, name: str) -> dict[str, Any]:
    """axe-core's report on ``page`` as it is, saved as ``test-output/axe/<name>.json``."""
    from axe_playwright_python.sync_playwright import Axe

    AXE_OUTPUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = Axe().run(page, options=OPTIONS).response
    report["auditSeconds"] = round(time.monotonic() - started, 2)
    report["impactCounts"] = impact_counts(report)
    (AXE_OUTPUT / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def impact_counts(report: dict[str, Any]) -> dict[str, int]:
    """Violated rules by impact (each rule once, whatever its number of elements)."""
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for violation in report["violations"]:
        counts[violation.get("impact") or "minor"] += 1
    return counts


def blocking(report: dict[str, Any]) -> list[str]:
    """One line per element that violates a serious or critical rule: ``rule-id (impact): target``."""
    lines = []
    for violation in report["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = ", ".join(
                " >>> ".join(part) if isinstance(part, list) else str(part) for part in node["target"]
            )  # an element in a shadow root is a list of selectors, host first: « #vae-chat >>> .log »
            lines.append(f"{violation['id']} ({violation['impact']}): {target} — {violation['help']}")
    return lines


def audit_and_collect(page: Any, name: str, problems: list[str]) -> dict[str, Any]:
    """:func:`audit`, adding the page's blocking violations to ``problems`` (prefixed with ``name``)."""
    report = audit(page, name)
    problems.extend(f"[{name}] {line}" for line in blocking(report))
    return report
