from django import template

from teilhabe.participation import stats
from teilhabe.participation.models import Idea

register = template.Library()


@register.filter
def small(n):
    """A count of people as shown anywhere public or exported: "< 5" below five."""
    return stats.small(n)


@register.simple_tag
def source_ideas(measure, public=True):
    """The ideas a measure came from (published ones only on the portal)."""
    ideas = measure.source_ideas.order_by("received_on", "id")
    return ideas.filter(status__in=Idea.PUBLIC) if public else ideas
