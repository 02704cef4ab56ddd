"""Policy files (YAML) → validated, frozen Policy objects. Every error names the file, the rule and the field."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import re2
import yaml

from bot.domain import ActionKind
from bot.scoring.base import ALL_SIGNALS

RULE_ACTIONS = (ActionKind.ALLOW, ActionKind.FLAG, ActionKind.REPLY, ActionKind.HIDE, ActionKind.DELETE)
MEDIA_KINDS = ("photo", "video", "gif", "link", "other")

# Words and phrases that express a viewpoint about the police or government. A removal rule keyed on them
# is viewpoint discrimination on a public forum (Tanner v. Ziegenhorn: "pig", "pigs", "copper").
VIEWPOINT_TERMS: tuple[str, ...] = (
    "pig",
    "pigs",
    "piggy",
    "piggies",
    "oink",
    "bacon",
    "copper",
    "coppers",
    "cop",
    "cops",
    "po-po",
    "popo",
    "5-0",
    "five-o",
    "fuzz",
    "corrupt",
    "corruption",
    "defund",
    "abolish",
    "acab",
    "a.c.a.b",
    "1312",
    "fascist",
    "fascists",
    "gestapo",
    "thug",
    "thugs",
    "jackboot",
    "jackboots",
    "police state",
    "police brutality",
    "brutality",
    "racist cops",
    "blue lives",
    "thin blue line",
    "tyranny",
    "tyrant",
    "tyrants",
    "cerdo",
    "cerdos",
    "marrano",
    "marranos",
    "chota",
    "la chota",
    "puerco",
    "puercos",
    "corrupto",
    "corruptos",
)


class PolicyError(ValueError):
    """A policy is invalid. `.errors` lists every problem found, each naming file, rule and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# RE2 otherwise writes its own parse errors (and an absl warning) to stderr, around our one clear message.
_QUIET_RE2 = re2.Options()
_QUIET_RE2.log_errors = False


def _re2_message(exc: re2.error) -> str:
    """RE2's error text as a plain string (the binding passes it as bytes)."""
    arg = exc.args[0] if exc.args else exc
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def fold(text: str) -> str:
    """Case-, width- and accent-insensitive form used for keyword and pattern matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(kw_only=True, frozen=True)
class Condition:
    """One test on a comment. Exactly one of signal / keywords / pattern / media / author_authorized is set."""

    signal: str | None = None
    min: float | None = None
    max: float | None = None
    keywords: tuple[str, ...] = ()
    pattern: str | None = None
    media: tuple[str, ...] = ()
    author_authorized: bool | None = None

    def describe(self) -> str:
        if self.signal is not None:
            lo = "" if self.min is None else f" >= {self.min}"
            hi = "" if self.max is None else f" <= {self.max}"
            return f"{self.signal}{lo}{hi}"
        if self.keywords:
            return f"keywords[{len(self.keywords)}]"
        if self.pattern is not None:
            return "pattern"
        if self.media:
            return f"media in {list(self.media)}"
        return f"author_authorized == {self.author_authorized}"


@dataclass(kw_only=True, frozen=True)
class Rule:
    id: str
    title: str
    clause: str
    category: str
    action: ActionKind
    all: tuple[Condition, ...]
    any: tuple[Condition, ...]
    unless: tuple[Condition, ...]
    urgent: bool = False
    reply: str | None = None
    enabled: bool = True
    dry_run: bool = False
    viewpoint_override: str | None = None
    source: str = ""


@dataclass(kw_only=True, frozen=True)
class Policy:
    name: str
    version: str  # sha256 of the policy files, so every verdict says which text decided it
    rules: tuple[Rule, ...]
    files: tuple[str, ...]
    reply_default: str | None = None

    @property
    def enabled_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)


_RULE_KEYS = {
    "id",
    "title",
    "clause",
    "category",
    "when",
    "unless",
    "action",
    "urgent",
    "reply",
    "enabled",
    "dry_run",
    "viewpoint_override",
    "notes",
}
_COND_KEYS = {"signal", "min", "max", "keywords", "pattern", "media", "author_authorized"}
_TOP_KEYS = {"policy", "rules"}


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def _condition(raw: Any, where: str, err: _Collector) -> Condition | None:
    if not isinstance(raw, Mapping):
        err.add(where, "a condition must be a mapping")
        return None
    unknown = set(raw) - _COND_KEYS
    if unknown:
        err.add(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_COND_KEYS)}")
    kinds = [k for k in ("signal", "keywords", "pattern", "media", "author_authorized") if k in raw]
    if len(kinds) != 1:
        err.add(where, "a condition needs exactly one of signal, keywords, pattern, media, author_authorized")
        return None
    kind = kinds[0]
    if kind == "signal":
        signal = raw["signal"]
        if signal not in ALL_SIGNALS:
            err.add(f"{where}.signal", f"unknown signal {signal!r}; known: {', '.join(ALL_SIGNALS)}")
        bounds: dict[str, float | None] = {"min": None, "max": None}
        for key in ("min", "max"):
            if key in raw:
                value = raw[key]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    err.add(f"{where}.{key}", f"threshold must be a number, got {value!r}")
                elif not 0.0 <= float(value) <= 1.0:
                    err.add(f"{where}.{key}", f"threshold must be between 0 and 1, got {value}")
                else:
                    bounds[key] = float(value)
        if bounds["min"] is None and bounds["max"] is None:
            err.add(where, "a signal condition needs min and/or max")
        elif bounds["min"] is not None and bounds["max"] is not None and bounds["min"] > bounds["max"]:
            err.add(where, "min is greater than max")
        return Condition(signal=str(signal), min=bounds["min"], max=bounds["max"])
    for stray in ("min", "max"):
        if stray in raw:
            err.add(f"{where}.{stray}", "thresholds only apply to signal conditions")
    if kind == "keywords":
        words = raw["keywords"]
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w.strip() for w in words)
        ):
            err.add(f"{where}.keywords", "must be a non-empty list of non-empty strings")
            return None
        return Condition(keywords=tuple(fold(w.strip()) for w in words))
    if kind == "pattern":
        pattern = raw["pattern"]
        if not isinstance(pattern, str) or not pattern:
            err.add(f"{where}.pattern", "must be a non-empty string")
            return None
        try:
            # RE2 runs in linear time: no comment can make a pattern backtrack for minutes.
            re2.compile(pattern, _QUIET_RE2)
        except re2.error as exc:
            err.add(
                f"{where}.pattern", f"does not compile under RE2 (linear-time engine): {_re2_message(exc)}"
            )
            return None
        return Condition(pattern=pattern)
    if kind == "media":
        media = raw["media"]
        if not isinstance(media, list) or not media or not all(m in MEDIA_KINDS for m in media):
            err.add(f"{where}.media", f"must be a non-empty list drawn from {list(MEDIA_KINDS)}")
            return None
        return Condition(media=tuple(media))
    value = raw["author_authorized"]
    if not isinstance(value, bool):
        err.add(f"{where}.author_authorized", "must be true or false")
        return None
    return Condition(author_authorized=value)


def _conditions(raw: Any, where: str, err: _Collector) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        err.add(where, "must be a list of conditions")
        return ()
    out = []
    for i, item in enumerate(raw):
        cond = _condition(item, f"{where}[{i}]", err)
        if cond is not None:
            out.append(cond)
    return tuple(out)


def _rule(raw: Any, where: str, err: _Collector, source: str) -> Rule | None:
    if not isinstance(raw, Mapping):
        err.add(where, "a rule must be a mapping")
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not re2.fullmatch(r"[a-z0-9][a-z0-9_.-]*", rid or ""):
        err.add(f"{where}.id", f"must be a lower-case identifier (a-z, 0-9, . _ -), got {rid!r}")
        rid = f"<rule {where}>"
    where = f"{source}: rule {rid}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        err.add(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}")
    for key in ("title", "clause", "category"):
        if not isinstance(raw.get(key), str) or not raw.get(key, "").strip():
            err.add(f"{where}.{key}", "required, a non-empty string")
    action_raw = raw.get("action")
    try:
        action = ActionKind(str(action_raw))
        if action not in RULE_ACTIONS:
            raise ValueError
    except ValueError:
        err.add(f"{where}.action", f"must be one of {[a.value for a in RULE_ACTIONS]}, got {action_raw!r}")
        action = ActionKind.FLAG
    when = raw.get("when")
    all_c: tuple[Condition, ...] = ()
    any_c: tuple[Condition, ...] = ()
    if not isinstance(when, Mapping) or not (set(when) & {"all", "any"}):
        err.add(f"{where}.when", "required: a mapping with 'all' and/or 'any' condition lists")
    else:
        extra = set(when) - {"all", "any"}
        if extra:
            err.add(f"{where}.when", f"unknown key(s) {sorted(extra)}; allowed: all, any")
        all_c = _conditions(when.get("all"), f"{where}.when.all", err)
        any_c = _conditions(when.get("any"), f"{where}.when.any", err)
    unless = _conditions(raw.get("unless"), f"{where}.unless", err)
    for key in ("urgent", "enabled", "dry_run"):
        if key in raw and not isinstance(raw[key], bool):
            err.add(f"{where}.{key}", "must be true or false")
    reply = raw.get("reply")
    if reply is not None and (not isinstance(reply, str) or not reply.strip()):
        err.add(f"{where}.reply", "must be a non-empty string when given")
    if action is ActionKind.REPLY and not reply:
        err.add(f"{where}.reply", "a rule whose action is 'reply' needs reply text")
    override = raw.get("viewpoint_override")
    if override is not None and (not isinstance(override, str) or len(override.strip()) < 40):
        err.add(
            f"{where}.viewpoint_override",
            "must be a written justification of at least 40 characters (who approved it and why it is not "
            "viewpoint-based)",
        )
    return Rule(
        id=str(rid),
        title=str(raw.get("title", "")),
        clause=str(raw.get("clause", "")).strip(),
        category=str(raw.get("category", "")),
        action=action,
        all=all_c,
        any=any_c,
        unless=unless,
        urgent=bool(raw.get("urgent", False)),
        reply=reply if isinstance(reply, str) else None,
        enabled=bool(raw.get("enabled", True)),
        dry_run=bool(raw.get("dry_run", False)),
        viewpoint_override=override if isinstance(override, str) else None,
        source=source,
    )


def viewpoint_violations(rule: Rule) -> list[str]:
    """Terms of viewpoint about police/government that a removing rule keys on (empty when none)."""
    if rule.action in (ActionKind.ALLOW, ActionKind.FLAG):
        return []
    hits: list[str] = []
    terms = [fold(t) for t in VIEWPOINT_TERMS]
    for cond in rule.all + rule.any:
        for word in cond.keywords:
            for term in terms:
                if word == term or re2.search(rf"(^|\W){re2.escape(term)}(\W|$)", word):
                    hits.append(f"keyword {word!r}")
                    break
        if cond.pattern is not None:
            compiled = re2.compile(cond.pattern, re2.Options())
            for term in terms:
                # Does the pattern match the term alone or the term inside a sentence of plain criticism?
                for probe in (term, f"you {term}", f"all {term} are", f"{term}s"):
                    if compiled.search(probe) or compiled.search(probe.upper()):
                        hits.append(f"pattern matches {term!r}")
                        break
                else:
                    continue
                break
    return hits


def _policy_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise PolicyError([f"{path}: no such policy file or directory"])
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise PolicyError([f"{path}: no .yaml policy files found"])
    return files


def load_policy(path: str | Path, *, check_viewpoint: bool = True) -> Policy:
    """Load and validate every policy file under `path` as a whole. Raises PolicyError listing all problems."""
    root = Path(path)
    files = _policy_files(root)
    err = _Collector()
    rules: list[Rule] = []
    name = "policy"
    reply_default = None
    digest = hashlib.sha256()
    for f in files:
        raw_bytes = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + raw_bytes + b"\0")
        try:
            doc = yaml.safe_load(raw_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            err.add(str(f), f"not valid YAML: {exc}")
            continue
        if not isinstance(doc, Mapping):
            err.add(str(f), "top level must be a mapping with 'policy' and/or 'rules'")
            continue
        unknown = set(doc) - _TOP_KEYS
        if unknown:
            err.add(str(f), f"unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
        meta = doc.get("policy") or {}
        if isinstance(meta, Mapping):
            name = str(meta.get("name", name))
            reply_default = meta.get("reply_default", reply_default)
        raw_rules = doc.get("rules") or []
        if not isinstance(raw_rules, list):
            err.add(f"{f}: rules", "must be a list")
            continue
        for i, raw in enumerate(raw_rules):
            rule = _rule(raw, f"{f}: rules[{i}]", err, str(f))
            if rule is not None:
                rules.append(rule)
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            err.add(f"{rule.source}: rule {rule.id}", f"duplicate rule id (also in {seen[rule.id]})")
        seen[rule.id] = rule.source
        if check_viewpoint and rule.viewpoint_override is None:
            hits = viewpoint_violations(rule)
            if hits:
                err.add(
                    f"{rule.source}: rule {rule.id}",
                    f"viewpoint guard: a '{rule.action.value}' rule keys on viewpoint terms about the police or "
                    f"government ({', '.join(sorted(set(hits)))}). Removing speech for its viewpoint on a public "
                    "forum is unconstitutional (Tanner v. Ziegenhorn). Remove the terms, make the rule 'flag', "
                    "or add a written viewpoint_override justification.",
                )
    if not rules and not err.errors:
        err.add(str(root), "the policy has no rules")
    if err.errors:
        raise PolicyError(err.errors)
    return Policy(
        name=name,
        version=digest.hexdigest()[:16],
        rules=tuple(rules),
        files=tuple(str(f) for f in files),
        reply_default=reply_default,
    )
