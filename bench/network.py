"""Network analysis and drawing speed on synthetic networks.

    .venv/bin/python bench/network.py [--actors 10000] [--ties 100000] [--draw 500] [--repeat 3]

Targets (issue 6): the analysis of 10,000 actors and 100,000 ties under 10 s; the drawing of
500 actors under 3 s. Baseline in the same run: networkx only building the graph from the
same edge list (the floor any analysis pays). Best of --repeat runs each. No database: the
analysis functions take plain data (teilhabe.network.ties.NetworkData).
"""
import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")

import django  # noqa: E402

django.setup()

import networkx as nx  # noqa: E402

from teilhabe.actors.models import Actor  # noqa: E402
from teilhabe.network import analysis, drawing  # noqa: E402
from teilhabe.network.ties import NetworkData, Source, Tie  # noqa: E402


def synthetic(actors, ties, seed=1):
    """Actors of every kind; ties half at random, half towards a few hundred hubs (real
    networks have welfare organisations and offices that everyone works with)."""
    rnd = random.Random(seed)
    kinds = [k for k, _ in Actor.Kind.choices]
    data = {i: {"name": f"Akteur {i:05d}", "kind": kinds[i % len(kinds)], "fields": set(), "districts": set()}
            for i in range(actors)}
    hubs = max(1, actors // 50)
    edges = {}
    source = Source("declared", "synthetisch")
    while len(edges) < ties:
        a = rnd.randrange(actors)
        b = rnd.randrange(hubs) if rnd.random() < 0.5 else rnd.randrange(actors)
        if a != b:
            key = (min(a, b), max(a, b))
            edges.setdefault(key, Tie(key[0], key[1], [source]))
    return NetworkData(data, edges)


def best(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--draw", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"machine: {platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
          f"networkx {nx.__version__}")
    data = synthetic(args.actors, args.ties)
    edge_list = list(data.ties)

    def baseline():
        g = nx.Graph()
        g.add_nodes_from(data.actors)
        g.add_edges_from(edge_list)
        return g

    def full():
        return analysis.analyse(analysis.build_graph(data))

    t_base, _ = best(args.repeat, baseline)
    t_full, figures = best(args.repeat, full)
    print(f"{args.actors} actors, {args.ties} ties")
    print(f"  baseline (networkx builds the graph):       {t_base:6.2f} s")
    print(f"  analysis (graph, degree, betweenness, components, brokers): {t_full:6.2f} s "
          f"(target < 10 s; betweenness sampled from {figures.betweenness_sample} sources)")

    small = synthetic(args.draw, args.draw * 5, seed=2)

    def draw():
        graph = analysis.build_graph(small)
        return drawing.draw(graph, analysis.analyse(graph), title="Benchmark")

    def small_baseline():
        g = nx.Graph()
        g.add_nodes_from(small.actors)
        g.add_edges_from(small.ties)
        return g

    t_small_base, _ = best(args.repeat, small_baseline)
    t_draw, svg = best(args.repeat, draw)
    print(f"{args.draw} actors, {len(small.ties)} ties")
    print(f"  baseline (networkx builds the graph):       {t_small_base:6.3f} s")
    print(f"  analysis + layout + SVG:                    {t_draw:6.2f} s (target < 3 s; {len(svg) // 1024} KiB)")
    ok = t_full < 10 and t_draw < 3
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
