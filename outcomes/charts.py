"""
Small charts drawn on the server as SVG: geometry here, markup in ``templates/outcomes/charts``.

No script and no style attribute (the content security policy allows neither): positions are
SVG attributes and colours come from classes in ``outcomes/outcomes.css``. Every chart has the
same figures in a table beside it, for screen readers and for reading exact values.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 12, 30


def _fmt(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class LineChart:
    key: str
    title: str
    width: int
    height: int
    path: str
    dots: list  # (x, y, text)
    y_ticks: list  # (y, label)
    x_ticks: list  # (x, label)
    x_axis: tuple  # (x1, x2, y)
    y_axis: tuple  # (x, y1, y2)


def line_chart(*, key, title, top, points):
    """
    A measure over time: ``points`` are (months after the start of care, value or None,
    label); missing values are left out. The y axis runs 0 to ``top`` (lower is better).
    """
    known = [(months, value, label) for months, value, label in points if value is not None]
    span = max([24, *(months for months, _v, _l in known)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(months):
        return round(LEFT + plot_w * months / span, 1)

    def y(value):
        return round(TOP + plot_h * (1 - value / top), 1)

    dots = [(x(m), y(v), f"{label}: {_fmt(v)}") for m, v, label in known]
    path = " ".join(f"{'M' if i == 0 else 'L'}{dx} {dy}" for i, (dx, dy, _t) in enumerate(dots))
    ticks = sorted({months for months, _v, _l in known} | {0, span})
    return LineChart(
        key=key,
        title=title,
        width=WIDTH,
        height=HEIGHT,
        path=path,
        dots=dots,
        y_ticks=[(y(v), _fmt(v)) for v in (0, top // 2, top)],
        x_ticks=[(x(m), str(m)) for m in ticks],
        x_axis=(LEFT, WIDTH - RIGHT, TOP + plot_h),
        y_axis=(LEFT, TOP, TOP + plot_h),
    )


BAR_LABEL_W, BAR_W, BAR_H, BAR_GAP = 270, 300, 14, 8


@dataclass
class ShareChart:
    key: str
    title: str
    width: int
    height: int
    rows: list  # (label, y, [(category, x, width, text)])
    legend: list  # (category, label, x)


def share_chart(*, key, title, bars, labels):
    """
    For one measure, a bar per pathway and time point split into the share improved, with no
    change and worse. ``bars`` are (label, cell) with ``cell.shares`` in percent.
    """
    rows = []
    for index, (label, cell) in enumerate(bars):
        top = 24 + index * (BAR_H + BAR_GAP)
        x = BAR_LABEL_W
        parts = []
        for category, share in cell.shares.items():
            width = round(BAR_W * (share or 0) / 100, 1)
            parts.append((category, x, width, f"{labels[category]}: {share or 0}% of {cell.n}"))
            x += width
        rows.append((label, top, parts))
    legend = [(category, text, 10 + i * 200) for i, (category, text) in enumerate(labels.items())]
    return ShareChart(
        key=key,
        title=title,
        width=BAR_LABEL_W + BAR_W + 10,
        height=24 + len(rows) * (BAR_H + BAR_GAP),
        rows=rows,
        legend=legend,
    )
