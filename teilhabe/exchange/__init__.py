"""The exchange format teilhabe-exchange/1: one JSON document per municipality with its
concept versions, fields of action, goals, measures, actors and offers.

Not a Django app, just code: validate.py (JSON and schema.json), importer.py
(references, model rules, the write), exporter.py, csv_offers.py (offers from a
spreadsheet). The format is described in docs/exchange-format.md."""
