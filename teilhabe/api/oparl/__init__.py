"""OParl 1.1 (the German standard for council information systems) at /oparl/v1/: the
System object, every municipality with a council part as a Body, and the twelve object types
of teilhabe/council/ with stable URLs (docs/oparl.md). Read-only, like the JSON API beside
it; what is public is decided by the council models (`is_public`, `.public()`), and what is
not public is shown as deleted (OParl 1.1, 2.8 "Depublizierung")."""
