"""Policy replay: re-judge archived comment versions with a candidate policy (and scorer) and compare.

Nothing is acted on and no verdict is written: the archive is read, each version is judged again, and the
new action is set beside the recorded one. Called out first are the comments a change must not touch: those
a moderator restored or kept up that the candidate would hide, and those the protected-speech signals mark
(aimed at the institution, counter-speech, self-identity, negation) that the candidate would newly hide.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

from bot.domain import ACTION_SEVERITY, ActionKind, Verdict
from bot.moderation import UNSCORABLE, Moderator, route_unscanned
from bot.policy import Policy, decide
from bot.scoring.base import ScoreInput, Scorer
from bot.store import Store
from bot.store.history import KEPT_BY_MODERATOR, archived_versions, moderator_final_decisions

REMOVING = frozenset({"hide", "delete"})
# Signals that mark speech a government page must leave up; a candidate that would newly hide a comment
# they mark is called out. (`slur` is a model input, not protection, so it is not among them.)
PROTECTED_SIGNALS = ("institution_target", "counter_speech", "self_identity", "negated")
PROTECTED_MIN = 0.5
SHOWN_SIGNAL_MIN = 0.05
RECORDED = "recorded"  # the scorer name when each version's recorded scores are reused
FORMATS = ("text", "json", "csv")
EXIT_WOULD_HIDE_RESTORED = 3


@dataclass(kw_only=True, frozen=True)
class ReplayItem:
    """One comment version whose action the candidate would change (or that is called out)."""

    uid: str
    version: int
    platform: str
    created_at: str
    text: str
    old_action: str
    old_rule: str | None
    new_action: str
    new_rule: str | None
    new_reason: str
    scores: dict[str, float]
    moderator: str | None  # the moderator's final decision on this version, if any
    protected: tuple[str, ...]  # protected-speech signals at or above PROTECTED_MIN

    def as_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "version": self.version,
            "platform": self.platform,
            "created_at": self.created_at,
            "text": self.text,
            "old_action": self.old_action,
            "old_rule": self.old_rule,
            "new_action": self.new_action,
            "new_rule": self.new_rule,
            "new_reason": self.new_reason,
            "scores": self.scores,
            "moderator": self.moderator,
            "protected_signals": list(self.protected),
        }


@dataclass(kw_only=True)
class ReplayReport:
    start: date | None
    end: date | None
    policy_version_new: str
    scorer: str
    policy_versions_old: Counter[str] = field(default_factory=Counter)
    compared: int = 0
    not_judged_before: int = 0  # archived versions without a recorded verdict: nothing to compare against
    rescored: int = 0  # versions scored again (candidate scorer, or no usable recorded scores)
    matrix: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)  # rule → versions it newly decides
    released: Counter[str] = field(default_factory=Counter)  # rule → versions it no longer decides
    would_hide_restored: list[ReplayItem] = field(default_factory=list)
    would_hide_protected: list[ReplayItem] = field(default_factory=list)
    newly_hidden: list[ReplayItem] = field(default_factory=list)
    newly_released: list[ReplayItem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(n for key, n in self.matrix.items() if _old_new(key)[0] != _old_new(key)[1])

    @property
    def exit_code(self) -> int:
        """3 when the candidate would hide a comment a moderator restored or kept up, else 0."""
        return EXIT_WOULD_HIDE_RESTORED if self.would_hide_restored else 0

    @property
    def policy_version_old(self) -> str | None:
        """The recorded policy version that decided most of the compared versions."""
        return self.policy_versions_old.most_common(1)[0][0] if self.policy_versions_old else None

    def as_dict(self) -> dict[str, Any]:
        rules = sorted(set(self.caught) | set(self.released))
        return {
            "range": {
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
            },
            "policy_version_old": self.policy_version_old,
            "policy_versions_old": dict(self.policy_versions_old.most_common()),
            "policy_version_new": self.policy_version_new,
            "scorer": self.scorer,
            "compared": self.compared,
            "not_judged_before": self.not_judged_before,
            "rescored": self.rescored,
            "changed": self.changed,
            "matrix": dict(sorted(self.matrix.items())),
            "per_rule": {r: {"caught": self.caught[r], "released": self.released[r]} for r in rules},
            "would_hide_restored": [i.as_dict() for i in self.would_hide_restored],
            "would_hide_protected": [i.as_dict() for i in self.would_hide_protected],
            "newly_hidden": [i.as_dict() for i in self.newly_hidden],
            "newly_released": [i.as_dict() for i in self.newly_released],
        }


def _old_new(key: str) -> tuple[str, str]:
    old, _, new = key.partition("->")
    return old, new


def _action(verdict: Verdict) -> str:
    return verdict.action.value


def _media_kinds(raw: str | None) -> tuple[str, ...]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(m.get("kind")) for m in items if isinstance(m, dict) and m.get("kind"))


def _recorded_scores(row: dict[str, Any]) -> dict[str, float] | None:
    """The scores the recorded verdict was decided on, or None when they cannot stand in for scoring
    (no verdict, an unscorable comment, or scores that do not parse)."""
    if row["verdict_id"] is None or row["rule_id"] == UNSCORABLE or not row["scores"]:
        return None
    try:
        scores = json.loads(row["scores"])
    except ValueError:
        return None
    if not isinstance(scores, dict) or not scores:
        return None
    return {str(k): float(v) for k, v in scores.items() if isinstance(v, int | float)}


def _day_bounds(start: date | None, end: date | None) -> tuple[str, str]:
    lo = f"{start.isoformat()}T00:00:00+00:00" if start else ""
    # "~" sorts after every digit, so an open end includes every timestamp.
    hi = f"{date.fromordinal(end.toordinal() + 1).isoformat()}T00:00:00+00:00" if end else "~"
    return lo, hi


def replay(
    store: Store,
    policy: Policy,
    *,
    scorer_factory: Callable[[], Scorer],
    rescore_with: str | None = None,
    start: date | None = None,
    end: date | None = None,
    authorized_authors: frozenset[str] = frozenset(),
    batch_size: int = 256,
    clock: Callable[[], float] | None = None,
) -> ReplayReport:
    """Re-judge every archived version created from `start` to `end` (UTC days, both included; None: open).

    With `rescore_with` (the scorer's name), every version is scored again by the scorer `scorer_factory`
    builds; otherwise each version's recorded scores are reused (the policy alone changes) and the scorer is
    built only for versions without usable ones. Reads only: no action, no verdict, no audit row.
    """
    import time

    now = clock or time.monotonic
    started = now()
    scorer: Scorer | None = None

    def moderator() -> Moderator:
        nonlocal scorer
        if scorer is None:
            scorer = scorer_factory()
        return Moderator(policy, scorer)

    lo, hi = _day_bounds(start, end)
    decisions = moderator_final_decisions(store, lo, hi)
    report = ReplayReport(
        start=start, end=end, policy_version_new=policy.version, scorer=rescore_with or RECORDED
    )
    for page in archived_versions(store, lo, hi):
        judged = [row for row in page if row["verdict_id"] is not None]
        report.not_judged_before += len(page) - len(judged)
        items = [_score_input(row, authorized_authors) for row in judged]
        verdicts: list[Verdict | None] = [None] * len(judged)
        to_score: list[int] = []
        for i, row in enumerate(judged):
            recorded = None if rescore_with else _recorded_scores(row)
            if recorded is None:
                to_score.append(i)
                continue
            decided = decide(policy, items[i], recorded, row["scorer"] or RECORDED)
            verdicts[i] = route_unscanned(decided, items[i])
        if to_score:
            mod = moderator()
            for chunk_start in range(0, len(to_score), batch_size):
                chunk = to_score[chunk_start : chunk_start + batch_size]
                for i, rescored in zip(chunk, mod.judge_batch([items[i] for i in chunk]), strict=True):
                    verdicts[i] = rescored
            report.rescored += len(to_score)
        for row, new in zip(judged, verdicts, strict=True):
            assert new is not None
            _compare(report, row, new, decisions)
    report.seconds = now() - started
    return report


def _score_input(row: dict[str, Any], authorized_authors: frozenset[str]) -> ScoreInput:
    authorized = bool(
        authorized_authors
        and (
            (row["author_id"] or "") in authorized_authors or (row["author_name"] or "") in authorized_authors
        )
    )
    return ScoreInput(
        text=row["text"],
        media=_media_kinds(row["media"]),
        author_authorized=authorized,
        platform=row["platform"],
    )


def _compare(
    report: ReplayReport,
    row: dict[str, Any],
    verdict: Verdict,
    decisions: dict[tuple[str, int | None], str],
) -> None:
    old, new = str(row["action"]), _action(verdict)
    old_rule, new_rule = row["rule_id"], verdict.rule_id
    report.compared += 1
    report.policy_versions_old[str(row["policy_version"])] += 1
    report.matrix[f"{old}->{new}"] += 1
    if new_rule != old_rule:
        if new_rule and new != ActionKind.ALLOW.value:
            report.caught[new_rule] += 1
        if old_rule and old != ActionKind.ALLOW.value:
            report.released[old_rule] += 1
    elif new != old and new_rule:
        # The same rule, with another action: it now catches more (or less) of this comment.
        stronger = ACTION_SEVERITY[ActionKind(new)] > ACTION_SEVERITY[ActionKind(old)]
        (report.caught if stronger else report.released)[new_rule] += 1
    uid, version = str(row["uid"]), int(row["version"])
    decision = decisions.get((uid, version), decisions.get((uid, None)))
    removes_now = new in REMOVING
    if not removes_now and old not in REMOVING:
        return
    protected = tuple(s for s in PROTECTED_SIGNALS if verdict.scores.get(s, 0.0) >= PROTECTED_MIN)
    item = ReplayItem(
        uid=uid,
        version=version,
        platform=str(row["platform"]),
        created_at=str(row["created_at"]),
        text=str(row["text"]),
        old_action=old,
        old_rule=old_rule,
        new_action=new,
        new_rule=new_rule,
        new_reason=verdict.reason,
        scores={k: v for k, v in sorted(verdict.scores.items()) if v >= SHOWN_SIGNAL_MIN},
        moderator=decision,
        protected=protected,
    )
    if removes_now and decision in KEPT_BY_MODERATOR:
        # A person already decided this comment stays up: hiding it again, newly or not, is called out.
        report.would_hide_restored.append(item)
    if removes_now and old not in REMOVING:
        report.newly_hidden.append(item)
        if protected:
            report.would_hide_protected.append(item)
    elif old in REMOVING and not removes_now:
        report.newly_released.append(item)


# -- output -------------------------------------------------------------------------------------------
CSV_COLUMNS = (
    "list",
    "uid",
    "version",
    "platform",
    "created_at",
    "old_action",
    "old_rule",
    "new_action",
    "new_rule",
    "moderator",
    "protected_signals",
    "scores",
    "text",
)


def write_json(report: ReplayReport, out: TextIO) -> None:
    json.dump(report.as_dict(), out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_csv(report: ReplayReport, out: TextIO) -> None:
    """One row per listed comment version; `list` names the section (a version may be in two)."""
    from bot.export import _cell

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for name, items in _sections(report):
        for i in items:
            d = i.as_dict()
            writer.writerow(
                [_cell(name)]
                + [_cell(d[c]) for c in CSV_COLUMNS[1:10]]
                + [_cell(",".join(i.protected)), _cell(i.scores), _cell(i.text)]
            )


def _sections(report: ReplayReport) -> list[tuple[str, Sequence[ReplayItem]]]:
    return [
        ("would_hide_restored", report.would_hide_restored),
        ("would_hide_protected", report.would_hide_protected),
        ("newly_hidden", report.newly_hidden),
        ("newly_released", report.newly_released),
    ]


def _item_lines(items: Iterable[ReplayItem]) -> list[str]:
    lines = []
    for i in items:
        top = sorted(i.scores.items(), key=lambda kv: -kv[1])[:6]
        who = f" · moderator: {i.moderator}" if i.moderator else ""
        marks = f" · protected: {', '.join(i.protected)}" if i.protected else ""
        lines.append(
            f"  - {i.uid} v{i.version} ({i.platform}, {i.created_at[:10]}): {i.old_action} [{i.old_rule or '-'}]"
            f" -> {i.new_action} [{i.new_rule or '-'}]{who}{marks}"
        )
        lines.append(f"      \u201c{i.text[:300]}{'…' if len(i.text) > 300 else ''}\u201d")
        lines.append("      scores: " + (", ".join(f"{k} {v:.2f}" for k, v in top) or "-"))
    return lines


def format_text(report: ReplayReport) -> str:
    d = report.as_dict()
    span = f"{d['range']['from'] or 'the beginning'} to {d['range']['to'] or 'now'}"
    lines = [
        f"replay {span}: {report.compared} archived version(s) re-judged, {report.changed} would change",
        f"  policy: recorded {report.policy_version_old or '-'} -> candidate {report.policy_version_new}; "
        f"scorer: {report.scorer}"
        + (f" ({report.rescored} version(s) scored again)" if report.rescored else ""),
    ]
    if report.not_judged_before:
        lines.append(f"  {report.not_judged_before} archived version(s) had no verdict to compare against")
    lines.append("")
    titles = {
        "would_hide_restored": "WOULD HIDE what a moderator restored or kept up",
        "would_hide_protected": "WOULD NEWLY HIDE speech the protected-speech signals mark",
        "newly_hidden": "Newly hidden or deleted",
        "newly_released": "Newly released (no longer hidden or deleted)",
    }
    for name, items in _sections(report)[:2]:
        lines.append(f"{titles[name]}: {len(items)}")
        lines.extend(_item_lines(items))
    lines.append("")
    lines.append("Old action -> new action:")
    for key, n in sorted(report.matrix.items(), key=lambda kv: (-kv[1], kv[0])):
        old, new = _old_new(key)
        lines.append(f"  {old:>6} -> {new:<6} {n:7}" + ("" if old == new else "   changed"))
    lines.append("")
    lines.append("Per rule (newly caught / newly released):")
    rules = sorted(set(report.caught) | set(report.released))
    lines.extend(f"  {r:28} +{report.caught[r]:<6} -{report.released[r]}" for r in rules)
    if not rules:
        lines.append("  no rule decides differently")
    for name, items in _sections(report)[2:]:
        lines.append("")
        lines.append(f"{titles[name]}: {len(items)}")
        lines.extend(_item_lines(items))
    return "\n".join(lines) + "\n"


def render(report: ReplayReport, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "text":
        return format_text(report)
    buf = io.StringIO()
    (write_json if fmt == "json" else write_csv)(report, buf)
    return buf.getvalue()
