"""What the import commands share: reading the input and reporting problems."""
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def read_source(path):
    """Bytes of a file, or of stdin for `-`; an unreadable file is invalid input."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(_("Datei nicht lesbar: %(error)s") % {"error": error}, returncode=2) from None


def fail(command, error):
    """Every problem on its own line on stderr, then exit code 2."""
    for line in error.errors:
        command.stderr.write(line)
    raise CommandError(_("%(n)s Problem(e) gefunden – nichts wurde importiert.") % {"n": len(error.errors)},
                       returncode=2)
