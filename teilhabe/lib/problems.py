"""What is wrong with a file a user gave us: each problem with where it is (a JSON path
`$.offers[3].title` or `Zeile 7, Spalte "provider"`), collected so a user can fix all of
them in one go. Used by the exchange format's checks and the statistics import alike."""
import re
from dataclasses import dataclass, field

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def render_path(path):
    """("offers", 3, "title", "de-ls") → $.offers[3].title['de-ls']"""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}"
        else:
            text += "['" + visible(str(part).replace("\\", "\\\\").replace("'", "\\'")) + "']"
    return text


def visible(text):
    """A NUL character written as \\u0000, so a message can show where it is."""
    return text.replace("\x00", "\\u0000")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document. `location` overrides the rendered path (the
    CSV import says `Zeile 7, Spalte "provider"` instead)."""

    path: tuple
    message: str
    location: str = ""
    # The schema keyword that failed, if any: an unknown key leaves the rest of its
    # object readable, a wrong type does not.
    keyword: str = field(default="", compare=False)

    def __str__(self):
        return f"{self.location or render_path(self.path)}: {self.message}"


class ExchangeError(Exception):
    """The document was not imported; `.errors` lists every problem, one string each."""

    def __init__(self, problems):
        unique = list(dict.fromkeys(problems))
        self.problems = unique
        self.errors = [str(problem) for problem in unique]
        super().__init__("\n".join(self.errors))
