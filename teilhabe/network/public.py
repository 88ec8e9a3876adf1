"""The network's figures for the public (the transparency page): the published actors and
the ties among them only — an unpublished actor is not counted, and nothing names anyone.
Ties come only from what is public (load_network(public=True)): a tie that only an internal
measure, an unpublished offer or an internal event makes would tell of it by being counted.
Working groups and declared ties count as they are (they have no internal state)."""
from teilhabe.actors.models import Actor

from .analysis import analyse, build_graph
from .ties import NetworkData, load_network


def figures(municipality):
    data = load_network(municipality, public=True)
    keep = set(Actor.objects.public().filter(pk__in=list(data.actors)).values_list("pk", flat=True))
    public = NetworkData({pk: a for pk, a in data.actors.items() if pk in keep},
                         {k: t for k, t in data.ties.items() if k[0] in keep and k[1] in keep})
    return analyse(build_graph(public))
