"""Charts as inline SVG, drawn on the server: no script, no CDN, allowed by the page's CSP.
No xmlns: the HTML parser puts inline <svg> in the SVG namespace itself.

Colours are presentation attributes (not ``style=``), which a strict style-src still allows.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

from bot.formatting import format_number

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 14, 14, 40
X_LABELS = 14  # at most this many labels under the x axis
PALETTE = ("#1f5fa8", "#d9822b", "#3a8f5c", "#8c4fb0", "#b23b3b")


def bar_chart(title: str, bars: Sequence[tuple[str, float]], unit: str = "") -> Markup:
    """Vertical bars, one per (label, value); every few labels shown so they never overlap."""
    return stacked_bar_chart(title, [(label, [value]) for label, value in bars], [""], unit)


def stacked_bar_chart(
    title: str, bars: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], unit: str = ""
) -> Markup:
    """Vertical bars stacked by series (one colour each), with a legend when there are several."""
    top = max([sum(values) for _, values in bars] + [1])
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(bars), 1)
    every = max(1, round(len(bars) / X_LABELS))
    parts = [_open(title), _axis(top, unit)]
    for index, (label, values) in enumerate(bars):
        x = LEFT + index * step + step * 0.1
        y = TOP + inner_h
        for number, value in enumerate(values):
            height = inner_h * value / top
            y -= height
            if value:
                tip = f"{label}{' — ' + series[number] if series[number] else ''} : {format_number(value)}{unit}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{height:.1f}" '
                    f'fill="{PALETTE[number % len(PALETTE)]}"><title>{escape(_nbsp(tip))}</title></rect>'
                )
        if index % every == 0:
            parts.append(_x_label(LEFT + index * step + step / 2, label))
    parts.append(_legend(series))
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(title: str, points: Sequence[tuple[str, float]], unit: str = "", top: float | None = None) -> Markup:
    """A line through (label, value) points, with a dot on each."""
    top = top or max([value for _, value in points] + [1])
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points), 1)
    every = max(1, round(len(points) / X_LABELS))
    coordinates = [
        (LEFT + index * step + step / 2, TOP + inner_h - inner_h * value / top) for index, (_, value) in enumerate(points)
    ]
    parts = [_open(title), _axis(top, unit)]
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[4]}" stroke-width="2"/>')
    for index, ((label, value), (x, y)) in enumerate(zip(points, coordinates)):
        tip = f"{label} : {format_number(round(value, 1))}{unit}"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[4]}"><title>{escape(_nbsp(tip))}</title></circle>')
        if index % every == 0:
            parts.append(_x_label(x, label))
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(title: str, bars: Sequence[tuple[str, float]]) -> Markup:
    """Horizontal bars with their label and value written: the funnel, the topics."""
    row = 28
    label_w = 280
    height = max(len(bars), 1) * row + 8
    top = max([value for _, value in bars] + [1])
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(bars):
        y = 4 + index * row
        width = (WIDTH - label_w - 80) * value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="13" fill="#222">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 10}" fill="{PALETTE[index % 3]}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 18}" font-size="13" fill="#222">{escape(_nbsp(format_number(value)))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(title: str) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
    )


def _axis(top: float, unit: str) -> str:
    inner_h = HEIGHT - TOP - BOTTOM
    parts = [f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" stroke="#888"/>']
    # Counts get whole-number ticks only; a percentage or a large top gets the half line too.
    fractions = (0.5, 1.0) if unit or top >= 2 else (1.0,)
    for fraction in fractions:
        y = TOP + inner_h - inner_h * fraction
        value = top * fraction if unit else round(top * fraction)
        text = format_number(round(value, 1) if value < 10 else round(value))
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{escape(_nbsp(text + unit))}</text>'
        )
    return "".join(parts)


def _x_label(x: float, label: str) -> str:
    y = HEIGHT - BOTTOM + 15
    return f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="11" fill="#555">{escape(label)}</text>'


def _legend(series: Sequence[str]) -> str:
    if len(series) < 2:
        return ""
    parts = []
    for index, name in enumerate(series):
        x = LEFT + index * 140
        y = HEIGHT - 10
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="11" fill="#222">{escape(name)}</text>'
        )
    return "".join(parts)


def _nbsp(text: str) -> str:
    """A non-breaking space before a colon or a unit, as French typography wants."""
    return text.replace(" :", "\u00a0:").replace(" %", "\u00a0%")
