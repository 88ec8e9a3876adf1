"""The worker deletes reports of barriers after their retention period once a day
(actions.purge_feedback), as it does participation's personal data."""
import datetime

from teilhabe.jobs import every


@every(datetime.timedelta(days=1), "sitepages.purge")
def purge(payload):
    from teilhabe.sitepages.actions import purge_feedback

    purge_feedback()
