"""The exchange format teilhabe-exchange/1: one JSON document per municipality with its
concept versions, fields of action, goals, measures, actors and offers.

Files in and out: an app without models, so that Django finds its commands
(management/commands/: import, export, import-offers, and import-statistics for the
monitoring's observations). The code: validate.py (JSON and schema.json), importer.py
(references, model rules, the write), exporter.py, csv_offers.py (offers from a
spreadsheet). The format is described in docs/exchange-format.md."""
