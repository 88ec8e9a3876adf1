"""Network figures on small networks whose answers are known by hand."""
import pytest

from teilhabe.network import analysis
from teilhabe.network.ties import NetworkData, Source, Tie


def network(names, edges, kind="association"):
    actors = {i: {"name": name, "kind": kind, "fields": set(), "districts": set()} for i, name in enumerate(names)}
    ties = {}
    for a, b in edges:
        a, b = sorted((a, b))
        ties[(a, b)] = Tie(a, b, [Source("declared", "Test")])
    return NetworkData(actors, ties)


def figures(names, edges):
    return analysis.analyse(analysis.build_graph(network(names, edges)))


def test_it_measures_a_star():
    f = figures(["Mitte", "A", "B", "C", "D"], [(0, 1), (0, 2), (0, 3), (0, 4)])
    assert (f.actors, f.ties) == (5, 4)
    assert f.density == pytest.approx(0.4)          # 4 of 10 possible ties
    assert f.components == [5]
    assert f.degree == {0: 4, 1: 1, 2: 1, 3: 1, 4: 1}
    assert f.degree_centrality[0] == pytest.approx(1.0)
    assert f.degree_centrality[1] == pytest.approx(0.25)
    assert f.betweenness[0] == pytest.approx(1.0)   # every pair of leaves goes through the centre
    assert f.betweenness[1] == 0
    assert f.brokers == [0]
    assert f.peripheral == [1, 2, 3, 4]
    assert f.isolated == []
    assert f.betweenness_sample is None


def test_it_measures_a_path():
    f = figures(["A", "B", "C", "D"], [(0, 1), (1, 2), (2, 3)])
    assert f.density == pytest.approx(0.5)          # 3 of 6
    # B lies on the shortest paths A–C and A–D: 2 of the 3 pairs without B.
    assert f.betweenness[1] == pytest.approx(2 / 3)
    assert f.betweenness[2] == pytest.approx(2 / 3)
    assert f.betweenness[0] == 0
    assert f.brokers == [1, 2]
    assert f.peripheral == [0, 3]


def test_it_finds_two_components_and_an_isolate():
    f = figures(["A", "B", "C", "D", "E", "F"], [(0, 1), (1, 2), (0, 2), (3, 4)])
    assert f.components == [3, 2, 1]
    assert f.component_count == 3
    assert f.isolated == [5]
    assert f.peripheral == [3, 4]
    assert f.density == pytest.approx(4 / 15)
    assert f.brokers == []                          # nobody stands between others
    assert f.degree_centrality[5] == 0


def test_it_handles_an_empty_and_a_single_actor_network():
    empty = figures([], [])
    assert (empty.actors, empty.ties, empty.density, empty.components) == (0, 0, 0.0, [])
    single = figures(["A"], [])
    assert single.isolated == [0] and single.density == 0.0 and single.components == [1]


def test_it_compares_two_periods():
    before = analysis.build_graph(network(["A", "B", "C", "D"], [(0, 1), (1, 2)]))
    after = analysis.build_graph(network(["A", "B", "C", "D"], [(1, 2), (2, 3), (1, 3)]))
    change = analysis.compare(before, after)
    assert (change.actors_before, change.actors_after) == (3, 3)
    assert (change.ties_before, change.ties_after) == (2, 3)
    assert (change.ties_added, change.ties_ended) == (2, 1)
    assert change.joined == [3] and change.left == [0]
    assert change.density_before == pytest.approx(2 / 6)
    assert change.density_after == pytest.approx(3 / 6)


def test_it_estimates_betweenness_from_a_sample_above_the_limit(monkeypatch):
    monkeypatch.setattr(analysis, "EXACT_BETWEENNESS_LIMIT", 3)
    f = figures(["Mitte", "A", "B", "C", "D"], [(0, 1), (0, 2), (0, 3), (0, 4)])
    assert f.betweenness_sample == 5               # budget allows all sources: sample = n
    assert f.brokers == [0]


def test_it_draws_every_actor_with_a_title_and_no_style_attributes():
    from teilhabe.network import drawing

    graph = analysis.build_graph(network(["Mitte", "A & B", "C"], [(0, 1), (0, 2)]))
    svg = drawing.draw(graph, analysis.analyse(graph), title="Netz <Test>")
    assert svg.count("<circle") == 3 and svg.count("<line") == 2
    assert "<title>A &amp; B (Verein / Verband): 1 Verbindung, Zwischenposition 0.000</title>" in svg
    assert "<title id=\"network-title\">Netz &lt;Test&gt;</title>" in svg
    assert "style=" not in svg and "<script" not in svg
    assert svg == drawing.draw(graph, analysis.analyse(graph), title="Netz <Test>")  # same picture every time


def test_it_draws_only_the_most_connected_actors_of_a_large_network(monkeypatch):
    from teilhabe.network import drawing

    monkeypatch.setattr(drawing, "DRAW_LIMIT", 3)
    graph = analysis.build_graph(network(["Mitte", "A", "B", "C", "D"], [(0, 1), (0, 2), (1, 2), (0, 3)]))
    svg = drawing.draw(graph, analysis.analyse(graph), title="Netz")
    assert svg.count("<circle") == 3 and "Gezeichnet sind die 3 am stärksten vernetzten Akteure." in svg
