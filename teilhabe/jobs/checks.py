"""`teilhabe check --deploy`: mail goes out by SMTP in production. The worker sends
confirmations with a person's name, address and private link; a console backend would
print them to standard output, and thus into the service's journal."""
from django.conf import settings
from django.core import checks

PRINTS = {"django.core.mail.backends.console.EmailBackend"}
SENDS_NOTHING = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def email_backend(app_configs, **kwargs):
    backend = settings.EMAIL_BACKEND
    if backend in PRINTS:
        return [checks.Error(
            "TEILHABE_EMAIL_BACKEND is the console backend: every e-mail, with the person's "
            "address, name and private links, is printed to standard output (the log).",
            hint="Set TEILHABE_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                 "the TEILHABE_EMAIL_* settings (docs/operations.md).",
            id="teilhabe.E001")]
    if backend in SENDS_NOTHING:
        return [checks.Warning(
            f"TEILHABE_EMAIL_BACKEND is {backend}: no e-mail is sent (the file backend keeps "
            f"them under {settings.EMAIL_FILE_PATH}).",
            hint="Set TEILHABE_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (docs/operations.md).",
            id="teilhabe.W001")]
    return []
