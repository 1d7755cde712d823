"""The command line's shared flags: one per setting, `--db` and the listing flags; `dipwatch settings`
and the README table."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from dipwatch.config import DEFAULT_DB_SHOWN, SETTING_NAMES, Settings, env_var

ALIASES = {"respect_robots": ("--robots",)}  # so --no-robots, the short way, still works
METAVARS = {int: "N", float: "NUM", str: "TEXT", str | None: "TEXT"}


def flag(name: str) -> str:
    """The command-line flag of a setting."""
    return "--" + name.replace("_", "-")


def _is_bool(name: str) -> bool:
    return Settings.model_fields[name].annotation is bool


def metavar(name: str) -> str:
    """What a setting's flag takes: N, NUM or TEXT."""
    return METAVARS.get(Settings.model_fields[name].annotation, "VALUE")


def usage(name: str) -> str:
    """How the flag of a setting is written: `--retries N`, `--[no-]respect-robots`."""
    if _is_bool(name):
        return "--[no-]" + name.replace("_", "-")
    return f"{flag(name)} {metavar(name)}"


def shown(value: Any) -> str:
    """A setting's value as it is written in the environment (booleans as true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def defaults() -> dict[str, str]:
    """Every setting's default, as shown."""
    base = Settings(db=DEFAULT_DB_SHOWN)  # the same text on every machine (README's table)
    return {name: shown(getattr(base, name)) for name in SETTING_NAMES}


def add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per setting; given, it beats the DIPWATCH_* variable and the feeds file."""
    group = parser.add_argument_group(
        "settings", "each beats its DIPWATCH_* variable and the feeds file (`dipwatch settings`)"
    )
    default = defaults()
    for name in SETTING_NAMES:
        info = Settings.model_fields[name]
        text = f"{info.description} (${env_var(name)}"
        text += f"; default {default[name]})" if default[name] else ")"
        names = (flag(name), *ALIASES.get(name, ()))
        kw: dict[str, Any] = {"dest": name, "default": None, "help": text.replace("%", "%%")}
        if _is_bool(name):
            group.add_argument(*names, action=argparse.BooleanOptionalAction, **kw)
        else:
            group.add_argument(*names, metavar=metavar(name), **kw)


def flag_values(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given as flags (the others are None)."""
    return {name: getattr(args, name, None) for name in SETTING_NAMES}


def listing() -> str:
    """`dipwatch settings`: each setting's description and flag, then its variable and default."""
    lines = ["# dipwatch settings: defaults < feeds file [settings] < DIPWATCH_* < flags"]
    for name, value in defaults().items():
        lines.append(f"# {Settings.model_fields[name].description} [{usage(name)}]")
        lines.append(f"{env_var(name)}={shlex.quote(value) if value else ''}")
    return "\n".join(lines)


def markdown_table() -> str:
    """The README's table of settings (`dipwatch settings --markdown`)."""
    lines = ["| variable | flag | default | meaning |", "|---|---|---|---|"]
    for name, value in defaults().items():
        meaning = (Settings.model_fields[name].description or "").replace("|", "\\|")
        cell = f"`{value}`" if value else "–"
        lines.append(f"| `{env_var(name)}` | `{usage(name)}` | {cell} | {meaning} |")
    return "\n".join(lines)


DB_HELP = "warehouse file (default: $DIPWATCH_DB, else the user data directory's)"


def add_db_flag(parser: argparse.ArgumentParser) -> None:
    """`--db`, the flag every command that reads or writes the warehouse takes."""
    parser.add_argument("--db", help=DB_HELP)


def add_listing_flags(parser: argparse.ArgumentParser) -> None:
    """`--format` and `--max-width` of the commands that print rows (sql, errors, alerts)."""
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--max-width", type=int, default=60, help="truncate table cells (0: never)")
