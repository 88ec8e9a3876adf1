"""Small builders for test data: each makes one object with sensible defaults."""
import itertools

from django.contrib.auth import get_user_model

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.municipalities.languages import ensure_languages
from teilhabe.municipalities.models import District, Language, Membership, Municipality, TargetGroup
from teilhabe.offers.models import Offer
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, Measure

_n = itertools.count(1)
PASSWORD = "test-password-123"


def municipality(slug=None, *, kind="town", parent=None, languages=("de", "en", "ar")):
    slug = slug or f"stadt-{next(_n)}"
    m = Municipality.objects.create(slug=slug, name=slug.replace("-", " ").title(), kind=kind, parent=parent)
    # Browser tests run in transactions that are flushed afterwards, migration data included.
    ensure_languages(Language)
    m.languages.set(Language.objects.filter(code__in=languages))
    return m


def district(m, key=None, name=None):
    key = key or f"bezirk-{next(_n)}"
    return District.objects.create(municipality=m, key=key, name=name or key.title())


def target_group(m, key=None, **names):
    key = key or f"gruppe-{next(_n)}"
    return TargetGroup.objects.create(municipality=m, key=key, names=names or {"de": key.title()})


def user(username=None, *, role=None, municipality=None, actor=None, superuser=False):
    username = username or f"person-{next(_n)}"
    u = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                             is_superuser=superuser, is_staff=superuser)
    if role:
        Membership.objects.create(user=u, municipality=municipality, role=role, actor=actor)
    return u


def concept(m, *, version=None, status="adopted", title="Integrationskonzept", **kw):
    if version is None:
        version = (m.concepts.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    if status in ("adopted", "superseded"):
        kw.setdefault("adopted_on", "2020-01-15")
        kw.setdefault("adopted_by", "Rat der Stadt")
    return Concept.objects.create(municipality=m, version=version, status=status, title=title, **kw)


def field(c, key=None, name=None):
    key = key or f"feld-{next(_n)}"
    return FieldOfAction.objects.create(concept=c, key=key, names={"de": name or key.title()})


def goal(c, key=None, *, field=None, parent=None, title=None, kind="strategic"):
    key = key or f"ziel-{next(_n)}"
    return Goal.objects.create(concept=c, key=key, field=field, parent=parent, kind=kind,
                               title=title or f"Ziel {key}")


def actor(m, external_id=None, *, name=None, kind="association"):
    external_id = external_id or f"akteur-{next(_n)}"
    return Actor.objects.create(municipality=m, external_id=external_id, name=name or external_id.title(),
                                kind=kind)


def contact(a, key=None, *, role="Beratung", **kw):
    return ContactPerson.objects.create(actor=a, key=key or f"kontakt-{next(_n)}", role=role, **kw)


def measure(c, external_id=None, *, title=None, status="planned", responsible=None, **kw):
    external_id = external_id or f"M-auto-{next(_n)}"
    return Measure.objects.create(concept=c, external_id=external_id, title=title or f"Maßnahme {external_id}",
                                  status=status, responsible_actor=responsible, **kw)


def offer(m, provider, external_id=None, *, title=None, field=None, **kw):
    external_id = external_id or f"A-auto-{next(_n)}"
    return Offer.objects.create(municipality=m, provider=provider, external_id=external_id,
                                title=title or f"Angebot {external_id}", field_of_action=field, **kw)


# The people every permission matrix asks, one for each way of being let in or refused.
# A test with several actor editors names them itself (persona_names, personas' `editors`).
PERSONAS = ("coordinator", "kreis_coordinator", "viewer", "editor", "outsider", "other_coordinator",
            "anonymous")


def persona_names(editors=("editor",)):
    """PERSONAS with the actor editors named as `personas(…, editors=…)` names them."""
    i = PERSONAS.index("editor")
    return [*PERSONAS[:i], *editors, *PERSONAS[i + 1:]]


def personas(town, *, editors=None, other=None):
    """The personas of the permission matrices for `town`, which lies in a Kreis: name → user,
    None for the anonymous visitor.

    coordinator, viewer: of the town; kreis_coordinator: coordinator of the town's Kreis;
    one actor editor per entry of `editors` ({name: actor of the town}; by default "editor" of
    a new actor); outsider: signed in, without any role; other_coordinator: coordinator of
    `other` (by default a new town outside the Kreis)."""
    if town.parent is None:
        raise ValueError(f"{town.slug} lies in no Kreis: the Kreis coordinator would have nothing to coordinate")
    editors = editors if editors is not None else {"editor": actor(town)}
    return {
        "coordinator": user(role="coordinator", municipality=town),
        "kreis_coordinator": user(role="coordinator", municipality=town.parent),
        "viewer": user(role="viewer", municipality=town),
        **{name: user(role="actor_editor", municipality=town, actor=a) for name, a in editors.items()},
        "outsider": user(),
        "other_coordinator": user(role="coordinator", municipality=other or municipality()),
        "anonymous": None,
    }


def allowed(people, check):
    """The names of the personas for whom check(user) holds; the anonymous visitor asks as
    Django's AnonymousUser, as in a request."""
    from django.contrib.auth.models import AnonymousUser
    return {name for name, u in people.items() if check(u or AnonymousUser())}
