"""Charts: numbers -> static SVG, drawn at build time (readable without JavaScript).

Pure functions returning one SVG element as a string on a single line run (no blank line, so
Markdown passes it through inside a ``<div>``). Text and axes use ``currentColor`` and bars the
theme's colour variable, so charts follow the light and dark schemes. Every chart has a
``<title>`` and axis labels; the pages put the same numbers one click away in a ``<details>``.

Every chart draws with the same few elements and attributes (lines are ``<line>`` with a class
and a ``stroke``; their widths are in extra.css), whatever its data: a page's markup has the same
shape for ordinary and unusual records (tests/e2e/test_hostile.py compares them).

Legibility: an SVG drawn at ``width="100%"`` scales its text with it (a 640-unit chart on a
390 px phone shrinks 13 px text to 8 px). So every chart is drawn at its own size in CSS pixels
(``width`` and ``height`` equal to the ``viewBox``): its text is ``FONT_PX`` as rendered at any
screen width, and a chart wider than the screen scrolls inside its box (``.chart-box``), which
shows a scroll cue, as wide tables do.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence

from generator.statistics import YearSeries

WIDTH = 600
FONT_PX = 13
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 190  # at most; narrower when every label is short
CHARACTER_PX = 7.5  # a generous mean width of a character at FONT_PX
THEME_COLOUR = "var(--md-primary-fg-color, #4051b5)"
# Colour-blind safe (Okabe and Ito 2008), readable on the light and the dark scheme.
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _open(title: str, width: int, height: int, chart_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{_escape(chart_id)}-title" '
        f'font-size="{FONT_PX}px" fill="currentColor">',
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
    ticks: Sequence[float] = (0, 0.5, 1),
) -> str:
    """One bar per item, labelled at the left, value at the bar's end; ``None`` draws no bar.
    The axis is labelled at ``ticks``, fractions of ``maximum``."""
    label_width = min(LABEL_WIDTH, 16 + round(CHARACTER_PX * max((len(label) for label, _ in items), default=0)))
    plot_width = WIDTH - label_width - 70
    height = 30 + len(items) * (BAR_HEIGHT + BAR_GAP) + 40
    parts = _open(title, WIDTH, height, chart_id)
    for index, (label, value) in enumerate(items):
        y = 20 + index * (BAR_HEIGHT + BAR_GAP)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end">{_escape(label)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + BAR_HEIGHT * 0.7:.1f}">no papers</text>')
            continue
        bar = 0 if maximum <= 0 else plot_width * min(value, maximum) / maximum
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}" style="fill: {THEME_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{label_width + bar + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}">{_escape(value_text(value))}</text>'
        )
    axis_y = 20 + len(items) * (BAR_HEIGHT + BAR_GAP)
    parts.append(
        f'<line class="axis" x1="{label_width}" y1="{axis_y}" x2="{label_width + plot_width}" y2="{axis_y}" '
        'stroke="currentColor"/>'
    )
    for fraction in ticks:
        x = label_width + plot_width * fraction
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{_escape(value_text(maximum * fraction))}</text>'
        )
    middle = label_width + plot_width / 2
    parts.append(f'<text x="{middle:.1f}" y="{axis_y + 34}" text-anchor="middle">{_escape(axis_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[float] | None]],
    segment_labels: Sequence[str],
    *,
    chart_id: str,
    axis_label: str,
) -> str:
    """One bar per row made of shares that add up to 1 (a segment per label, in order), with a
    legend on top; a row whose shares are ``None`` says "no papers" (a year without papers)."""
    label_width, plot_width = 70, WIDTH - 70 - 20
    legend_height = 24 * len(segment_labels)
    top = legend_height + 10
    height = top + len(rows) * (BAR_HEIGHT + BAR_GAP) + 40
    parts = _open(title, WIDTH, height, chart_id)
    for index, label in enumerate(segment_labels):
        y = 4 + index * 24
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{label_width}" y="{y}" width="16" height="16" style="fill: {colour}"/>')
        parts.append(f'<text x="{label_width + 22}" y="{y + 13}">{_escape(label)}</text>')
    for index, (label, shares) in enumerate(rows):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end">{_escape(label)}</text>'
        )
        if shares is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + BAR_HEIGHT * 0.7:.1f}">no papers</text>')
            continue
        x = float(label_width)
        for segment, share in enumerate(shares):
            width = plot_width * share
            colour = SERIES_COLOURS[segment % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" style="fill: {colour}"/>'
            )
            x += width
    axis_y = top + len(rows) * (BAR_HEIGHT + BAR_GAP)
    parts.append(
        f'<line class="axis" x1="{label_width}" y1="{axis_y}" x2="{label_width + plot_width}" y2="{axis_y}" '
        'stroke="currentColor"/>'
    )
    for fraction in (0, 0.5, 1):
        parts.append(
            f'<text x="{label_width + plot_width * fraction:.1f}" y="{axis_y + 16}" '
            f'text-anchor="middle">{fraction * 100:.0f}%</text>'
        )
    parts.append(
        f'<text x="{label_width + plot_width / 2:.1f}" y="{axis_y + 34}" '
        f'text-anchor="middle">{_escape(axis_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def year_lines(
    title: str,
    series: Sequence[YearSeries],
    *,
    chart_id: str,
    maximum: float,
    y_label: str,
    value_text: Callable[[float], str],
) -> str:
    """One line per series over the years, a vertical bar for each point's interval where it has
    one. A series is drawn run by run (``YearSeries.runs``): no line crosses a year without papers;
    a run of one year is a lone point. The legend names each series' colour."""
    legend_height = 24 * len(series)
    left, right, top, bottom = 60, 20, legend_height + 16, 50
    height = top + 220 + bottom
    plot_width, plot_height = WIDTH - left - right, 220
    years = [point.year for line in series for point in line.points]
    first, last = (min(years), max(years)) if years else (0, 1)
    span = max(last - first, 1)

    def x_of(year: int) -> float:
        return left + plot_width * ((year - first) / span if last > first else 0.5)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - min(max(value, 0), maximum) / maximum)

    parts = _open(title, WIDTH, height, chart_id)
    for index, line in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        y = 4 + index * 24
        parts.append(f'<rect x="{left}" y="{y + 6}" width="16" height="4" style="fill: {colour}"/>')
        parts.append(f'<text x="{left + 22}" y="{y + 13}">{_escape(line.label)}</text>')
        for run in line.runs:
            for start, end in itertools.pairwise(run):
                parts.append(
                    f'<line class="series-run" x1="{x_of(start.year):.1f}" y1="{y_of(start.value):.1f}" '
                    f'x2="{x_of(end.year):.1f}" y2="{y_of(end.value):.1f}" stroke="{colour}"/>'
                )
        for point in line.points:
            x = x_of(point.year)
            if point.low is not None and point.high is not None:
                parts.append(
                    f'<line class="interval" x1="{x:.1f}" y1="{y_of(point.low):.1f}" x2="{x:.1f}" '
                    f'y2="{y_of(point.high):.1f}" stroke="{colour}"/>'
                )
            parts.append(f'<circle cx="{x:.1f}" cy="{y_of(point.value):.1f}" r="4" style="fill: {colour}"/>')
    axis_y = top + plot_height
    parts.append(
        f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + plot_width}" y2="{axis_y}" stroke="currentColor"/>'
    )
    parts.append(f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="currentColor"/>')
    if years:
        step = max(1, (last - first + 1) // 8)  # at most about 9 year labels
        for year in range(first, last + 1, step):
            parts.append(f'<text x="{x_of(year):.1f}" y="{axis_y + 18}" text-anchor="middle">{year}</text>')
    for fraction in (0, 0.5, 1):
        value = maximum * fraction
        parts.append(
            f'<text x="{left - 6}" y="{y_of(value) + 4:.1f}" text-anchor="end">{_escape(value_text(value))}</text>'
        )
    parts.append(f'<text x="{left + plot_width / 2:.1f}" y="{height - 8}" text-anchor="middle">year</text>')
    parts.append(
        f'<text x="14" y="{top + plot_height / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_height / 2:.1f})">{_escape(y_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
