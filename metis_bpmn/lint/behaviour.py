"""The soundness analysis of a file, run once and shared by the behavioural rules."""

from __future__ import annotations

from ..soundness.analyse import ScopeResult, analyse

DEFAULT_MAX_STATES = 50_000


def results(ctx) -> list[ScopeResult]:
    limit = ctx.shared.settings.get("max-states", DEFAULT_MAX_STATES)
    messages = ctx.shared.settings.get("message-flows", True) is not False
    return ctx.memo("soundness", lambda: analyse(ctx.document, int(limit), messages))


def names(ctx, ids) -> str:
    from .predicates import label
    return ", ".join(label(ctx.document.get(i), i) for i in ids)
