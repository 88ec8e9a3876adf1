"""Security headers Django does not set itself."""

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


def german_back_office(get_response):
    """The back office and the log-in pages speak German (the issue's interface language
    for staff); the public portal follows the visitor's language."""
    from django.utils import translation

    staff_paths = ("/backoffice/", "/admin/", "/login/", "/logout/", "/password/")

    def middleware(request):
        if request.path.startswith(staff_paths):
            translation.activate("de")
            request.LANGUAGE_CODE = "de"
        return get_response(request)

    return middleware
