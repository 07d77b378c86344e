"""No legal figure is typed in the code: every one lives in a dated parameter file.

Every numeric parameter value of 10 or more is searched in the source text of every ``.py`` file
under ``bot/`` and ``actions/`` (tests excluded), as Python prints it ("9000", "1823.03") and
with French separators ("9 000", "1 823,03").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.rules.parameters import default_parameters

ROOT = Path(__file__).resolve().parents[2]
SEPARATORS = "[ \u00a0\u202f]"

# Folders whose numbers are not legal figures.
EXEMPT_FOLDERS: dict[str, str] = {
    "bot/parsing": "a French number parser: its literals are number words' values (« seize » = 16)"
    " and its docstrings quote sample messages",
}
# Exact source lines, per file, that hold a number which is not a legal figure. Keep it short.
EXEMPT_LINES: dict[str, dict[str, str]] = {
    "bot/formatting.py": {
        '"""French typography for the figures users read: « 9 000 € », « 28 février 2026 »."""':
            "a formatting example in a docstring",
        '"""``9000`` → ``9 000 €`` (non-breaking spaces)."""': "a formatting example in a docstring",
        '"""``36, \'mois\'`` → ``36 mois``; ``1, \'jour\', \'jours\'`` → ``1 jour``."""':
            "a formatting example in a docstring",
    },
    "bot/intake.py": {
        "a message such as « j\'ai 45 ans et je suis demandeur d\'emploi » fills several at once.":
            "a sample user message in a docstring",
    },
    "bot/rules/financing.py": {"MONTHS_PER_YEAR = 12": "the months of a calendar year"},
    "bot/dashboard/charts.py": {"LEFT, RIGHT, TOP, BOTTOM = 48, 14, 14, 40": "a chart's margins in pixels"},
    "bot/leads/config.py": {
        "DEFAULT_RETENTION_MONTHS = 12  # the project's retention policy, announced to every visitor":
            "a product setting (LEADS_RETENTION_MONTHS), not a legal figure",
    },
}
# Files that do type a legal figure today, owned by another developer: strict xfail, so the
# test fails again (XPASS) once the file is fixed and the entry must be removed.
KNOWN_VIOLATIONS: dict[str, str] = {}


def legal_figures() -> dict[str, str]:
    """Every numeric parameter value of 10 or more, as Python prints it, with one parameter using it."""
    parameters = default_parameters()
    figures: dict[str, str] = {}
    for name in parameters.names():
        for _, value in parameters.get(name).values:
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 10:
                figures.setdefault(str(int(value)) if float(value).is_integer() else str(value), name)
    return figures


def figure_pattern(figure: str) -> re.Pattern[str]:
    """``1801.8`` matches "1801.8", "1801.80", "1 801,80"; never inside a longer number or word."""
    whole, _, decimals = figure.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    number = f"{SEPARATORS}?".join(groups)
    if decimals:
        number += f"[.,]{decimals}0*"
    return re.compile(rf"(?<![\w.,]){number}(?![\w]|[.,]\d)")


def sources() -> list[Path]:
    files = [path for folder in ("bot", "actions") for path in (ROOT / folder).rglob("*.py")]
    return sorted(
        path for path in files
        if "tests" not in path.relative_to(ROOT).parts
        and not any(path.relative_to(ROOT).as_posix().startswith(f"{folder}/") for folder in EXEMPT_FOLDERS)
    )


def source_params() -> list:
    params = []
    for path in sources():
        relative = path.relative_to(ROOT).as_posix()
        known = KNOWN_VIOLATIONS.get(relative)
        marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
        params.append(pytest.param(path, marks=marks, id=relative))
    return params


FIGURES = legal_figures()
PATTERNS = {figure: figure_pattern(figure) for figure in FIGURES}


def test_the_figures_include_the_caps_and_the_smic() -> None:
    assert {"9000", "6000", "2000", "1000", "300", "36", "16", "1823.03", "1801.8", "12.02"} <= set(FIGURES)


@pytest.mark.parametrize("path", source_params())
def test_no_legal_figure_in_the_code(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    allowed = EXEMPT_LINES.get(relative, {})
    found = [
        f"line {number}: {figure} ({FIGURES[figure]})"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() not in allowed
        for figure, pattern in PATTERNS.items()
        if pattern.search(line)
    ]
    assert not found, f"{relative} types legal figures; read them from the parameters: {found}"


@pytest.mark.parametrize(
    ("figure", "text", "found"),
    [
        ("9000", "cap = 9000", True),
        ("9000", "cap = 9_000", False),
        ("9000", "« 9 000 € »", True),
        ("9000", "9\u00a0000\u00a0€", True),
        ("9000", "9\u202f000", True),
        ("9000", "19000", False),
        ("9000", "9000.5", False),
        ("1823.03", "1823.03", True),
        ("1823.03", "1 823,03 €", True),
        ("1801.8", "1801.80", True),
        ("1801.8", "1801.81", False),
        ("26", "if age >= 26:", True),
        ("26", "2026-02-28", False),
        ("26", "jobseeker_26_plus", False),
        ("16", "age < 16.", True),
    ],
)
def test_the_pattern(figure: str, text: str, found: bool) -> None:
    assert bool(figure_pattern(figure).search(text)) is found
