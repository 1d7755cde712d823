"""Small realistic news pages and RSS feeds for pipeline tests."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from html import escape


def page(
    title: str,
    paragraphs: list[str],
    published: str = "2024-03-05T10:00:00Z",
    charset: str = "utf-8",
    canonical: str | None = None,
) -> str:
    """A news page with navigation and footer boilerplate around an <article>."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    canon = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="{charset}"><title>{escape(title)} | Test Wire</title>
<meta property="article:published_time" content="{published}">{canon}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<main><article><h1>{escape(title)}</h1><p class="byline">By Staff Reporter</p>
{body}
</article>
<aside><h2>Newsletter</h2><p>Sign up for our daily briefing.</p></aside></main>
<footer><p>© 2024 Test Wire. All rights reserved.</p></footer></body></html>"""


def rss(
    items: list[tuple[str | None, str | None, dt.datetime | None]], title: str = "Test feed"
) -> str:
    """An RSS 2.0 feed of (title, link, date) items; None leaves the element out."""
    parts = []
    for t, link, date in items:
        el = ["<item>"]
        if t is not None:
            el.append(f"<title>{escape(t)}</title>")
        if link is not None:
            el.append(f"<link>{escape(link)}</link>")
        if date is not None:
            el.append(f"<pubDate>{format_datetime(date)}</pubDate>")
        el.append("</item>")
        parts.append("".join(el))
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://127.0.0.1/</link><description>test</description>{''.join(parts)}</channel></rss>"
    )


VISIT = [
    "MOSCOW (Reuters) - Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit, "
    "the Kremlin said, as Beijing and Moscow seek to deepen their partnership.",
    "Xi was greeted at the airport by Russian officials and was due to hold talks with President Vladimir Putin "
    "on Tuesday, according to the Kremlin's schedule.",
    "The two leaders last met in Beijing in October, when they discussed trade and energy cooperation.",
]
SANCTIONS = [
    "BRUSSELS (AP) - The European Union imposed sanctions on Iran on Thursday over its supply of drones to Russia, "
    "freezing the assets of eight Iranian officials and companies.",
    "The measures were approved by the bloc's foreign ministers at a meeting in Brussels, officials said.",
    "Iran's foreign ministry condemned the decision and said it had not supplied any weapons for use in Ukraine.",
]
LOAN = [
    "TOKYO (AP) - Japan agreed on Friday to lend Indonesia $2.5 billion to build a commuter railway in Jakarta, "
    "the Japanese foreign ministry said in a statement.",
    "The loan, one of the largest Japan has extended to Southeast Asia this year, carries an interest rate of 0.1 percent.",
    "Indonesian officials welcomed the agreement and said construction would begin next year.",
]
WEATHER = [
    "A powerful storm brought heavy rain and strong winds to the coast on Tuesday, flooding streets and "
    "closing schools across the region, local officials said.",
    "Forecasters expect the rain to ease by Thursday, but warned residents to stay away from rivers and "
    "low-lying roads until the water recedes.",
]
