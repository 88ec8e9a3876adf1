"""The worker deletes the waiting-list entries of learners placed or withdrawn longer ago
than their Kreis's retention period, once a day (actions.purge_learners); the allocations'
figures stay."""
import datetime

from teilhabe.jobs import every


@every(datetime.timedelta(days=1), "courses.purge")
def purge(payload):
    from teilhabe.courses.actions import purge_learners

    purge_learners()
