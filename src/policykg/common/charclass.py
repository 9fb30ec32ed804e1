"""Character classes shared by the analysis stages.

Han characters beyond the basic block matter: OpenCC maps some traditional characters
to Extension A (劏 → 㓥), and names of places and people use Extension B and later.
"""

import re
from functools import cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
ALNUM_RE = re.compile(r"[^\W_]")  # a character for which str.isalnum() holds (every one of them)


@cache
def one_of(chars: str) -> re.Pattern[str]:
    """A pattern matching any one of ``chars`` (none when empty): a search for the first
    separator or stop, in C rather than a loop over the characters."""
    return re.compile(f"[{re.escape(chars)}]" if chars else "(?!)")
