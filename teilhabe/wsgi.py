import os

from teilhabe.lib import malloc

# Before anything allocates in a request thread: the threads of a gunicorn worker share
# two malloc arenas, and large arrays go back to the system when freed (lib/malloc.py).
malloc.configure()

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
application = get_wsgi_application()
