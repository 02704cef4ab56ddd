"""What every rule module shares: building RE2 patterns from lexicons, the department's own numbers, places
and domains (never personal information), the phone and self-contact patterns, and adding a rule's score."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import re2

from bot.scoring.normalize import lexicon

if TYPE_CHECKING:
    from bot.scoring.rules import RuleResult

# Public numbers and places of the department itself: posting them is never doxxing.
OFFICIAL_PHONES = frozenset({"911", "5755260795", "5260795", "988", "311"})
OFFICIAL_ADDRESS_PREFIXES = ("217 e picacho", "217 east picacho", "217 picacho")
OFFICIAL_DOMAINS = (
    "lascruces.gov", "las-cruces.org", "lascruces.org", "nm.gov", ".gov",
    "lcsun-news.com", "krwg.org", "kfoxtv.com", "ktsm.com", "abqjournal.com",
)  # fmt: skip


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so that phrases win over their prefixes."""
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re2.escape(w).replace("\\ ", " ") for w in unique) + ")"


_UNANCHORED = re2._Anchor.UNANCHORED
_NO_MATCH = (-1, -1)


class Pattern:
    """A compiled RE2 pattern with the wrapper's answers, but a miss (most calls: a comment matches few of the
    rules' patterns) costs one call into RE2 instead of the Python wrapper's generator and offset mapping, and a
    first match in ASCII text (where byte offsets are character offsets) is built straight from RE2's spans."""

    __slots__ = ("compiled", "_re")

    def __init__(self, compiled: re2._Regexp) -> None:
        self.compiled = compiled
        self._re = compiled._regexp

    def _spans(self, text: str) -> tuple[bytes, list[tuple[int, int]] | None]:
        encoded = text.encode("utf-8")
        spans = self._re.Match(_UNANCHORED, encoded, 0, len(encoded))
        return encoded, (None if spans[0] == _NO_MATCH else spans)

    def search(self, text: str) -> re2._Match | None:
        encoded, spans = self._spans(text)
        if spans is None:
            return None
        if len(encoded) == len(text):
            return re2._Match(self.compiled, text, 0, len(text), spans)
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re2._Match]:
        return iter(()) if self._spans(text)[1] is None else self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return [] if self._spans(text)[1] is None else self.compiled.findall(text)

    def sub(self, repl: Any, text: str) -> str:
        return text if self._spans(text)[1] is None else self.compiled.sub(repl, text)

    @property
    def pattern(self) -> str:
        return self.compiled.pattern


def rx(pattern: str) -> Pattern:
    if len(pattern) <= 8000:
        return Pattern(re2.compile(pattern))
    # The long alternations (crime reports, dangers, money offers) outgrow RE2's default 8 MB DFA budget on some
    # comments and fall back to the slower NFA; a larger budget keeps them on the DFA (memory is used lazily).
    options = re2.Options()
    options.max_mem = 32 << 20
    return Pattern(re2.compile(pattern, options))


def words_rx(name: str, suffix: str = "") -> Pattern:
    """Any entry of a lexicon as a whole word (with `suffix`, e.g. inflections, after it)."""
    return rx(rf"\b{alt(lexicon(name))}{suffix}\b")


def add(result: RuleResult, signal: str, score: float, why: str) -> None:
    if score > result.scores.get(signal, 0.0):
        result.scores[signal] = score
    result.evidence.setdefault(signal, []).append(why)


def official_phone(digits: str) -> bool:
    return digits in OFFICIAL_PHONES or digits[-10:] in OFFICIAL_PHONES or digits[-7:] in OFFICIAL_PHONES


PHONE_RX = rx(r"(?:\+?1[\s.\-]?)?\(?\b\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}\b|\b\d{3}[\s.\-]\d{4}\b")
SELF_CONTACT = rx(
    r"\b(?:call|text|message|contact|reach|whatsapp|telegram|dm|email|write|hit up|hmu)(?: me| us)\b|\b(?:escribeme|llamame|marcame|mandame|contactame)\b"
    r"|\b(?:my|our|mi|nuestro) (?:number|cell|phone|whatsapp|telefono|numero|email)\b"
)
