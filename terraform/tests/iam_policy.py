"""IAM policy matching shared by the IAM table test (test_iam.py) and the command rehearsal's check of the S3 calls
its processes really made (s3_calls.py): wildcards as IAM reads them, and Allow/Deny with the condition operators
the module's policies use."""
from __future__ import annotations

import re


def as_list(v) -> list:
    return v if isinstance(v, list) else [v]


def matches(pattern: str, value: str) -> bool:
    # IAM wildcards: * and ?, case-insensitive for actions (callers lower-case), case-sensitive for resources.
    return re.fullmatch(".*".join(".".join(map(re.escape, part.split("?"))) for part in pattern.split("*")), value) is not None


def _applies(st: dict, action: str, resource: str) -> bool:
    if not any(matches(a.lower(), action.lower()) for a in as_list(st["Action"])):
        return False
    if "Resource" in st:
        return any(matches(r, resource) for r in as_list(st["Resource"]))
    return "NotResource" in st and not any(matches(r, resource) for r in as_list(st["NotResource"]))


# Condition operators the module's identity policies use; another one fails the check instead of being guessed.
_OPERATORS = {
    "StringLike": lambda want, have: any(matches(w, have) for w in want),
    "StringEquals": lambda want, have: have in want,
}


def _conditions_hold(st: dict, context: dict[str, str]) -> bool:
    for operator, keys in st.get("Condition", {}).items():
        if operator not in _OPERATORS:
            raise AssertionError(f"condition operator {operator} in statement {st.get('Sid', '?')} is not evaluated here")
        for key, want in keys.items():
            have = context.get(key)
            if have is None or not _OPERATORS[operator](as_list(want), have):
                return False
    return True


def allowed_by(policy: dict, action: str, resource: str, context: dict[str, str] | None = None) -> list[str]:
    """The Sids of the Allow statements that grant the call, or [] (also when a Deny statement applies). With
    context None, conditions are not evaluated (the table test's reading); with a context they must hold."""
    sids = []
    for st in policy["Statement"]:
        if not _applies(st, action, resource):
            continue
        if context is not None and not _conditions_hold(st, context):
            continue
        if st["Effect"] == "Deny":
            return []
        sids.append(st.get("Sid", "?"))
    return sids
