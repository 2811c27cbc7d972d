"""The soundness analysis of a file, run once and shared by the behavioural rules."""

from __future__ import annotations

from ..soundness.analyse import ScopeResult, analyse

DEFAULT_MAX_STATES = 50_000


def results(ctx) -> list[ScopeResult]:
    settings = ctx.shared.settings
    limit = settings.get("max-states", DEFAULT_MAX_STATES)
    messages = settings.get("message-flows", True) is not False
    senders = settings.get("unmodelled-senders", False) is True
    return ctx.memo("soundness", lambda: analyse(ctx.document, int(limit), messages, senders))


def names(ctx, ids) -> str:
    from .predicates import label
    return ", ".join(label(ctx.document.get(i), i) for i in ids)
