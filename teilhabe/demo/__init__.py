"""Demo data: Herten, Herne and Hilden (with the Kreis Mettmann) as their public documents
describe them, filled up with clearly fictional actors and offers so that each town is worth
browsing. The four JSON files are ordinary teilhabe-exchange/1 documents; `teilhabe demo`
(management/commands/demo.py) imports them in order with load.py (the Kreis first, because
Hilden names it as parent) and creates the demo logins (users.py). Loading is idempotent:
a second run changes nothing. An app without models (for its command), so this module
imports nothing: Django imports it before the models are ready.

Contacts are roles with organisational addresses on the reserved .example domain; no real
person's name, e-mail address or phone number appears anywhere. The content reads like a
town's own; that it is a demo is said once, by the banner its municipalities get (is_demo)."""
