"""The council part of a municipality: its bodies (Integrationsrat, committees, the council,
working groups), their members, meetings with agenda items, papers and how the bodies deal
with them, and the files of all of these. Published through OParl 1.1 by the API face
(api/oparl/); what is public is decided here (models: `.public()` and `is_public`)."""
