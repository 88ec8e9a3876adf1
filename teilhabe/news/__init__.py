"""News of a municipality (Aktuelles): items with translations, pictures and PDF attachments,
published at once or at a set time."""
