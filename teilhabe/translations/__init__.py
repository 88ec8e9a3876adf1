"""Translations of content (not of the interface, which gettext holds): one row per object,
field and language, remembering a fingerprint of the German text it was made from. Domain
apps declare their translatable models and fields in `registry`; pages ask `texts_in`."""
