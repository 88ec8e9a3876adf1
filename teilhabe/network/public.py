"""The network's figures for the public (the transparency page): the published actors and
the ties among them only — an unpublished actor is not counted, and nothing names anyone."""
from teilhabe.actors.models import Actor

from .analysis import analyse, build_graph
from .ties import NetworkData, load_network


def figures(municipality):
    data = load_network(municipality)
    keep = set(Actor.objects.public().filter(municipality=municipality).values_list("pk", flat=True))
    public = NetworkData({pk: a for pk, a in data.actors.items() if pk in keep},
                         {k: t for k, t in data.ties.items() if k[0] in keep and k[1] in keep})
    return analyse(build_graph(public))
