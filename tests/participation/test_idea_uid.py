"""Migration participation 0008_idea_uid: every existing idea gets a uid of its own (the
exchange format's identity of an idea).

In the suite's database, migrated back to 0007 and forwards again: few migrations depend on
0008, so this costs less (under 2.5 s on SQLite, 4 s on PostgreSQL) than an own database
migrated from empty to 0008 (tests/migrating.py, 21 migrations: 2.6 s and 18 s); for an early
migration, such as participation 0002 in test_registration_actor.py, it is the other way round."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from teilhabe.municipalities.models import Municipality


@pytest.mark.django_db(transaction=True)
def test_it_gives_each_existing_idea_a_uid_of_its_own():
    executor = MigrationExecutor(connection)
    before, after = [("participation", "0007_ideastatuschange_motion")], [("participation", "0008_idea_uid")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        # bulk_create: no post_save, whose default topics would meet an older schema (see
        # test_registration_actor.py's migration test).
        Municipality.objects.bulk_create([Municipality(slug="altstadt", name="Altstadt", kind="town")])
        m = Municipality.objects.get(slug="altstadt")
        concept = old.get_model("strategy", "Concept").objects.create(municipality_id=m.pk, version=1, title="K")
        field = old.get_model("strategy", "FieldOfAction").objects.create(concept=concept, key="sprache",
                                                                          names={"de": "Sprache"})
        OldIdea = old.get_model("participation", "Idea")
        for n in range(3):
            OldIdea.objects.create(municipality_id=m.pk, field=field, title=f"Idee {n}", description="…",
                                   token=f"t-{n}")
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        uids = list(executor.loader.project_state(after).apps.get_model("participation", "Idea")
                    .objects.values_list("uid", flat=True))
        assert len(uids) == 3 and None not in uids and len(set(uids)) == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
