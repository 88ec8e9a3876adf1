"""Settings for bench/search_speed.py only: the real settings with a URLconf that adds the
ceiling, a constant JSON answer served by the same server."""
from teilhabe.settings import *  # noqa: F401,F403

ROOT_URLCONF = "search_speed_urls"
