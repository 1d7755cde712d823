"""Text from feeds and pages is hostile: make it inert in Markdown, links and spreadsheets.

Everything a feed or a page supplies (headlines, places, URLs, evidence) reaches the dashboard
and the exports. Three rules: in Markdown every markup character is backslash-escaped (no
link, image, HTML tag, table cell, emphasis or autolink can be formed from it); a link is made only
from an http(s) URL, with the characters that could end or split a Markdown link
percent-encoded; a CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
prefixed with a single quote, as OWASP recommends.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote, urlsplit

# Markdown's markup characters, Streamlit's (:red[...], :emoji:, $math$) and those of GFM's
# autolinks (www.x, a@b.c, https://): escaped, nothing of them can form markup or a link
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#!|~:&$.@])")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_URL_SAFE = "/:?#&=%~@!$*+,;-._"  # kept as they are; ( ) [ ] < > " ' | \ space and others encoded


def md_text(value: Any) -> str:
    """Plain text inside Markdown (a table cell, a link's text): nothing in it is markup."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = " ".join(str(value).split())  # no newlines: a table row stays one row
    return _MARKUP.sub(r"\\\1", text)


def http_url(value: Any) -> str | None:
    """The URL when it is http(s) with a host, else None (javascript:, data:, file: ... are no links)."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def md_link(text: Any, url: Any) -> str:
    """A Markdown link to an http(s) URL, or the bare text when the URL is anything else."""
    label = md_text(text)
    target = http_url(url)
    if target is None:
        return label
    return f"[{label}](<{quote(target, safe=_URL_SAFE)}>)"


def csv_cell(value: Any) -> Any:
    """A value as a spreadsheet may safely open it: text starting like a formula gets a '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def sql_csv_cell(column: str) -> str:
    """The SQL (DuckDB) of csv_cell for a text column, quoted identifier included."""
    ident = '"' + column.replace('"', '""') + '"'
    return (
        f"case when left({ident}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) "
        f"then '''' || {ident} else {ident} end as {ident}"
    )
