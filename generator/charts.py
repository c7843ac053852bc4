"""Charts: numbers -> static SVG, drawn at build time (readable without JavaScript).

Pure functions returning one SVG element as a string on a single line run (no blank line, so
Markdown passes it through inside a ``<div>``). Text and axes use ``currentColor`` and bars the
theme's colour variable, so charts follow the light and dark schemes. Every chart has a
``<title>`` and axis labels; the pages print the same numbers as a table beside it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 190
THEME_COLOUR = "var(--md-primary-fg-color, #4051b5)"


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _open(title: str, width: int, height: int, chart_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{_escape(chart_id)}-title" font-size="13" fill="currentColor">',
        f'<title id="{_escape(chart_id)}-title">{_escape(title)}</title>',
    ]


def horizontal_bars(
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    chart_id: str,
    maximum: float,
    axis_label: str,
    value_text: Callable[[float], str],
) -> str:
    """One bar per item, labelled at the left, value at the bar's end; ``None`` draws no bar."""
    plot_width = WIDTH - LABEL_WIDTH - 70
    height = 30 + len(items) * (BAR_HEIGHT + BAR_GAP) + 40
    parts = _open(title, WIDTH, height, chart_id)
    for index, (label, value) in enumerate(items):
        y = 20 + index * (BAR_HEIGHT + BAR_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end">{_escape(label)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + BAR_HEIGHT * 0.7:.1f}">no data</text>')
            continue
        bar = 0 if maximum <= 0 else plot_width * min(value, maximum) / maximum
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}" style="fill: {THEME_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + bar + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}">{_escape(value_text(value))}</text>'
        )
    axis_y = 20 + len(items) * (BAR_HEIGHT + BAR_GAP)
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{axis_y}" x2="{LABEL_WIDTH + plot_width}" y2="{axis_y}" stroke="currentColor"/>'
    )
    for fraction in (0, 0.5, 1):
        x = LABEL_WIDTH + plot_width * fraction
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{_escape(value_text(maximum * fraction))}</text>'
        )
    middle = LABEL_WIDTH + plot_width / 2
    parts.append(f'<text x="{middle:.1f}" y="{axis_y + 34}" text-anchor="middle">{_escape(axis_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_with_band(
    title: str,
    points: Sequence[tuple[int, float, float, float]],
    *,
    chart_id: str,
    maximum: float,
    x_label: str,
    y_label: str,
) -> str:
    """A line over years with its 95% interval as a band; points are (year, mean, low, high)."""
    height, left, right, top, bottom = 300, 60, 20, 20, 50
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    years = [point[0] for point in points]
    first, last = (min(years), max(years)) if years else (0, 1)
    span = max(last - first, 1)

    def x_of(year: int) -> float:
        return left + plot_width * ((year - first) / span if len(points) > 1 else 0.5)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - min(max(value, 0), maximum) / maximum)

    parts = _open(title, WIDTH, height, chart_id)
    if len(points) > 1:
        upper = " ".join(f"{x_of(year):.1f},{y_of(high):.1f}" for year, _, _, high in points)
        lower = " ".join(f"{x_of(year):.1f},{y_of(low):.1f}" for year, _, low, _ in reversed(points))
        parts.append(f'<polygon points="{upper} {lower}" style="fill: {THEME_COLOUR}; opacity: 0.2"/>')
        line = " ".join(f"{x_of(year):.1f},{y_of(mean):.1f}" for year, mean, _, _ in points)
        parts.append(f'<polyline points="{line}" fill="none" style="stroke: {THEME_COLOUR}" stroke-width="2"/>')
    for year, mean, low, high in points:
        parts.append(
            f'<line x1="{x_of(year):.1f}" y1="{y_of(low):.1f}" x2="{x_of(year):.1f}" y2="{y_of(high):.1f}" '
            'stroke="currentColor"/>'
            f'<circle cx="{x_of(year):.1f}" cy="{y_of(mean):.1f}" r="4" style="fill: {THEME_COLOUR}"/>'
            f'<text x="{x_of(year):.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>'
        )
    axis_y = top + plot_height
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_width}" y2="{axis_y}" stroke="currentColor"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="currentColor"/>')
    for fraction in (0, 0.5, 1):
        value = maximum * fraction
        parts.append(f'<text x="{left - 6}" y="{y_of(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    parts.append(
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 8}" text-anchor="middle">{_escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="14" y="{top + plot_height / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_height / 2:.1f})">{_escape(y_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
