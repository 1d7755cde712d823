"""Render the held-out article texts (articles_src.py) into full HTML pages under pages/.

Five made-up site templates, each with its own boilerplate and class names:

  wp      "The Northern Dispatch"-style WordPress blog: article.post > div.entry-content,
          Yoast JSON-LD graph + article:published_time, sidebar widgets, sharedaddy links.
  split   "Global Wire Today": no <article>; body in two div.story-body__inner containers
          separated by an ad slot; publication time only in JSON-LD datePublished.
  wire    "WorldWire Desk" agency-copy site: div#articleWrap > div.article-txt, first
          paragraph opens with a dateline "SEOUL, March 3 (Yonhap) --"; article:published_time
          with a local UTC offset.
  portal  "The Daily Ledger": main > article.c-article > div.c-article__body with
          p.c-paragraph, an inline "Read more" aside inside the body; meta + JSON-LD.
  africa  "Continental Times": section.news-detail > div.news-detail__text, <time datetime>,
          itemprop datePublished; related-stories list and newsletter box.

Run:  python tests/data/heldout/make_pages.py
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from articles_src import ARTICLES

HERE = Path(__file__).resolve().parent
OUT = HERE / "pages"


def esc(text: str) -> str:
    """Escape a paragraph; [[anchor text|url]] becomes a link (its text stays in the body)."""
    out, pos = [], 0
    for m in re.finditer(r"\[\[(.+?)\|(.+?)\]\]", text):
        out.append(html.escape(text[pos : m.start()], quote=True))
        out.append(f'<a href="{html.escape(m.group(2))}">{html.escape(m.group(1), quote=True)}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


def visible(text: str) -> str:
    return re.sub(r"\[\[(.+?)\|(.+?)\]\]", r"\1", text)


def paras(items, cls=None, indent="        "):
    c = f' class="{cls}"' if cls else ""
    return "\n".join(f"{indent}<p{c}>{esc(p)}</p>" for p in items)


def li_links(items, base, indent="          "):
    return "\n".join(
        f'{indent}<li><a href="{base}/{re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-")}">{html.escape(h)}</a></li>'
        for h in items
    )


def jsonld(obj) -> str:
    return '<script type="application/ld+json">' + json.dumps(obj, ensure_ascii=False) + "</script>"


# --------------------------------------------------------------------------- templates


def t_wp(a):
    site, base = "The Northern Dispatch", "https://northerndispatch.example"
    canon = f"{base}/{a['published'][:4]}/{a['published'][5:7]}/{a['slug'][:40].rstrip('-')}/"
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": base + "/#website", "url": base + "/", "name": site},
            {
                "@type": "Article",
                "@id": canon + "#article",
                "headline": a["title"],
                "datePublished": a["published"],
                "dateModified": a.get("modified", a["published"]),
                "author": {"@type": "Person", "name": a["byline"]},
                "isPartOf": {"@id": base + "/#website"},
            },
        ],
    }
    fig = ""
    if a.get("caption"):
        fig = (
            f'<figure class="wp-block-image size-large"><img src="{base}/wp-content/uploads/'
            f'{a["published"][:4]}/photo-{a["slug"][:12]}.jpg" alt="" width="1024" height="683">'
            f'<figcaption class="wp-element-caption">{html.escape(a["caption"])}</figcaption></figure>'
        )
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(a["title"])} &#8211; {site}</title>
<link rel="canonical" href="{canon}">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(a["title"], quote=True)}">
<meta property="article:published_time" content="{a["published"]}">
<meta property="article:modified_time" content="{a.get("modified", a["published"])}">
<meta name="generator" content="WordPress 6.4.2">
{jsonld(ld)}
<link rel="stylesheet" id="twentytwentyone-style-css" href="{base}/wp-content/themes/northern/style.css?ver=1.9" media="all">
</head>
<body class="post-template-default single single-post single-format-standard">
<div id="page" class="site">
  <a class="skip-link screen-reader-text" href="#content">Skip to content</a>
  <header id="masthead" class="site-header">
    <p class="site-title"><a href="{base}/" rel="home">{site}</a></p>
    <p class="site-description">Independent news from the north and beyond</p>
    <nav id="site-navigation" class="primary-navigation" aria-label="Primary menu">
      <ul id="primary-menu-list" class="menu-wrapper">
        <li class="menu-item"><a href="{base}/category/world/">World</a></li>
        <li class="menu-item"><a href="{base}/category/diplomacy/">Diplomacy</a></li>
        <li class="menu-item"><a href="{base}/category/business/">Business</a></li>
        <li class="menu-item"><a href="{base}/category/sport/">Sport</a></li>
        <li class="menu-item"><a href="{base}/category/opinion/">Opinion</a></li>
      </ul>
    </nav>
  </header>
  <div id="content" class="site-content">
    <div id="primary" class="content-area">
      <main id="main" class="site-main">
<article id="post-{a["id"]}" class="post-{a["id"]} post type-post status-publish format-standard has-post-thumbnail hentry category-{a["section"].lower()}">
  <header class="entry-header alignwide">
    <h1 class="entry-title">{html.escape(a["title"])}</h1>
    <div class="posted-on">Published <time class="entry-date published" datetime="{a["published"]}">{a["display_date"]}</time> by <span class="author vcard"><a class="url fn n" href="{base}/author/{a["byline"].split()[0].lower()}/">{html.escape(a["byline"])}</a></span></div>
    {fig}
  </header>
  <div class="entry-content">
{paras(a["paragraphs"])}
  </div><!-- .entry-content -->
  <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
    <h3 class="sd-title">Share this:</h3>
    <ul><li class="share-twitter"><a href="#">Twitter</a></li><li class="share-facebook"><a href="#">Facebook</a></li><li class="share-email"><a href="#">Email</a></li></ul>
  </div></div>
  <footer class="entry-footer default-max-width">
    <span class="cat-links">Categorized as <a href="{base}/category/{a["section"].lower()}/" rel="category tag">{a["section"]}</a></span>
    <span class="tags-links">Tagged {", ".join(html.escape(t) for t in a.get("tags", []))}</span>
  </footer>
</article>
<div class="jp-relatedposts" id="jp-relatedposts">
  <h3 class="jp-relatedposts-headline"><em>Related</em></h3>
  <ul class="jp-relatedposts-items">
{li_links(a["related"], base + "/20xx")}
  </ul>
</div>
<div id="comments" class="comments-area default-max-width">
  <h2 class="comments-title">3 thoughts on &ldquo;{html.escape(a["title"])}&rdquo;</h2>
  <ol class="comment-list"><li class="comment"><div class="comment-content"><p>Interesting times. Keep up the reporting.</p></div></li></ol>
</div>
      </main>
    </div>
    <aside id="secondary" class="widget-area" role="complementary">
      <section id="recent-posts-3" class="widget widget_recent_entries">
        <h2 class="widget-title">Recent Posts</h2>
        <ul>
{li_links(a["recent"], base + "/20xx")}
        </ul>
      </section>
      <section id="mc4wp_form_widget-2" class="widget widget_mc4wp_form_widget">
        <h2 class="widget-title">Our morning briefing</h2>
        <form class="mc4wp-form"><p>Sign up for the Dispatch briefing: the day's diplomacy, summits and sanctions in five minutes.</p><input type="email" name="EMAIL" placeholder="Your email address"><input type="submit" value="Subscribe"></form>
      </section>
    </aside>
  </div>
  <footer id="colophon" class="site-footer">
    <div class="site-info"><p>&copy; {a["published"][:4]} {site}. All rights reserved. <a href="{base}/privacy-policy/">Privacy Policy</a></p><p>Proudly powered by WordPress</p></div>
  </footer>
</div>
</body>
</html>
"""


def t_split(a):
    site, base = "Global Wire Today", "https://globalwiretoday.example"
    canon = f"{base}/news/{a['section'].lower().replace(' ', '-')}/{a['id']}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": a["published"],
        "dateModified": a.get("modified", a["published"]),
        "mainEntityOfPage": canon,
        "publisher": {"@type": "Organization", "name": site},
        "author": [{"@type": "Person", "name": a["byline"]}],
    }
    first, second = a["paragraphs"][: a["split"]], a["paragraphs"][a["split"] :]
    fig = ""
    if a.get("caption"):
        fig = (
            f'<div class="story-media"><img src="https://img.globalwiretoday.example/{a["id"]}.jpg" alt="">'
            f'<span class="story-media__caption">{html.escape(a["caption"])}</span>'
            f'<span class="story-media__credit">Photo: {html.escape(a.get("photo_credit", "Handout"))}</span></div>'
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(a["title"])} | {site}</title>
<meta name="description" content="{html.escape(visible(a["paragraphs"][0])[:150], quote=True)}">
<link rel="canonical" href="{canon}">
{jsonld(ld)}
</head>
<body class="page-story">
<div class="gw-topbar"><a class="gw-logo" href="{base}/">{site}</a>
  <ul class="gw-nav"><li><a href="{base}/news/world">World</a></li><li><a href="{base}/news/markets">Markets</a></li><li><a href="{base}/news/asia">Asia</a></li><li><a href="{base}/news/africa">Africa</a></li><li><a href="{base}/video">Video</a></li></ul>
  <div class="gw-ticker"><span>BREAKING</span> {html.escape(a["ticker"])}</div>
</div>
<div class="gw-layout">
  <div class="gw-main">
    <div class="story-header">
      <span class="story-kicker">{html.escape(a["section"])}</span>
      <h1 class="story-headline">{html.escape(a["title"])}</h1>
      <div class="story-byline">By {html.escape(a["byline"])} &middot; <span class="story-date">{a["display_date"]}</span></div>
      <div class="story-share"><a href="#" class="share share--x">Share on X</a> <a href="#" class="share share--li">LinkedIn</a> <a href="#" class="share share--mail">Email</a></div>
    </div>
    {fig}
    <div class="story-body">
      <div class="story-body__inner" data-part="1">
{paras(first)}
      </div>
      <div class="ad-slot ad-slot--inline" data-ad-unit="/2231/gwt/story_mid">
        <span class="ad-slot__label">Advertisement</span>
        <div id="div-gpt-ad-story-mid" style="min-height:250px"></div>
        <p class="ad-fallback">Trade smarter: open an account with zero commission on global equities.</p>
      </div>
      <div class="story-body__inner" data-part="2">
{paras(second)}
      </div>
    </div>
    <div class="story-footer"><p class="story-corrections">Reporting by {html.escape(a["byline"])}; editing by the World Desk.</p>
      <p class="story-standards"><a href="{base}/trust">Our Standards: The Global Wire Trust Principles.</a></p></div>
  </div>
  <div class="gw-rail">
    <div class="rail-box rail-box--most-read"><h3>Most read</h3><ol>
{li_links(a["related"], base + "/news/world")}
    </ol></div>
    <div class="rail-box rail-box--newsletter"><h3>Daily Briefing</h3><p>Get the top world stories in your inbox every morning.</p><button>Sign up</button></div>
  </div>
</div>
<div class="gw-footer"><ul><li><a href="{base}/about">About</a></li><li><a href="{base}/contact">Contact</a></li><li><a href="{base}/terms">Terms of use</a></li></ul><p>All quotes delayed a minimum of 15 minutes. &copy; {site}</p></div>
</body>
</html>
"""


def t_wire(a):
    site, base = "WorldWire Desk", "https://worldwiredesk.example"
    canon = f"{base}/view/{a['agency_code']}{a['id']}"
    fig = ""
    if a.get("caption"):
        fig = (
            f'<div class="img-con"><img src="{base}/photo/{a["id"]}.jpg" alt="">'
            f'<p class="img-caption">{html.escape(a["caption"])}</p></div>'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(a["title"])} : {site}</title>
<meta property="og:title" content="{html.escape(a["title"], quote=True)}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{a["published"]}">
<meta name="keywords" content="{html.escape(", ".join(a.get("tags", [])))}">
<link rel="canonical" href="{canon}">
</head>
<body>
<div id="gnb"><div class="logo"><a href="{base}/">{site}</a></div>
  <ul class="gnb-menu"><li><a href="{base}/nk">N. Korea</a></li><li><a href="{base}/politics">Politics</a></li><li><a href="{base}/world">World</a></li><li><a href="{base}/economy">Economy</a></li><li><a href="{base}/photo">Photo</a></li></ul>
</div>
<div id="container">
  <div class="content03">
    <div class="title-article01">
      <h1 class="tit">{html.escape(a["title"])}</h1>
      <p class="update-time">All Headlines {a["display_date"]}</p>
    </div>
    <div id="articleWrap" class="article-wrap01">
      {fig}
      <div class="article-txt">
{paras(a["paragraphs"], indent="        ")}
        <p class="txt-copyright adrs">({html.escape(a["agency_tag"])})</p>
      </div>
      <div class="keyword-zone"><ul>{"".join(f'<li><a href="#">#{html.escape(t)}</a></li>' for t in a.get("tags", []))}</ul></div>
      <div class="share-zone"><button class="btn-fb">facebook</button><button class="btn-tw">twitter</button><button class="btn-url">copy url</button></div>
    </div>
    <div class="aside-box01 related-news"><strong class="tit">Related News</strong><ul>
{li_links(a["related"], base + "/view")}
    </ul></div>
  </div>
  <div class="aside-right"><div class="aside-box02"><strong class="tit">Most Viewed</strong><ul>
{li_links(a["recent"], base + "/view")}
  </ul></div></div>
</div>
<div id="footer"><p class="copyright">(C) {site}. Unauthorized reproduction and redistribution prohibited.</p></div>
</body>
</html>
"""


def t_portal(a):
    site, base = "The Daily Ledger", "https://dailyledger.example"
    canon = f"{base}/{a['section'].lower().replace(' ', '-')}/{a['slug']}-{a['id']}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": a["published"],
        "dateModified": a.get("modified", a["published"]),
        "author": {"@type": "Person", "name": a["byline"]},
        "url": canon,
        "publisher": {"@type": "NewsMediaOrganization", "name": site},
    }
    body = []
    for i, p in enumerate(a["paragraphs"]):
        body.append(f'          <p class="c-paragraph">{esc(p)}</p>')
        if i == a.get("inline_after", 2):
            h = a["inline_related"]
            body.append(
                f'          <aside class="c-inline-related"><span class="c-inline-related__label">Read more:</span> '
                f'<a href="{base}/world/{re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-")}">{html.escape(h)}</a></aside>'
            )
    fig = ""
    if a.get("caption"):
        fig = (
            f'<figure class="c-article__figure"><picture><img src="{base}/media/{a["id"]}.webp" alt=""></picture>'
            f'<figcaption class="c-caption">{html.escape(a["caption"])} <span class="c-caption__credit">'
            f"{html.escape(a.get('photo_credit', 'Pool'))}</span></figcaption></figure>"
        )
    body_html = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{html.escape(a["title"])} | {site}</title>
<meta property="og:title" content="{html.escape(a["title"], quote=True)}">
<meta property="article:published_time" content="{a["published"]}">
<meta property="article:section" content="{a["section"]}">
<link rel="canonical" href="{canon}">
{jsonld(ld)}
</head>
<body class="l-body">
<header class="c-masthead">
  <a class="c-masthead__logo" href="{base}/">{site}</a>
  <nav class="c-nav"><ul class="c-nav__list"><li class="c-nav__item"><a href="{base}/news">News</a></li><li class="c-nav__item"><a href="{base}/world">World</a></li><li class="c-nav__item"><a href="{base}/politics">Politics</a></li><li class="c-nav__item"><a href="{base}/sport">Sport</a></li><li class="c-nav__item"><a href="{base}/science">Science</a></li></ul></nav>
  <a class="c-masthead__subscribe" href="{base}/subscribe">Subscribe &ndash; first month free</a>
</header>
<main class="l-main">
  <article class="c-article">
    <header class="c-article__header">
      <p class="c-article__kicker">{html.escape(a["section"])}</p>
      <h1 class="c-article__headline">{html.escape(a["title"])}</h1>
      <p class="c-article__standfirst">{html.escape(a["standfirst"])}</p>
      <div class="c-article__meta"><span class="c-byline">{html.escape(a["byline"])}</span> <span class="c-timestamp">{a["display_date"]}</span></div>
    </header>
    {fig}
    <div class="c-article__body">
{body_html}
    </div>
    <div class="c-share"><span>Share this article</span><a href="#">WhatsApp</a><a href="#">X</a><a href="#">Facebook</a><a href="#">Copy link</a></div>
    <div class="c-newsletter-signup"><h3>The Ledger Morning</h3><p>Our editors' pick of the news that matters, every weekday at 7am.</p><a href="{base}/newsletters">Sign up</a></div>
  </article>
  <section class="c-more-stories"><h2>More from {html.escape(a["section"])}</h2><ul class="c-card-list">
{li_links(a["related"], base + "/world")}
  </ul></section>
</main>
<footer class="c-footer"><p>&copy; {a["published"][:4]} The Daily Ledger Ltd. Registered in England.</p><ul><li><a href="{base}/cookies">Cookie settings</a></li><li><a href="{base}/accessibility">Accessibility</a></li></ul></footer>
</body>
</html>
"""


def t_africa(a):
    site, base = "Continental Times", "https://continentaltimes.example"
    canon = f"{base}/{a['section'].lower().replace(' ', '-')}/{a['id']}/{a['slug']}"
    fig = ""
    if a.get("caption"):
        fig = (
            f'<div class="news-detail__image"><img src="{base}/uploads/{a["id"]}.jpg" alt="">'
            f'<div class="image-caption">{html.escape(a["caption"])}</div></div>'
        )
    subheads = a.get("subheads", {})
    body = []
    for i, p in enumerate(a["paragraphs"]):
        if i in subheads:
            body.append(
                f'          <h2 class="news-detail__subhead">{html.escape(subheads[i])}</h2>'
            )
        body.append(f"          <p>{esc(p)}</p>")
    body_html = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(a["title"])} - {site}</title>
<meta name="twitter:card" content="summary_large_image">
<meta property="article:published_time" content="{a["published"]}">
<link rel="canonical" href="{canon}">
</head>
<body>
<div class="top-strip"><span class="top-strip__date">{a["display_date"]}</span> <a href="{base}/epaper">E-Paper</a> <a href="{base}/login">Log in</a></div>
<header class="ct-header"><div class="ct-brand"><a href="{base}/">{site}</a><span>Africa's news, every hour</span></div>
<nav class="ct-menu"><a href="{base}/news">News</a> <a href="{base}/politics">Politics</a> <a href="{base}/business">Business</a> <a href="{base}/world">World</a> <a href="{base}/sports">Sports</a> <a href="{base}/health">Health</a></nav></header>
<div class="ct-wrapper">
  <section class="news-detail" itemscope itemtype="https://schema.org/NewsArticle">
    <meta itemprop="datePublished" content="{a["published"]}">
    <div class="breadcrumbs"><a href="{base}/">Home</a> &raquo; <a href="{base}/{a["section"].lower()}">{html.escape(a["section"])}</a></div>
    <h1 class="news-detail__title" itemprop="headline">{html.escape(a["title"])}</h1>
    <div class="news-detail__meta"><span class="author" itemprop="author">{html.escape(a["byline"])}</span> | <time datetime="{a["published"]}">{a["display_date"]}</time></div>
    {fig}
    <div class="news-detail__text" itemprop="articleBody">
{body_html}
    </div>
    <div class="news-detail__tags">Tags: {" ".join(f'<a href="#">{html.escape(t)}</a>' for t in a.get("tags", []))}</div>
    <div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Telegram</a></div>
  </section>
  <aside class="ct-sidebar">
    <div class="block block--related"><h3 class="block__title">Related Stories</h3><ul>
{li_links(a["related"], base + "/news")}
    </ul></div>
    <div class="block block--newsletter"><h3 class="block__title">Newsletter</h3><p>Subscribe for the Continental Times daily digest of politics, summits and business across Africa.</p><form><input type="email" placeholder="Email"><button>Subscribe</button></form></div>
    <div class="block block--trending"><h3 class="block__title">Trending</h3><ul>
{li_links(a["recent"], base + "/news")}
    </ul></div>
  </aside>
</div>
<footer class="ct-footer"><p>Copyright &copy; {a["published"][:4]} Continental Times Media Group. All rights reserved.</p><p><a href="{base}/about">About us</a> | <a href="{base}/advertise">Advertise</a> | <a href="{base}/contact">Contact</a></p></footer>
</body>
</html>
"""


TEMPLATES = {"wp": t_wp, "split": t_split, "wire": t_wire, "portal": t_portal, "africa": t_africa}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for a in ARTICLES:
        (OUT / f"{a['slug']}.html").write_text(TEMPLATES[a["template"]](a), encoding="utf-8")
        words = sum(len(visible(p).split()) for p in a["paragraphs"])
        print(f"{a['template']:<7} {words:>4} words  {a['slug']}")
    print(len(ARTICLES), "pages written to", OUT)


if __name__ == "__main__":
    main()
