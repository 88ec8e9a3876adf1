"""Hand-written SVG charts: no JavaScript, the same markup in pages and (later) PDFs.
Presentation attributes only (no style attributes): the CSP forbids inline styles.
Every chart is an image with a title and a description; the page shows its data as a
table next to it."""
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colour-blind-safe (Okabe–Ito) with a dash pattern each, so lines differ without colour.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#b8860b"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 2 2 2"]
MAX_SERIES = len(PALETTE)


def _nice_max(value):
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above value."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal("0.1")
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if step * magnitude >= value:
            return Decimal(step) * magnitude
    return 10 * magnitude


def _number(value):
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _svg_open(width, height, chart_id, title, description):
    """The opening of a chart: an image named by its title and described by its desc."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>']


def line_chart(series, *, title, description, unit="", width=640, height=320, chart_id="chart"):
    """series: [(label, {period: value})]; at most MAX_SERIES lines. Returns safe SVG."""
    series = series[:MAX_SERIES]
    periods = sorted({p for _label, values in series for p in values})
    if not periods:
        return ""
    top = _nice_max(max((v for _l, values in series for v in values.values()), default=Decimal(1)))
    left, right, upper, lower = 56, 16, 16, 48 + 18 * ((len(series) + 1) // 2)
    plot_w, plot_h = width - left - right, height - upper - lower
    total_h = height

    def x(period):
        return left + (plot_w * periods.index(period) / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y(value):
        return upper + plot_h - float(Decimal(value) / top) * plot_h

    out = _svg_open(width, total_h, chart_id, title, description)
    for n in range(5):   # grid and y labels
        value = top * n / 4
        yy = y(value)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#d0d0d0" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="12" fill="#333">'
                   f'{escape(_number(value))}{escape(unit and " " + unit)}</text>')
    every = max(1, len(periods) // 8)
    for n, period in enumerate(periods):
        if n % every == 0 or n == len(periods) - 1:
            out.append(f'<text x="{x(period):.1f}" y="{upper + plot_h + 18}" text-anchor="middle" font-size="12" '
                       f'fill="#333">{escape(period)}</text>')
    for n, (label, values) in enumerate(series):
        points = " ".join(f"{x(p):.1f},{y(v):.1f}" for p, v in sorted(values.items()))
        dash = f' stroke-dasharray="{DASHES[n]}"' if DASHES[n] else ""
        out.append(f'<polyline fill="none" stroke="{PALETTE[n]}" stroke-width="2.5"{dash} points="{points}">'
                   f'<title>{escape(label)}</title></polyline>')
        lx, ly = left + (n % 2) * (plot_w / 2), upper + plot_h + 40 + 18 * (n // 2)
        out.append(f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly - 4}" y2="{ly - 4}" stroke="{PALETTE[n]}" '
                   f'stroke-width="2.5"{dash}/>')
        out.append(f'<text x="{lx + 34:.1f}" y="{ly}" font-size="12" fill="#222">{escape(label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


def bar_chart(bars, *, title, description, unit="", width=640, chart_id="bars"):
    """bars: [(label, value)], one horizontal bar each, in the given order. Returns safe SVG."""
    if not bars:
        return ""
    top = _nice_max(max(value for _label, value in bars))
    left, right, row = 180, 80, 24
    height = 16 + row * len(bars) + 8
    plot_w = width - left - right
    out = _svg_open(width, height, chart_id, title, description)
    for n, (label, value) in enumerate(bars):
        y = 16 + n * row
        length = float(Decimal(value) / top) * plot_w if value > 0 else 0
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#222">'
                   f'{escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{left + length + 6:.1f}" y="{y + 15}" font-size="12" fill="#222">'
                   f'{escape(_number(Decimal(value).quantize(Decimal("0.01"))))}{escape(unit and " " + unit)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


# Traffic-light colours from the same palette: green, yellow, red, grey for "not judged".
LIGHT_COLOURS = {"green": "#009e73", "yellow": "#e69f00", "red": "#d55e00", "none": "#8c8c8c"}


def stacked_bar_chart(rows, segments, *, title, description, width=640, chart_id="stacked"):
    """rows: [(label, [count per segment])], one horizontal bar each, its segments side by
    side and its total at the end; segments: [(label, colour or None)] for the legend
    (None: the palette in order). Segments are told apart by colour and order, with white
    gaps between them; the table beside the chart carries the numbers. Returns safe SVG."""
    if not rows:
        return ""
    colours = [colour or PALETTE[n % len(PALETTE)] for n, (_label, colour) in enumerate(segments)]
    top = _nice_max(Decimal(max(sum(counts) for _label, counts in rows)))
    left, right, row = 180, 60, 24
    legend_rows = (len(segments) + 2) // 3
    plot_w = width - left - right
    height = 16 + row * len(rows) + 12 + 20 * legend_rows
    out = _svg_open(width, height, chart_id, title, description)
    for n, (label, counts) in enumerate(rows):
        y = 16 + n * row
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#222">'
                   f'{escape(label)}</text>')
        x = float(left)
        for k, count in enumerate(counts):
            if count <= 0:
                continue
            length = float(Decimal(count) / top) * plot_w
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
                       f'fill="{colours[k]}" stroke="#ffffff" stroke-width="1">'
                       f'<title>{escape(label)}: {escape(segments[k][0])} {escape(_number(count))}</title></rect>')
            x += length
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12" fill="#222">'
                   f'{escape(_number(sum(counts)))}</text>')
    base = 16 + row * len(rows) + 12
    for k, (label, _colour) in enumerate(segments):
        lx, ly = left + (k % 3) * (plot_w / 3), base + 20 * (k // 3)
        out.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" fill="{colours[k]}"/>')
        out.append(f'<text x="{lx + 20:.1f}" y="{ly + 12}" font-size="12" fill="#222">{escape(label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
