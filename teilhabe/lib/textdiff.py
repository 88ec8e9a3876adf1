"""What changed between two versions of a text, word by word, as HTML (<del>, <ins>) —
for a translator who must see what happened to the German since they translated it."""
import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new, *, html=False):
    """Safe HTML of `new` with what `old` had and `new` lost in <del>, what is new in <ins>.
    html=True compares the text of two HTML fragments, not their markup."""
    if html:
        old, new = strip_tags(old or ""), strip_tags(new or "")
    a, b = WORDS.findall(old or ""), WORDS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("ins", "".join(b[j1:j2])))
        if op == "equal":
            parts.append(("", "".join(a[i1:i2])))
    return mark_safe("".join(
        f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text) for tag, text in parts))
