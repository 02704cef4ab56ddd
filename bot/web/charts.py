"""Charts for the stats page as inline SVG, drawn on the server: no script, no CDN, escaped labels."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 12, 12, 36


def _scale(value: float) -> tuple[float, float]:
    """(axis maximum, tick step) for counts: whole-number steps of 1, 2, 5 × 10^n, at most 5 intervals."""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor * 5:
                size = step * factor
                return max(size, size * -(-value // size)), size
        step *= 10


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _axes(y_max: float, step: float, labels: Sequence[str], slot: float, every: int) -> list[str]:
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts: list[str] = []
    for i in range(int(round(y_max / step)) + 1):
        value = step * i
        y = PAD_TOP + plot_h - plot_h * value / y_max
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(value)}</text>'
        )
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = PAD_LEFT + slot * (i + 0.5)
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    return parts


def _svg(title: str, body: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every label and title inside went through escape()
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> Markup:
    """One bar per label, one coloured segment per series (class s0, s1, … in the stylesheet)."""
    n = max(len(labels), 1)
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    y_max, step = _scale(max(totals, default=0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / n
    bar = max(2.0, slot * 0.7)
    body = _axes(y_max, step, labels, slot, max(1, n // 8))
    for i, label in enumerate(labels):
        y: float = PAD_TOP + plot_h
        x = PAD_LEFT + slot * i + (slot - bar) / 2
        for s, (name, values) in enumerate(series):
            value = values[i]
            if not value:
                continue
            h = plot_h * value / y_max
            y -= h
            body.append(
                f'<rect class="s{s % 10}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)} · {escape(name)}: {_fmt(value)}</title></rect>"
            )
    if not any(totals):
        body.append(_empty())
    return _svg(title, body)


def line(title: str, labels: Sequence[str], values: Sequence[float]) -> Markup:
    """A line with points, for counts over time."""
    n = max(len(labels), 1)
    y_max, step = _scale(max(values, default=0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / n
    body = _axes(y_max, step, labels, slot, max(1, n // 8))
    points = [
        (PAD_LEFT + slot * (i + 0.5), PAD_TOP + plot_h - plot_h * v / y_max) for i, v in enumerate(values)
    ]
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        base = PAD_TOP + plot_h
        body.append(
            f'<polygon class="area" points="{points[0][0]:.1f},{base} {path} {points[-1][0]:.1f},{base}"/>'
        )
        body.append(f'<polyline class="line" points="{path}"/>')
        for (x, y), label, v in zip(points, labels, values, strict=True):
            body.append(
                f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                f"<title>{escape(label)}: {_fmt(v)}</title></circle>"
            )
    if not any(values):
        body.append(_empty())
    return _svg(title, body)


def ratio_bars(title: str, rows: Sequence[tuple[str, float, str]]) -> Markup:
    """Horizontal bars of a 0–1 ratio per row: (label, ratio, caption)."""
    row_h = 26
    label_w = 210
    height = max(row_h * len(rows) + 30, 60)
    bar_w = WIDTH - label_w - 150
    body: list[str] = []
    for pct in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + bar_w * pct
        body.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 22}"/>'
            f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">{pct:.0%}</text>'
        )
    for i, (label, ratio, caption) in enumerate(rows):
        y = 8 + i * row_h
        ratio = min(max(ratio, 0.0), 1.0)
        body.append(
            f'<text class="label" x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(label[:32])}</text>'
            f'<rect class="track" x="{label_w}" y="{y}" width="{bar_w}" height="18"/>'
            f'<rect class="{"s1" if ratio >= 0.2 else "s0"}" x="{label_w}" y="{y}" '
            f'width="{bar_w * ratio:.1f}" height="18"><title>{escape(label)}: {escape(caption)}</title></rect>'
            f'<text class="label" x="{label_w + bar_w + 8}" y="{y + 14}">{escape(caption)}</text>'
        )
    if not rows:
        body.append(
            f'<text class="empty" x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle">no data yet</text>'
        )
    return Markup(  # noqa: S704 - every label and title inside went through escape()
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _empty() -> str:
    return f'<text class="empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no data yet</text>'
