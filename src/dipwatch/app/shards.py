"""`dipwatch plan`, `dipwatch shard`, `dipwatch load-staged`: a sharded refresh by hand.

    dipwatch plan --stage /srv/stage --shards 2 [--feed URL]... [--SETTING VALUE]...  # warehouse machine
    dipwatch shard --stage /srv/stage --shard 0 --of 2                              # each machine
    dipwatch load-staged /srv/stage [--db PATH]                                     # warehouse machine

The same steps as the `refresh-sharded` deployment, run from cron or a shell. With
PREFECT_API_URL set, `shard` and `load-staged` run their flows on that server (visible in its
UI; `shard` then honours the `host:<host>` global concurrency limits); without it, they run in
this process without Prefect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _api() -> str | None:
    """The Prefect API to run the flows on (checked), or None: run without Prefect."""
    from dipwatch.app.prefect_api import check_api, configured_api, quiet_prefect

    quiet_prefect()
    api = configured_api()
    if api:
        check_api(api)
    return api


def cmd_plan(args: argparse.Namespace) -> int:
    """Poll the feeds and write the plan of a refresh by `--shards` shards into the stage."""
    from dipwatch.app.cli import flow_parameters, resolve_settings
    from dipwatch.events.coders import check_coder
    from dipwatch.shards.plan import plan_refresh
    from dipwatch.shards.stage import StageError

    settings = resolve_settings(flow_parameters(args))
    check_coder(settings.coder)  # the shards code with it: fail before anything is planned
    try:
        plan = plan_refresh(settings, Path(args.stage), args.shards)
    except StageError as exc:
        print(f"dipwatch plan: {exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"shard {i}: {n}" for i, n in enumerate(plan.entries_by_shard))
    print(f"planned {plan.refresh} in {args.stage}: {sum(plan.entries_by_shard)} pages ({counts})")
    print(
        f"  next: `dipwatch shard --stage {args.stage} --shard I --of {args.shards}` for I in "
        f"0..{args.shards - 1} (any machines), then `dipwatch load-staged {args.stage}`"
    )
    return 0


def cmd_shard(args: argparse.Namespace) -> int:
    """Fetch, extract and code one shard of a planned refresh into the stage."""
    from dipwatch.shards.stage import StageError, latest_plan
    from dipwatch.shards.work import work_shard

    try:
        if _api():
            from dipwatch.flows.shards import refresh_shard

            out = refresh_shard(args.stage, args.refresh, args.shard, args.of)
            print(
                f"shard {args.shard} of {args.of} ({out['refresh']}): {out['entries']} entries, "
                f"{out['batches']} batches ({out['written']} written now)"
            )
            return 0
        stage = Path(args.stage)
        folder = stage / args.refresh if args.refresh else latest_plan(stage, args.shard, args.of)
        print(work_shard(folder, args.shard, args.of).line())
    except StageError as exc:
        print(f"dipwatch shard: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_load_staged(args: argparse.Namespace) -> int:
    """Load the staged batches of a stage into the warehouse (each once)."""
    from dipwatch.config import complete_settings, explicit_settings
    from dipwatch.shards.load import load_stage
    from dipwatch.shards.stage import StageError

    given = explicit_settings({"db": args.db})
    settings = complete_settings(given, read_feeds=False)
    try:
        if _api():
            from dipwatch.flows.shards import load_staged

            out = load_staged(args.stage, settings=given, keep=args.keep)
            print(
                f"load-staged {args.stage} -> {settings.db}: {out['batches_loaded']} staged "
                f"batches loaded ({out['batches_skipped']} loaded before), {out['articles']} "
                f"articles written, {out['events']} events, {len(out['completed'])} refreshes "
                "completed"
                + (f", {len(out['waiting'])} waiting for shards" if out["waiting"] else "")
            )
            return 0
        print(load_stage(Path(args.stage), settings, keep=args.keep).line())
    except StageError as exc:
        print(f"dipwatch load-staged: {exc}", file=sys.stderr)
        return 2
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch plan`, `dipwatch shard` and `dipwatch load-staged`."""
    from dipwatch.app.options import add_db_flag, add_setting_flags

    p = sub.add_parser(
        "plan",
        help="a sharded refresh, step 1: poll the feeds, write the plan into a staging directory",
        description="Record a refresh, poll its feeds and write which pages each shard fetches "
        "(by host) into the staging directory, with the settings and feeds the shards use.",
    )
    p.add_argument("--stage", required=True, metavar="DIR", help="staging directory (shared)")
    p.add_argument("--shards", required=True, type=_positive, metavar="N", help="how many shards")
    p.add_argument("--feed", action="append", metavar="URL_OR_PATH")
    add_setting_flags(p)
    p.set_defaults(func=cmd_plan)

    s = sub.add_parser(
        "shard",
        help="a sharded refresh, step 2: fetch, extract and code one shard into the stage",
        description="Work shard I of N of the newest plan in the stage that waits for it (or "
        "--refresh NAME): its pages are fetched, extracted and coded batch by batch into the "
        "stage; run again, it skips the batches it wrote.",
    )
    s.add_argument("--stage", required=True, metavar="DIR", help="staging directory (shared)")
    s.add_argument("--shard", required=True, type=int, metavar="I", help="this shard (0..N-1)")
    s.add_argument("--of", required=True, type=_positive, metavar="N", help="how many shards")
    s.add_argument("--refresh", metavar="NAME", help="the planned refresh (default: the newest)")
    s.set_defaults(func=cmd_shard)

    ld = sub.add_parser(
        "load-staged",
        help="a sharded refresh, step 3: load the staged batches into the warehouse",
        description="Load every staged batch not loaded yet (each once, in its own "
        "transaction), complete the refreshes whose shards are all done and remove them from "
        "the stage (--keep: leave them).",
    )
    ld.add_argument("stage", metavar="DIR", help="staging directory")
    add_db_flag(ld)
    ld.add_argument("--keep", action="store_true", help="leave loaded refreshes in the stage")
    ld.set_defaults(func=cmd_load_staged)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {n}")
    return n
