"""The demo logins: per town a coordinator, an editor bound to one actor and a read-only
viewer (council), a coordinator of the Kreis Mettmann (and so of Hilden; the Kreis's course
steering), the editor of a course provider in Hilden, and a superuser.
All share one password (DEFAULT_PASSWORD, or TEILHABE_DEMO_PASSWORD)."""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Membership, Municipality

DEFAULT_PASSWORD = "teilhabe-demo"

COORDINATOR = Membership.Role.COORDINATOR
ACTOR_EDITOR = Membership.Role.ACTOR_EDITOR
VIEWER = Membership.Role.VIEWER

# username, role, municipality slug, actor external_id (actor editors only)
DEMO_USERS = [
    ("admin", None, None, None),
    ("koordination-kreis-mettmann", COORDINATOR, "kreis-mettmann", None),
    ("koordination-herten", COORDINATOR, "herten", None),
    ("verein-herten", ACTOR_EDITOR, "herten", "kulturverein-sued"),
    ("rat-herten", VIEWER, "herten", None),
    ("koordination-herne", COORDINATOR, "herne", None),
    ("verein-herne", ACTOR_EDITOR, "herne", "vaeterforum"),
    ("rat-herne", VIEWER, "herne", None),
    ("koordination-hilden", COORDINATOR, "hilden", None),
    ("verein-hilden", ACTOR_EDITOR, "hilden", "elternverein"),
    ("rat-hilden", VIEWER, "hilden", None),
    # A course provider's editor: keeps its courses and sees the learners placed in them.
    ("kurstraeger-hilden", ACTOR_EDITOR, "hilden", "lernforum-itterbach"),
]


@dataclass(frozen=True)
class Login:
    username: str
    role: str          # display label
    municipality: str  # display name, "" for the superuser
    actor: str         # display name, "" unless actor editor
    password: str


@transaction.atomic
def ensure_demo_users(*, password):
    """Create the demo users or bring them back to their demo state. Idempotent: an
    unchanged user is not saved (its password hash keeps its salt), and memberships
    are only ever added once."""
    User = get_user_model()
    logins = []
    for username, role, slug, actor_id in DEMO_USERS:
        superuser = role is None
        user = User.objects.filter(username=username).first() or User(username=username)
        wanted = {"email": f"{username}@demo.example", "is_active": True,
                  "is_staff": superuser, "is_superuser": superuser}
        dirty = user.pk is None or any(getattr(user, name) != value for name, value in wanted.items())
        for name, value in wanted.items():
            setattr(user, name, value)
        if user.pk is None or not user.check_password(password):
            user.set_password(password)
            dirty = True
        if dirty:
            user.save()
        if superuser:
            logins.append(Login(username, _("Superuser"), _("alle"), "", password))
            continue
        municipality = Municipality.objects.get(slug=slug)
        actor = Actor.objects.get(municipality=municipality, external_id=actor_id) if actor_id else None
        Membership.objects.get_or_create(user=user, municipality=municipality, role=role, actor=actor)
        logins.append(Login(username, str(Membership.Role(role).label), municipality.name,
                            actor.name if actor else "", password))
    return logins
