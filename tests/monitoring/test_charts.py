import re
from decimal import Decimal

from teilhabe.monitoring.charts import MAX_SERIES, _nice_max, line_chart


def test_it_draws_a_line_per_area_scaled_to_a_round_maximum():
    svg = line_chart([("Köln", {"2005": Decimal(10), "2006": Decimal(20)}),
                      ("Kalk", {"2005": Decimal(40), "2006": Decimal(30)})],
                     title="Anteil", description="Verlauf", unit="%", width=640, height=320)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    lines = re.findall(r'<polyline [^>]*points="([^"]+)"', svg)
    # plot: x 56…624, y 16…(320 − 48 − 18 = 254); maximum 40 → 50 % of the height is 20
    assert lines[0] == "56.0,206.4 624.0,158.8"
    assert lines[1] == "56.0,63.6 624.0,111.2"
    assert ">50 %<" in svg and ">12,5 %<" in svg and ">0 %<" in svg


def test_it_escapes_labels_and_limits_the_number_of_lines():
    series = [(f"<b>{n}</b>", {"2020": Decimal(n)}) for n in range(MAX_SERIES + 3)]
    svg = line_chart(series, title="T & U", description="D")
    assert svg.count("<polyline") == MAX_SERIES
    assert "<b>" not in svg and "&lt;b&gt;0&lt;/b&gt;" in svg and "T &amp; U" in svg


def test_it_draws_nothing_without_values():
    assert line_chart([("Köln", {})], title="T", description="D") == ""


def test_it_rounds_the_maximum_up_to_a_nice_number():
    assert [_nice_max(Decimal(v)) for v in ("40", "17.3", "0.42", "1044555", "0")] == [
        Decimal(50), Decimal(20), Decimal("0.5"), Decimal(2000000), Decimal(1)]


def test_it_draws_a_bar_per_area_in_order():
    from teilhabe.monitoring.charts import bar_chart

    svg = bar_chart([("Kalk", Decimal("48.08")), ("Köln", Decimal("36.5")), ("Nord & Süd", Decimal(0))],
                    title="Vergleich", description="D", unit="%", width=640)
    widths = re.findall(r'<rect [^>]*width="([^"]+)"', svg)
    # maximum 48.08 → 50; plot width 640 − 180 − 80 = 380
    assert widths == ["365.4", "277.4", "0.0"]
    assert ">48,08 %<" in svg and "Nord &amp; Süd" in svg
    assert bar_chart([], title="T", description="D") == ""
