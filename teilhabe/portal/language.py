"""The language switch of the public pages: a GET form, so that those pages carry no CSRF
token and can be cached whole (portal/cache.py). Choosing a language only sets the
language cookie, which nobody else can be harmed by; unknown codes are ignored."""
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import MAX_URL_LENGTH, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def switch_language(request):
    target = request.GET.get("next", "/")
    if len(target) > MAX_URL_LENGTH:  # Django refuses longer ones (a long search): the page without it
        target = target.split("?")[0]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response
