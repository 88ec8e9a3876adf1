"""Signals a lower layer sends so that a higher one can act without being imported."""
from django.dispatch import Signal

# What the public sees of these municipalities changed (content, its index): sent with
# `municipality_ids` by the search index's hooks; the portal's page cache listens
# (portal/cache.py) and renews its pages.
public_content_changed = Signal()
