"""Evaluate a scorer plus policy against a labelled JSONL test set: per-category and protected-speech figures."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import ActionKind, Verdict
from bot.scoring.base import CATEGORY_SIGNALS, ScoreInput

REMOVING = frozenset({ActionKind.HIDE.value, ActionKind.DELETE.value})
DECISIONS = frozenset(
    a.value for a in (ActionKind.ALLOW, ActionKind.FLAG, ActionKind.REPLY, ActionKind.HIDE, ActionKind.DELETE)
)
# Categories whose cases must raise an urgent alert (a person may be in danger).
URGENT_CATEGORIES = frozenset({"threat", "emergency", "doxxing"})


class LabelledSetError(ValueError):
    """A malformed test-set line; the message names the file and line."""


@dataclass(kw_only=True, frozen=True, slots=True)
class LabelledComment:
    """One test-set line."""

    id: str
    text: str
    category: str
    acceptable: frozenset[str]
    must_stay_up: bool
    urgent: bool
    lang: str
    note: str = ""
    media: tuple[str, ...] = ()
    author_authorized: bool = False
    behaviour: str = ""  # what the case checks; a behaviour folder's file name ("threats_spanish", ...)

    def score_input(self) -> ScoreInput:
        return ScoreInput(text=self.text, media=self.media, author_authorized=self.author_authorized)


def load_test_set(path: str | Path) -> list[LabelledComment]:
    """Read and validate every line of a file, or of every *.jsonl in a folder (one file per behaviour).

    Raises LabelledSetError naming the first bad line.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise LabelledSetError(f"{path}: no *.jsonl files in this folder")
        cases: list[LabelledComment] = []
        seen_ids: set[str] = set()
        for file in files:
            for case in _load_file(file):
                if case.id in seen_ids:
                    raise LabelledSetError(f"{file}: id {case.id!r} also appears in another file")
                seen_ids.add(case.id)
                cases.append(case)
        return cases
    return _load_file(path)


def _load_file(path: Path) -> list[LabelledComment]:
    cases: list[LabelledComment] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelledSetError(f"{where}: not JSON: {exc}") from None
            if not isinstance(raw, dict):
                raise LabelledSetError(f"{where}: each line must be a JSON object")
            missing = {"id", "text", "category", "acceptable"} - raw.keys()
            if missing:
                raise LabelledSetError(f"{where}: missing {sorted(missing)}")
            category = str(raw["category"])
            if category != "none" and category not in CATEGORY_SIGNALS:
                raise LabelledSetError(f"{where}: unknown category {category!r}")
            acceptable = frozenset(str(a) for a in raw["acceptable"])
            if not acceptable or not acceptable <= DECISIONS:
                raise LabelledSetError(
                    f"{where}: acceptable must be a non-empty subset of {sorted(DECISIONS)}"
                )
            case_id = str(raw["id"])
            if case_id in seen:
                raise LabelledSetError(f"{where}: duplicate id {case_id!r}")
            seen.add(case_id)
            must_stay_up = bool(raw.get("must_stay_up", False))
            if must_stay_up and acceptable & REMOVING:
                raise LabelledSetError(f"{where}: a must_stay_up case cannot list hide/delete as acceptable")
            cases.append(
                LabelledComment(
                    id=case_id,
                    text=str(raw["text"]),
                    category=category,
                    acceptable=acceptable,
                    must_stay_up=must_stay_up,
                    urgent=bool(raw.get("urgent", False)),
                    lang=str(raw.get("lang", "en")),
                    note=str(raw.get("note", "")),
                    media=tuple(str(m) for m in raw.get("media", ())),
                    author_authorized=bool(raw.get("author_authorized", False)),
                    behaviour=str(raw.get("behaviour") or path.stem),
                )
            )
    return cases


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: LabelledComment
    verdict: Verdict

    @property
    def decision(self) -> str:
        return self.verdict.action.value

    @property
    def acceptable(self) -> bool:
        return self.decision in self.case.acceptable

    @property
    def wrongly_removed(self) -> bool:
        return self.case.must_stay_up and self.decision in REMOVING


@dataclass(kw_only=True, frozen=True, slots=True)
class CategoryFigures:
    category: str
    support: int  # cases labelled with this category
    predicted: int  # cases where a rule of this category matched
    true_positive: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.support if self.support else 1.0


@dataclass(kw_only=True, frozen=True, slots=True)
class BehaviourFigures:
    behaviour: str
    cases: int
    accuracy: float  # decision in the acceptable set
    wrongly_removed: int  # must-stay-up cases hidden or deleted
    urgent_recall: float | None  # None when no case of the behaviour is urgent


@dataclass(slots=True)
class EvalReport:
    results: list[CaseResult]
    categories: list[CategoryFigures] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def decision_accuracy(self) -> float:
        return sum(r.acceptable for r in self.results) / self.total if self.total else 1.0

    @property
    def wrongly_removed(self) -> list[CaseResult]:
        return [r for r in self.results if r.wrongly_removed]

    @property
    def urgent_expected(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.urgent]

    @property
    def urgent_recall(self) -> float:
        expected = self.urgent_expected
        return sum(r.verdict.urgent for r in expected) / len(expected) if expected else 1.0

    @property
    def urgent_false_alarms(self) -> list[CaseResult]:
        return [r for r in self.results if r.verdict.urgent and not r.case.urgent]

    def urgent_recall_for(self, categories: Iterable[str]) -> float:
        wanted = set(categories)
        expected = [r for r in self.results if r.case.category in wanted and r.case.urgent]
        return sum(r.verdict.urgent for r in expected) / len(expected) if expected else 1.0

    def by_lang(self, lang: str) -> float:
        subset = [r for r in self.results if r.case.lang == lang]
        return sum(r.acceptable for r in subset) / len(subset) if subset else 1.0

    def behaviours(self) -> list[BehaviourFigures]:
        """Accuracy, removals of must-stay-up cases and urgent recall for each behaviour, in name order."""
        out = []
        for name in sorted({r.case.behaviour for r in self.results}):
            subset = [r for r in self.results if r.case.behaviour == name]
            urgent = [r for r in subset if r.case.urgent]
            out.append(
                BehaviourFigures(
                    behaviour=name,
                    cases=len(subset),
                    accuracy=sum(r.acceptable for r in subset) / len(subset),
                    wrongly_removed=sum(r.wrongly_removed for r in subset),
                    urgent_recall=sum(r.verdict.urgent for r in urgent) / len(urgent) if urgent else None,
                )
            )
        return out

    @property
    def evasion_accuracy(self) -> float:
        subset = [r for r in self.results if "evasion" in r.case.note]
        return sum(r.acceptable for r in subset) / len(subset) if subset else 1.0


def _verdict_categories(verdict: Verdict) -> set[str]:
    return {m.category for m in verdict.matches if not m.dry_run}


def evaluate(cases: Sequence[LabelledComment], judge_batch: object, batch_size: int = 256) -> EvalReport:
    """Judge every case with `judge_batch` (e.g. Moderator.judge_batch) and compute the figures."""
    if not callable(judge_batch):
        raise TypeError("judge_batch must be callable: Sequence[ScoreInput] -> list[Verdict]")
    results: list[CaseResult] = []
    for start in range(0, len(cases), batch_size):
        chunk = cases[start : start + batch_size]
        verdicts = judge_batch([c.score_input() for c in chunk])
        results.extend(CaseResult(c, v) for c, v in zip(chunk, verdicts, strict=True))
    report = EvalReport(results=results)
    for category in CATEGORY_SIGNALS:
        support = sum(1 for r in results if r.case.category == category)
        predicted = [r for r in results if category in _verdict_categories(r.verdict)]
        if not support and not predicted:
            continue
        tp = sum(1 for r in predicted if r.case.category == category)
        report.categories.append(
            CategoryFigures(category=category, support=support, predicted=len(predicted), true_positive=tp)
        )
    return report


def format_report(report: EvalReport, *, show_failures: int = 40) -> str:
    """A plain-text report for `modbot eval`."""
    lines = [f"{report.total} labelled comments", ""]
    lines.append(f"{'category':<20}{'support':>8}{'flagged':>9}{'precision':>11}{'recall':>8}")
    for c in report.categories:
        lines.append(f"{c.category:<20}{c.support:>8}{c.predicted:>9}{c.precision:>11.2f}{c.recall:>8.2f}")
    behaviours = report.behaviours()
    if len(behaviours) > 1:
        lines.append("")
        lines.append(f"{'behaviour':<32}{'cases':>6}{'accuracy':>10}{'hidden!':>8}{'urgent':>8}")
        for b in behaviours:
            urgent = "-" if b.urgent_recall is None else f"{b.urgent_recall:.2f}"
            lines.append(f"{b.behaviour:<32}{b.cases:>6}{b.accuracy:>10.2f}{b.wrongly_removed:>8}{urgent:>8}")
    lines.append("")
    lines.append(f"decision accuracy (action in the acceptable set): {report.decision_accuracy:.1%}")
    for lang in sorted({r.case.lang for r in report.results}):
        lines.append(f"  {lang}: {report.by_lang(lang):.1%}")
    lines.append(f"  evasion variants: {report.evasion_accuracy:.1%}")
    lines.append(
        f"urgent recall: {report.urgent_recall:.1%} of {len(report.urgent_expected)} "
        f"(threat/emergency/doxxing: {report.urgent_recall_for(URGENT_CATEGORIES):.1%}); "
        f"urgent false alarms: {len(report.urgent_false_alarms)}"
    )
    removed = report.wrongly_removed
    lines.append(f"MUST-STAY-UP COMMENTS HIDDEN OR DELETED: {len(removed)}")
    for r in removed:
        lines.append(f"  !! {r.case.id} [{r.decision} by {r.verdict.rule_id}] {r.case.text!r}")
    failures = [r for r in report.results if not r.acceptable]
    if failures:
        lines.append("")
        lines.append(f"unacceptable decisions ({len(failures)}):")
        for r in failures[:show_failures]:
            lines.append(
                f"  {r.case.id} expected {'/'.join(sorted(r.case.acceptable))} ({r.case.category}) got "
                f"{r.decision} [{r.verdict.rule_id or '-'}]: {r.case.text[:100]!r}"
            )
        if len(failures) > show_failures:
            lines.append(f"  ... and {len(failures) - show_failures} more")
    missed_urgent = [r for r in report.urgent_expected if not r.verdict.urgent]
    if missed_urgent:
        lines.append("")
        lines.append(f"missed urgent ({len(missed_urgent)}):")
        for r in missed_urgent[:show_failures]:
            lines.append(f"  {r.case.id} ({r.case.category}) got {r.decision}: {r.case.text[:100]!r}")
    return "\n".join(lines)
