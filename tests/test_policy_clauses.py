"""Every rule's clause quotes General Order 158 (Attachment A, or NM Stat. 32A-2-32.1) word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.policy.schema import load_policy

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "moderation_policies"
SOURCE = POLICY_DIR / "go158_attachment_a.txt"
ORDER = ROOT.parent / "shared" / "docs" / "lcpd-go-158-social-media.txt"
ELLIPSIS = " … "


def _flat(text: str) -> str:
    """Whitespace and list bullets collapsed: a quote may run across the order's line breaks."""
    text = re.sub(r"(?m)^\s*-\s+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _source_text() -> str:
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return _flat("\n".join(lines))


def _is_verbatim(clause: str, source: str) -> bool:
    """Each part of the clause (parts joined by an ellipsis) appears verbatim, in order."""
    pos = 0
    for part in clause.split(ELLIPSIS):
        found = source.find(_flat(part), pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def test_every_clause_is_quoted_verbatim():
    policy = load_policy(POLICY_DIR)
    source = _source_text()
    assert policy.rules
    wrong = [rule.id for rule in policy.rules if not _is_verbatim(rule.clause, source)]
    assert wrong == []


def test_a_paraphrase_is_caught():
    source = _source_text()
    assert _is_verbatim("Do not use this page to report a crime.", source)
    assert not _is_verbatim("Comments that threaten or promote violence against any person.", source)
    # Parts out of order are not a quotation either.
    assert not _is_verbatim("vulgarity. … Do not use this page to report a crime.", source)


@pytest.mark.skipif(not ORDER.is_file(), reason="the department's order is not beside this checkout")
def test_source_file_is_the_orders_own_text():
    order = _flat(ORDER.read_text(encoding="utf-8"))
    body = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for line in body:
        if line.strip():
            assert _flat(line) in order, line
