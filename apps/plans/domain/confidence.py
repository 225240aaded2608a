"""How far to trust a declared item, from the confidence note its compilation gives ("high: official page",
"medium-high: repost", "low-medium: excerpt truncated", "only 5 of 19 named")."""

import re

PARTIAL_WORDS = (
    "only",
    "partial",
    "truncat",
    "not enumerated",
    "not itemised",
    "not listed",
    "not fully",
    "names only",
    "not in excerpt",
    "not given",
    "open-ended",
    "不完整",
    "部分",
)
_OF = re.compile(r"\b\d+ of \d+\b")


def confidence_level(text: str) -> str:
    """high / medium / low from the note's first word ("medium-high: repost" is medium, "low-medium" low)."""
    head = (text or "").strip().lower()
    if head.startswith("high"):
        return "high"
    if head.startswith("low"):
        return "low"
    return "medium"


def is_partial(*texts: str) -> bool:
    """Whether a note says the source names only part of a list."""
    joined = " ".join(t or "" for t in texts).lower()
    return any(word in joined for word in PARTIAL_WORDS) or bool(_OF.search(joined))
