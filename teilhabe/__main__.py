"""The `teilhabe` console command is Django's manage.py."""
import os
import sys


def main():
    from teilhabe.lib import malloc

    malloc.configure()  # as in a web worker (lib/malloc.py): `teilhabe worker` runs threads too
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
