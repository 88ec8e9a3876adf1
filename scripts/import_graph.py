"""Counts the import cycles between teilhabe's packages (issue 11).

    .venv/bin/python scripts/import_graph.py [SOURCE_DIR]

Builds the module graph with grimp (the graph import-linter checks; imports inside
functions count too), folds it to packages (teilhabe.X.* -> X; the single modules urls,
settings, wsgi and __main__ sit above all layers and are left out) and prints every group
of packages that import each other in a circle (a strongly connected component of more
than one package). SOURCE_DIR is the directory holding the teilhabe package to measure,
e.g. an old commit unpacked with `git archive`; by default this checkout.
"""
import sys
from pathlib import Path

import grimp
import networkx

REPO_DIR = Path(__file__).resolve().parent.parent


def package_graph(source_dir=REPO_DIR):
    sys.path.insert(0, str(source_dir))
    try:
        modules = grimp.build_graph("teilhabe", cache_dir=None)
    finally:
        sys.path.remove(str(source_dir))
    packages = {m.split(".")[1] for m in modules.modules if m.count(".") >= 2}
    graph = networkx.DiGraph()
    graph.add_nodes_from(packages)
    for importer in modules.modules:
        source = importer.split(".")[1] if importer.count(".") >= 1 else None
        if source not in packages:
            continue
        for imported in modules.find_modules_directly_imported_by(importer):
            target = imported.split(".")[1] if imported.count(".") >= 1 else None
            if target in packages and target != source:
                graph.add_edge(source, target)
    return graph


def cycles(graph):
    """The groups of packages that reach each other, largest first."""
    groups = [sorted(c) for c in networkx.strongly_connected_components(graph) if len(c) > 1]
    return sorted(groups, key=lambda group: (-len(group), group))


def main(argv):
    source_dir = Path(argv[1]).resolve() if len(argv) > 1 else REPO_DIR
    graph = package_graph(source_dir)
    groups = cycles(graph)
    print(f"{graph.number_of_nodes()} packages, {graph.number_of_edges()} package imports, "
          f"{len(groups)} cycle(s)")
    for group in groups:
        print(f"  {len(group)} packages in one cycle: {', '.join(group)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
