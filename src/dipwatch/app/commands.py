"""Subcommands that live in their own modules (eval, export, dashboard, errors), registered lazily."""

from __future__ import annotations

import argparse
import importlib


def register(sub: argparse._SubParsersAction) -> None:
    """Let each optional command module add its parser (`add_parser(sub)`)."""
    for module in (
        "dipwatch.quality.evaluate",
        "dipwatch.app.export",
        "dipwatch.app.dashboard",
        "dipwatch.app.errors",
        "dipwatch.app.alerts",  # issue 12: alerts, backfill, feeds check
        "dipwatch.app.backfill",
        "dipwatch.app.feedscheck",
        "dipwatch.app.shards",  # issue 10: plan, shard, load-staged
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        if hasattr(mod, "add_parser"):
            mod.add_parser(sub)
