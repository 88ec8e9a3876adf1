"""The rules modules for the back office's templates: a link or button shows when the rule
its page checks says yes. Domain questions go to the app's rules.py, the municipality's
own (settings, reading everything) to municipalities/access.py.

    {% load rules %}{% if user|may_read_monitoring:municipality %}…
"""
from django import template

from teilhabe.actors import rules as actor_rules
from teilhabe.council import rules as council_rules
from teilhabe.monitoring import rules as monitoring_rules
from teilhabe.municipalities import access
from teilhabe.network import rules as network_rules
from teilhabe.participation import rules as participation_rules
from teilhabe.sitepages import rules as sitepages_rules
from teilhabe.strategy import rules as strategy_rules
from teilhabe.topics import rules as topic_rules
from teilhabe.translations import rules as translation_rules

register = template.Library()


def _rule(check):
    # A page rendered without a request has no user: no link, as with no roles.
    def applies(user, municipality):
        return bool(getattr(user, "is_authenticated", False)) and check(user, municipality)
    return applies


register.filter("may_read_participation", _rule(participation_rules.can_read))
register.filter("may_read_sitepages", _rule(sitepages_rules.can_read))
register.filter("may_read_network", _rule(network_rules.can_read))
register.filter("may_read_council", _rule(council_rules.may_read))
register.filter("may_read_monitoring", _rule(monitoring_rules.can_read))
register.filter("may_manage_monitoring", _rule(monitoring_rules.can_manage))
register.filter("may_create_concept", _rule(strategy_rules.can_create_concept))
register.filter("edits_an_actor", _rule(actor_rules.edits_an_actor))
register.filter("may_manage_settings", _rule(access.can_manage_settings))
register.filter("may_manage_translations", _rule(translation_rules.can_manage))
register.filter("may_read_all", _rule(access.reads_all))
register.filter("may_read_topics", _rule(topic_rules.can_read))
