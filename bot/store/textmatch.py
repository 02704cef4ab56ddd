"""The same text, as a person would say it is: `matching_text` folds case and accents, drops punctuation,
symbols, emoji and invisible characters, collapses whitespace and drops links' tracking parameters;
`text_norm_sha256` is its SHA-256, stored beside each archived comment (comments.text_norm_sha256) so the
item page can group one author's copies of a text across pages ("also on").

Pure, no SQL. The stored column is computed with this code at archive time, and back-filled by the migration
that added it (bot.store.schema, via the SQL function `modbot_text_norm_sha256`): a change to what counts as
the same text needs a migration that recomputes the column.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that say who shared a link and from where, not what it points to.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "igsh",
        "mibextid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "si",
        "ref_src",
        "ref_url",
    }
)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}>'\"…"
# Apostrophes join what they split ("officer's" reads as "officers", "don't" as "dont").
_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u0060\u00b4")
# The form a text with nothing left after folding takes: only an identical text matches it (two different
# emoji-only comments are not "the same text").
_EMPTY_PREFIX = "\x00"


def _without_tracking(url: str) -> str:
    tail = ""
    while url and url[-1] in _URL_TAIL:
        tail = url[-1] + tail
        url = url[:-1]
    try:
        parts = urlsplit(url)
    except ValueError:
        return url + tail
    if not parts.query:
        return url + tail
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower() in TRACKING_PARAMS or k.lower().startswith("utm_"))
    ]
    return urlunsplit(parts._replace(query=urlencode(kept))) + tail


def _folded_char(ch: str) -> str:
    cat = unicodedata.category(ch)
    # accents, variation selectors; zero-width and direction marks, ZWJ, soft hyphens; apostrophes
    if cat == "Mn" or cat == "Cf" or ch in _APOSTROPHES:
        return ""
    if cat[0] in "PSZC":  # punctuation, symbols (emoji among them), separators, control characters
        return " "
    return ch


def matching_text(text: str) -> str:
    """The text as compared for "the same text": what is left of its words and numbers, lower case,
    unaccented, one space apart."""
    text = _URL.sub(lambda m: _without_tracking(m.group(0)), text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = " ".join("".join(_folded_char(ch) for ch in decomposed).split())
    if not folded:
        return _EMPTY_PREFIX + text
    return unicodedata.normalize("NFC", folded)


def text_norm_sha256(text: str) -> str:
    return hashlib.sha256(matching_text(text).encode("utf-8", "surrogatepass")).hexdigest()
