"""Writes that set up a municipality and the people working in it."""
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from teilhabe.lib.languages import in_german
from teilhabe.municipalities.models import Membership, TargetGroup
from teilhabe.municipalities.vocabularies import DEFAULT_TARGET_GROUPS


def ensure_default_target_groups(municipality):
    """Give a municipality the default vocabulary of target groups it lacks."""
    existing = set(municipality.target_groups.values_list("key", flat=True))
    TargetGroup.objects.bulk_create(
        TargetGroup(municipality=municipality, key=key, names=names, position=position)
        for position, (key, names) in enumerate(DEFAULT_TARGET_GROUPS, start=1) if key not in existing
    )


@transaction.atomic
def add_member(*, municipality, username, email, role, actor=None, invited_by, base_url):
    """Give a person a role; a new account gets an e-mail with a link to set its password.
    Returns (membership, created_account)."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, email=email)
        user.set_unusable_password()
        user.save()
    membership, _ = Membership.objects.get_or_create(
        user=user, municipality=municipality, role=role, actor=actor if role == Membership.Role.ACTOR_EDITOR else None)
    if created:
        transaction.on_commit(lambda: send_invitation(user=user, municipality=municipality,
                                                      invited_by=invited_by, base_url=base_url))
    return membership, created


# The invitation is German whatever language the inviting person's office speaks: the
# new person's language is not known, and German is every account's first language.
@in_german
def send_invitation(*, user, municipality, invited_by, base_url):
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    context = {"user": user, "municipality": municipality, "link": base_url + path,
               "invited_by": invited_by.get_full_name() or invited_by.get_username()}
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    send_mail(subject, render_to_string("emails/invitation.txt", context), None, [user.email])
