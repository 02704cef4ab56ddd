"""Evasion-proof text normalisation: homoglyphs, invisible characters, leetspeak, spacing, masking, emoji."""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")

# Hostile input must cost linear time and bounded memory: text past HEAD_CHARS is not scanned,
# except its last TAIL_CHARS (where a payload hidden behind filler usually sits). Normalized.truncated
# records that this happened so the caller can route the comment to a human.
HEAD_CHARS = 20_000
TAIL_CHARS = 5_000
# A single "word" longer than this is never a real word; it is skipped for evasion resolution.
MAX_TOKEN_CHARS = 64

# Letters from other scripts that look like Latin ones (a hand-picked subset of Unicode's
# confusables: the ones used to dodge word filters). Math alphanumerics and full-width letters
# are already folded by NFKC.
_CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "һ": "h",
    "ӏ": "l",
    "ո": "n",
    "ս": "u",
    "ց": "g",
    "ь": "b",
    "з": "3",
    "п": "n",
    "г": "r",
    "и": "u",
    "л": "n",
    "ч": "y",
    "ш": "w",
    "щ": "w",
    "я": "r",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "θ": "o",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "π": "n",
    "ρ": "p",
    "σ": "o",
    "ς": "s",
    "τ": "t",
    "υ": "u",
    "φ": "f",
    "χ": "x",
    "ψ": "w",
    "ω": "w",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Latin look-alikes and IPA
    "ƒ": "f",
    "ſ": "s",
    "ı": "i",
    "ȷ": "j",
    "ɑ": "a",
    "ɢ": "g",
    "ʜ": "h",
    "ɪ": "i",
    "ʟ": "l",
    "ɴ": "n",
    "ʀ": "r",
    "ʏ": "y",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ᴊ": "j",
    "ᴋ": "k",
    "ᴍ": "m",
    "ᴏ": "o",
    "ᴘ": "p",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "ħ": "h",
    "ł": "l",
    "ŧ": "t",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "p",
    "ð": "d",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00b7": ".",
    "\u2022": ".",
}

# Characters that render as nothing (or change direction) and are used to split words invisibly.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Digits and symbols read as letters inside a word.
_LEET = {
    "0": "o",
    "1": "i",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "+": "t",
    "€": "e",
    "£": "l",
    "¡": "i",
    "(": "c",
    "<": "c",
}
# Second reading tried when the first does not give a known word ("1" is often "l", "!" too).
_LEET_ALT = {"1": "l", "!": "l", "|": "i", "0": "o", "9": "q", "6": "b", "(": "c"}
_MASK = frozenset("*#%_?")
# Separators between letters of a spelled-out word: "f.u.c.k", "k-i-l-l".
_LETTER_SEPARATORS = frozenset(".-_,/\\:;~")
_EDGE_PUNCT = "\"'`.,;:?!()[]{}<>«»…"
# Tokens of digits with these endings are numbers, not leetspeak ("1st", "9mm", "10am").
_NUMBER_SUFFIXES = (
    "st",
    "nd",
    "rd",
    "th",
    "am",
    "pm",
    "mm",
    "k",
    "s",
    "x",
    "hr",
    "hrs",
    "min",
    "yo",
    "yr",
    "yrs",
)


def _read_lines(name: str) -> list[str]:
    lines = []
    for raw in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@functools.cache
def lexicon(name: str) -> tuple[str, ...]:
    """The first column of a word list in lexicons/ (folded like comment text)."""
    return tuple(fold_plain(line.split("\t")[0]).strip() for line in _read_lines(name))


@functools.cache
def lexicon_table(name: str) -> tuple[tuple[str, ...], ...]:
    """All columns of a tab-separated word list in lexicons/."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _read_lines(name))


INFLECTIONS = ("", "s", "es", "ed", "ing", "in", "er", "ers", "y", "z")


@functools.cache
def offensive_vocabulary() -> tuple[str, ...]:
    """Words a masked token ("f*ck") may stand for, most common first, with inflections."""
    words: list[str] = []
    for name in ("vulgar.txt", "slurs.txt", "obscene.txt", "sexual.txt"):
        for term in lexicon(name):
            if " " not in term:
                words.extend(term + suffix for suffix in INFLECTIONS)
    return tuple(dict.fromkeys(words))


@functools.cache
def vocabulary() -> frozenset[str]:
    """Every word the normaliser may resolve an obfuscated token to."""
    words = set(offensive_vocabulary())
    for name in ("vocab.txt", "groups.txt", "institution.txt"):
        for line in lexicon(name):
            words.update(line.split())
    for word in list(words):
        if word.isalpha() and len(word) > 2:
            words.update(word + suffix for suffix in ("s", "ed", "ing", "er"))
    words.update(_spanish_violent_forms())
    return frozenset(words)


# Pronouns Spanish glues onto a verb ("matalo", "quebrarte"); a disguised "p l o m e a r l o s" must come back whole.
_ES_PRONOUNS = ("", "lo", "la", "los", "las", "le", "les", "te")


def _spanish_violent_forms() -> set[str]:
    """The common forms of the Spanish violent verbs in lexicons/violent_es.tsv, for undoing evasions."""
    forms: set[str] = set()
    for row in lexicon_table("violent_es.tsv"):
        infinitive = fold_plain(row[0]).lower()
        stem = infinitive[:-2]
        vowel = "a" if infinitive.endswith("ar") else "e"
        for base in (infinitive, stem + vowel, stem + "en", stem + "an", stem + "ando", stem + "iendo"):
            forms.update(base + pronoun for pronoun in _ES_PRONOUNS)
        forms.update((stem + "o", stem + vowel + "mos", infinitive + "e", infinitive + "emos"))
    return forms


@functools.cache
def _masked_index() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for word in offensive_vocabulary():
        by_length.setdefault(len(word), []).append(word)
    return {length: tuple(words) for length, words in by_length.items()}


@functools.cache
def _translation_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _CONFUSABLES.items()}
    for lo, hi in _INVISIBLE_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = ""
    for emoji, word in lexicon_table("emoji.tsv"):
        table[ord(emoji[0])] = f" {word} "
    return table


_EVASIVE_CHARS = frozenset(_CONFUSABLES) - frozenset(
    "\u2019\u2018\u201c\u201d\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u00b7\u2022"
) | frozenset(chr(cp) for lo, hi in _INVISIBLE_RANGES for cp in range(lo, min(hi, 0x2FFF) + 1))
_SKIN_TONES_AND_JOINERS = {cp: None for cp in range(0x1F3FB, 0x1F400)}


def fold_plain(text: str) -> str:
    """NFKC, homoglyphs, invisible characters, accents and emoji folded; case and punctuation kept."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_translation_table()).translate(_SKIN_TONES_AND_JOINERS)
    # Accents and combining marks (including "zalgo" stacks) go; ñ → n like everyone types it.
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(kw_only=True, frozen=True, slots=True)
class Normalized:
    """A comment as the detectors see it; `original` is what a moderator is shown."""

    original: str
    cased: str  # homoglyphs, invisible characters, accents and emoji folded; case and punctuation kept
    plain: str  # `cased` in lower case
    folded: str  # words after undoing leetspeak, masking, spacing and repeats, joined by single spaces
    tokens: tuple[str, ...]
    evasions: int  # how many obfuscations were undone (a hint of intent, never a reason alone)
    truncated: bool  # the text was longer than HEAD_CHARS + TAIL_CHARS; the middle was not scanned


def _collapse_runs(word: str, keep: int) -> str:
    return "".join(ch * min(len(list(group)), keep) for ch, group in itertools.groupby(word))


def _has_long_run(word: str) -> bool:
    return any(len(list(group)) >= 3 for _, group in itertools.groupby(word))


def _resolve_repeats(word: str, vocab: frozenset[str]) -> str:
    """ "kiiiiill" → "kill", "shoooot" → "shoot": try doubled then single letters against the vocabulary."""
    if not _has_long_run(word):
        return word
    doubled = _collapse_runs(word, 2)
    if doubled in vocab:
        return doubled
    single = _collapse_runs(word, 1)
    if single in vocab:
        return single
    # Mixed runs ("kiiilll"): try each run at one or two letters, for the first few runs only.
    runs = [(ch, len(list(g))) for ch, g in itertools.groupby(doubled)]
    doubles = [i for i, (_, n) in enumerate(runs) if n == 2][:4]
    for choice in itertools.product((1, 2), repeat=len(doubles)):
        parts = [ch * n for ch, n in runs]
        for i, keep in zip(doubles, choice, strict=True):
            parts[i] = runs[i][0] * keep
        candidate = "".join(parts)
        if candidate in vocab:
            return candidate
    return single


def _looks_numeric(token: str) -> bool:
    digits = token.rstrip("abcdefghijklmnopqrstuvwxyz")
    return bool(digits) and digits.isdigit() and token[len(digits) :] in ("", *_NUMBER_SUFFIXES)


def _unmask(token: str) -> str | None:
    """ "f*ck" → "fuck", "n****s" → the slur: the first offensive word whose visible letters fit."""
    candidates = _masked_index().get(len(token), ())
    visible = [(i, ch) for i, ch in enumerate(token) if ch not in _MASK]
    if not visible:
        return None
    for word in candidates:
        if all(word[i] == ch for i, ch in visible):
            return word
    return None


# Words whose misspellings ("murdr", "shoto") are worth catching: one letter dropped or two swapped.
TYPO_TARGETS = (
    "murder",
    "shoot",
    "bullet",
    "bullets",
    "strangle",
    "execute",
    "stabbing",
    "shooting",
    "killing",
    "police",
    "officer",
    "officers",
    "deputy",
    "sheriff",
    "station",
    "precinct",
    "matar",
    "policia",
    "policias",
    "bomba",
)


@functools.cache
def _typo_map() -> dict[str, str]:
    vocab = vocabulary()
    typos: dict[str, str] = {}
    for word in TYPO_TARGETS:
        variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        for variant in variants:
            if len(variant) >= 4 and variant not in vocab and variant != word:
                typos.setdefault(variant, word)
    return typos


def _resolve_token(token: str, vocab: frozenset[str]) -> tuple[str, bool]:
    """One whitespace-separated chunk → (word, whether an obfuscation was undone)."""
    if token.isalpha():
        if token in vocab:
            return token, False
        resolved = _resolve_repeats(token, vocab)
        if resolved not in vocab:
            resolved = _typo_map().get(resolved, resolved)
        return resolved, resolved != token and resolved in vocab
    if len(token) > MAX_TOKEN_CHARS or token.isdigit() or _looks_numeric(token):
        return token, False
    if any(ch in _MASK for ch in token) and any(ch.isalpha() for ch in token):
        leet = "".join(_LEET.get(ch, ch) if ch not in _MASK else "*" for ch in token)
        leet = leet.translate({ord(m): "*" for m in _MASK})
        unmasked = _unmask(leet)
        if unmasked is not None:
            return unmasked, True
    if not any(ch in _LEET for ch in token):
        return token, False
    primary = "".join(_LEET.get(ch, ch) for ch in token)
    if primary.isalpha():
        resolved = _resolve_repeats(primary, vocab)
        if resolved in vocab:
            return resolved, True
        alternate = _resolve_repeats("".join(_LEET_ALT.get(ch, _LEET.get(ch, ch)) for ch in token), vocab)
        if alternate in vocab:
            return alternate, True
        # Digits mixed into letters, or a symbol between letters ("b@ck"), is leetspeak even for a word
        # we do not know; plates and ids ("abc1234", "ar15") have as many digits, or digit runs, and stay.
        inner = token[1:-1]
        letters = sum(ch.isalpha() for ch in token)
        digits = sum(ch.isdigit() for ch in token)
        digit_run = any(
            len(list(g)) >= 3 for is_digit, g in itertools.groupby(token, str.isdigit) if is_digit
        )
        if (
            letters >= 2
            and digits < letters
            and not digit_run
            and (digits or any(ch in _LEET for ch in inner))
        ):
            return resolved, True
    return token, False


def _segment(joined: str, vocab: frozenset[str]) -> list[str] | None:
    """Split "killthecops" into known words (dynamic programming, words up to 16 letters)."""
    n = len(joined)
    if n > 80:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 16), end):
            prefix = best[start]
            if prefix is not None and joined[start:end] in vocab:
                candidate = [*prefix, joined[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[n]


SENTENCE_END = "."


def _split_chunks(plain: str) -> list[str]:
    chunks = []
    for raw in plain.split():
        chunk = raw.strip(_EDGE_PUNCT)
        # Keep a leading "@"/"$" that is part of the word ("@ss", "$hit").
        if raw and raw[0] in "@$" and len(raw) > 1:
            chunk = raw[0] + raw[1:].strip(_EDGE_PUNCT)
        if chunk:
            chunks.append(chunk)
        # Sentence ends become a "." token so that patterns do not match across sentences; a single
        # letter followed by a dot is more likely a spelled-out word ("f. u. c. k.") than a sentence.
        if (
            raw[-1] in ".!?;"
            and len(chunk) > 1
            and (len(chunk) != len(raw) or raw[-1] != "." or chunk.count(".") == 0)
        ):
            chunks.append(SENTENCE_END)
    return chunks


def _is_spelled_letter(chunk: str) -> bool:
    return len(chunk) == 1 and (chunk.isalpha() or chunk in _LEET or chunk in _MASK)


def _despace(chunk: str) -> str | None:
    """ "f.u.c.k" / "k-i-l-l" → "fuck" / "kill" when every other character is a separator."""
    if len(chunk) < 5 or len(chunk) > 2 * MAX_TOKEN_CHARS:
        return None
    letters = chunk[0::2]
    seps = chunk[1::2]
    if all(s in _LETTER_SEPARATORS for s in seps) and all(ch.isalnum() or ch in _LEET for ch in letters):
        return letters
    return None


def _words(chunks: Iterable[str], vocab: frozenset[str]) -> tuple[list[str], int]:
    words: list[str] = []
    evasions = 0
    pending: list[str] = []  # a run of single letters: "f u c k"
    # A comment repeating one token thousands of times (a flood, or an attack on the scan time) resolves it
    # once: the resolution is a pure function of the token.
    memo: dict[str, tuple[str, bool]] = {}

    def flush() -> None:
        nonlocal evasions
        if len(pending) >= 3:
            joined = "".join(pending)
            word, _ = _resolve_token(joined, vocab)
            if word in vocab:
                words.append(word)
            elif any(ch.isdigit() for ch in joined):
                # "2 4 8 k l m" is a plate or a number spelled out, not leetspeak.
                words.append(joined)
            else:
                parts = _segment(word, vocab)
                words.extend(parts if parts else [word])
            evasions += 1
        else:
            for letter in pending:
                words.append(_resolve_token(letter, vocab)[0] if letter.isalpha() else letter)
        pending.clear()

    for chunk in chunks:
        if chunk == SENTENCE_END:
            flush()
            if words and words[-1] != SENTENCE_END:
                words.append(SENTENCE_END)
            continue
        if _is_spelled_letter(chunk):
            pending.append(chunk)
            continue
        flush()
        despaced = _despace(chunk)
        if despaced is not None:
            word, _ = _resolve_token(despaced, vocab)
            if word in vocab:
                words.append(word)
                evasions += 1
                continue
        resolved = memo.get(chunk)
        if resolved is None:
            resolved = memo[chunk] = _resolve_token(chunk, vocab)
        word, changed = resolved
        evasions += changed
        # Punctuation glued between words ("cops.they", "kill/shoot") splits them.
        for part in _split_glued(word):
            words.append(part)
    flush()
    return words, evasions


def _split_glued(word: str) -> list[str]:
    if word.isalnum():
        return [word]
    parts: list[str] = []
    current: list[str] = []
    for ch in word:
        if ch.isalnum() or ch in "'":
            current.append(ch)
        else:
            if current:
                parts.append("".join(current))
                current = []
            if ch in "@$%&#+":
                parts.append(ch)
    if current:
        parts.append("".join(current))
    return [p.replace("'", "") for p in parts if p.replace("'", "")]


def normalize(text: str) -> Normalized:
    """Fold `text` for matching. Linear in len(text); only the first HEAD_CHARS and last TAIL_CHARS count."""
    truncated = len(text) > HEAD_CHARS + TAIL_CHARS
    scanned = f"{text[:HEAD_CHARS]}\n{text[-TAIL_CHARS:]}" if truncated else text
    cased = fold_plain(scanned)
    plain = cased.lower()
    homoglyphs = not scanned.isascii() and any(
        ch in _EVASIVE_CHARS or "\U0001d400" <= ch <= "\U0001d7ff" or "\uff01" <= ch <= "\uff5e"
        for ch in scanned
    )
    words, evasions = _words(_split_chunks(plain), vocabulary())
    return Normalized(
        original=text,
        cased=cased,
        plain=plain,
        folded=" ".join(words),
        tokens=tuple(words),
        evasions=evasions + (1 if homoglyphs else 0),
        truncated=truncated,
    )
