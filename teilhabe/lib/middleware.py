"""Security headers Django does not set itself; addresses with a NUL character refused;
the staff pages' language."""

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        # Django's admin uses inline scripts and styles; it is for superusers only.
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response

    return middleware


def staff_language(get_response):
    """The back office and the log-in pages speak the language its people chose with the
    language switch (the language cookie; actor editors from migrant organisations), else
    German — never the browser's Accept-Language, which the public portal follows: staff
    work in German unless they ask otherwise."""
    from django.conf import settings
    from django.utils import translation

    staff_paths = ("/backoffice/", "/admin/", "/login/", "/logout/", "/password/")
    codes = dict(settings.LANGUAGES)

    def middleware(request):
        if request.path.startswith(staff_paths):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            code = chosen if chosen in codes else settings.LANGUAGE_CODE
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return get_response(request)

    return middleware


def easy_language_by_choice(get_response):
    """Leichte Sprache ("de-ls") is chosen in the language menu (the language cookie) only:
    no browser asks for it, and an Accept-Language that happens to name it ("de-LS" is
    Lesotho's German) gets German. Its answers are German to browsers and search engines
    (Content-Language: de), as its pages say lang="de"."""
    from django.conf import settings
    from django.utils import translation

    def middleware(request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == "de-ls"
        if translation.get_language() == "de-ls" and not chosen:
            translation.activate("de")
            request.LANGUAGE_CODE = "de"
        response = get_response(request)
        if translation.get_language() == "de-ls":  # before LocaleMiddleware's setdefault
            response.headers.setdefault("Content-Language", "de")
        return response

    return middleware


# Refusals in a face's own shape: a face whose addresses share a prefix and that answers
# errors its own way (the API: JSON under /api/) registers a callable here from its
# AppConfig.ready(), so that lib needs to know no face. The callable gets the status (400
# or 404) and, for 400, the parameter and the message, and returns the response.
REFUSALS = {}


def answer_refusals(prefix, answer):
    REFUSALS[prefix] = answer


def _refusal_for(path):
    for prefix, answer in REFUSALS.items():
        if path.startswith(prefix):
            return answer
    return None


def reject_nul(get_response):
    """No slug, key, token, id or filter value of ours can contain a NUL character, and
    PostgreSQL cannot even compare text with one (the driver raises DataError: a 500 on any
    lookup). So a path with a NUL names nothing (404), and a query parameter with one is
    refused with 400 naming the parameter — in a face's own shape where it registered one
    (answer_refusals: the API's JSON errors under /api/).
    Form fields need nothing here: Django's CharField already rejects NUL with a field error."""
    from django.http import Http404
    from django.template.response import TemplateResponse
    from django.utils.translation import gettext as _

    def middleware(request):
        answer = _refusal_for(request.path)
        if "\x00" in request.path:
            if answer:
                return answer(404)
            raise Http404
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                name = name.replace("\x00", "\\0")[:80]
                message = _("Der Parameter „%(parameter)s“ enthält ein Nullzeichen.") % {"parameter": name}
                if answer:
                    return answer(400, name, message)
                return TemplateResponse(request, "400.html", {"message": message}, status=400).render()
        return get_response(request)

    return middleware


# Back-office pages show personal data (registrations, idea authors, contacts, people and
# roles) and one page often links to the next; a private link (/p/…) shows one person's
# registration, idea, support or comment, and its address is the secret.
PRIVATE_PATHS = ("/backoffice/", "/p/")


def private_pages(get_response):
    """No browser or proxy may keep any page under PRIVATE_PATHS, whatever the view
    returns (errors, refusals and downloads included)."""

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(PRIVATE_PATHS):
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware
