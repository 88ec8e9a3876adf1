"""Migration participation 0008_idea_uid: every existing idea gets a uid of its own (the
exchange format's identity of an idea)."""
import pytest

from tests.migrating import migrate, own_database


@pytest.mark.django_db
def test_it_gives_each_existing_idea_a_uid_of_its_own(tmp_path):
    with own_database(tmp_path):
        old = migrate([("participation", "0007_ideastatuschange_motion")])
        # The historical model: no post_save (today's default topics would need tables
        # that participation 0007 does not depend on), the columns of that state.
        m = old.get_model("municipalities", "Municipality").objects.create(slug="altstadt", name="Altstadt",
                                                                         kind="town")
        concept = old.get_model("strategy", "Concept").objects.create(municipality_id=m.pk, version=1, title="K")
        field = old.get_model("strategy", "FieldOfAction").objects.create(concept=concept, key="sprache",
                                                                          names={"de": "Sprache"})
        OldIdea = old.get_model("participation", "Idea")
        for n in range(3):
            OldIdea.objects.create(municipality_id=m.pk, field=field, title=f"Idee {n}", description="…",
                                   token=f"t-{n}")
        new = migrate([("participation", "0008_idea_uid")])
        uids = list(new.get_model("participation", "Idea").objects.values_list("uid", flat=True))
        assert len(uids) == 3 and None not in uids and len(set(uids)) == 3
