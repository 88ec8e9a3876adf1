"""The worker deletes personal data whose retention period has run out, once a day, so
that no cron job has to be remembered; `teilhabe purge-personal-data` does the same by hand."""
import datetime

from teilhabe.jobs import every


@every(datetime.timedelta(days=1), "participation.purge")
def purge(payload):
    from teilhabe.participation.actions import purge_personal_data

    purge_personal_data()
