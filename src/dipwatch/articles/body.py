"""Article body: trafilatura on the parsed page, then the repairs and the boilerplate filter."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from copy import copy

from lxml.html import HtmlElement

from dipwatch.articles.html import WORD, host_of, node_text, norm_space

log = logging.getLogger("dipwatch.articles.extract")

# trafilatura logs a WARNING for every page it finds no article in; an empty body is an
# ordinary outcome here (reported by the caller), so quieten it unless the app configured it
if logging.getLogger("trafilatura").level == logging.NOTSET:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

SHORT_BODY = 500  # a first result shorter than this gets the slower modes' second opinion
RESCUE_RATIO = 1.5  # ... which replaces it if this much longer
MAX_BOILER_LINE = 300  # longer lines are never treated as boilerplate


def _tf_text(tree: HtmlElement, url: str | None, precision: bool, fast: bool = False) -> str:
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            fast=fast,
            include_comments=False,
            include_tables=True,
            output_format="python",
        )
    except Exception:  # trafilatura can still trip over hostile markup
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _tweet_paths(tree: HtmlElement) -> list[list[int]]:
    """Where the embedded tweets (<blockquote class="twitter-tweet">) are: child indexes from
    ``tree`` down, in document order, so that they can be found again in a copy."""
    paths = []
    for bq in tree.iterdescendants("blockquote"):
        if "twitter-tweet" not in (bq.get("class") or ""):
            continue
        path = []
        el = bq
        while el is not tree:
            parent = el.getparent()
            path.append(parent.index(el))
            el = parent
        paths.append(path[::-1])
    return paths


def _unwrap_tweets(tree: HtmlElement, paths: list[list[int]]) -> None:
    """Lift embedded tweets (at ``paths``, see :func:`_tweet_paths`) out of wrappers that only
    hold the tweet (their "social", "embed" or "widget" classes get them discarded as
    boilerplate)."""
    tweets = []
    for path in paths:  # all found before any is moved (moving one shifts the indexes)
        el = tree
        for k in path:
            el = el[k]
        tweets.append(el)
    for bq in tweets:
        text = node_text(bq)
        top = None
        for anc in bq.iterancestors():
            if anc.tag in ("body", "html", "article", "main") or node_text(anc) != text:
                break
            top = anc
        if top is not None and top.getparent() is not None:
            bq.tail = top.tail
            top.getparent().replace(top, bq)


def _key(text: str) -> str:
    return norm_space(text)[:80]


_NOT_BODY = {"figure", "figcaption", "aside", "nav", "form", "button", "footer", "noscript"}


def _ancestors_below(node: HtmlElement, top: HtmlElement) -> Iterator[HtmlElement]:
    for anc in node.iterancestors():
        if anc is top:
            return
        yield anc


def _merge_split_body(tree: HtmlElement, text: str) -> str:
    """Append the rest of a body that ad breaks split into sibling containers.

    Finds the element holding most of the extracted paragraphs; other elements with the same
    tag and class inside the same <article> (or under the same parent), holding at least three
    long paragraphs of new, link-poor text, are taken as continuations of the body.
    """
    paras = [p for p in text.split("\n") if len(p) >= 60]
    if len(paras) < 2:
        return text
    want = {_key(p) for p in paras}
    parents: dict[HtmlElement, int] = {}
    for p in tree.iter("p"):
        t = node_text(p)
        if len(t) >= 60 and t[:80] in want:
            par = p.getparent()
            if par is not None:
                parents[par] = parents.get(par, 0) + 1
    if not parents:
        return text
    container, count = max(parents.items(), key=lambda kv: kv[1])
    cls = container.get("class")
    if not cls or count < 2:
        return text
    article = next(container.iterancestors("article"), None)
    ancestors = set(container.iterancestors())
    inside = set(container.iter(container.tag))  # the container and its same-tag descendants
    have = {_key(p) for p in text.split("\n") if p.strip()}
    before: list[str] = []
    after: list[str] = []
    passed = False
    for el in tree.iter(container.tag):
        if el is container:
            passed = True
            continue
        if el.get("class") != cls or el in ancestors or el in inside:
            continue
        if article is not None:
            if next(el.iterancestors("article"), None) is not article:
                continue
        elif el.getparent() is not container.getparent():
            continue
        if el.find(".//h1") is not None:
            continue
        if sum(1 for p in el.iter("p") if len(node_text(p)) >= 80) < 3:
            continue
        total = len(node_text(el))
        if sum(len(node_text(a)) for a in el.iter("a")) > 0.2 * total:
            continue
        new = []
        for node in el.iter("p", "h2", "h3", "h4", "li"):
            if node.tag == "li" and node.find(".//p") is not None:
                continue
            if any(a.tag in _NOT_BODY for a in _ancestors_below(node, el)):
                continue  # captions, asides, forms
            t = node_text(node)
            if not t or t[:80] in have:
                continue
            if sum(len(node_text(a)) for a in node.iter("a")) > 0.5 * len(t):
                continue  # "related stories" list items
            new.append(t)
            have.add(t[:80])
        if sum(len(t) for t in new) >= 500:
            (after if passed else before).extend(new)
    if not before and not after:
        return text
    return "\n".join([*before, text, *after])


_BOILERPLATE = [
    # cross-links to other stories
    r"[\[(]?(?:related|read more|read also|also read|see also|see more|more|more on this|"
    r"don'?t miss|recommended|watch|listen|trending|most read|popular|suggested|"
    r"further reading|more from [\w .'-]{1,40}|"
    r"related (?:articles?|stories|coverage|content|links|videos?|posts?|reading))"
    r"\s*(?:[:|»>\-–—]|$).*",
    # social media calls to action
    # (imperative, at the start of a sentence: "Regulators will follow the case on X" stays)
    r"(?:.{0,160}[.!?:]\s+)?follow (?:us|him|her|them|me|@\w+|[\w .'-]{1,40}) on "
    r"(?:twitter|facebook|instagram|linkedin|youtube|x)\b.*",
    r"follow\b.{0,120}\bhttps?://\S+.*",
    # a label and a bare link: "Listen: http://...", "More AP NBA: https://apnews.com/NBA"
    r"[\w .'’&-]{1,40}:\s*https?://\S+(?:\s+(?:and|&)\s+https?://\S+)*",
    # reader prompts: "Like this story? Share it...", "If you enjoyed this article, ..."
    # (as a question or a condition: "Like this story, the last one ..." stays)
    r"(?:if you (?:liked|enjoyed) this (?:article|story|post)\b|"
    r"(?:liked?|enjoyed) this (?:article|story|post)\?|"
    r"share this (?:article|story|post)|share on (?:facebook|twitter)).*",
    # newsletter and subscription boxes
    r".{0,120}\b(?:sign up|subscribe|signing up)\b.{0,80}\bnewsletters?\b.*",
    r".{0,80}\bnewsletters?\s*$",
    r".{0,120}\b(?:delivered|straight|right) (?:to|in|into) your inbox\b.*",
    r"thanks? (?:you )?for (?:signing up|subscribing)\b.*",
    # page furniture
    r"(?:filed under|tags?|tagged(?: with)?|categories|category|topics?)\s*:.*",
    r"(?:\d+\s+)?comments?\s*$",
    r"(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit)"
    r"\s*:?\s*.{0,30}",
    r"\d{1,2}\s*(?:-|to)?\s*min(?:ute)?s?\.? read",
    r"(?:leave a (?:comment|reply)|tell us what you think|join the (?:conversation|discussion)).*",
    r"(?:copyright|©|\(c\))\s*(?:\d{4}|[\w .,'-]{1,60}\d{4}).{0,120}",
    r".{0,120}\ball rights reserved\.?\s*$",
    # photo captions and credits (a caption's claims would be read as the story's)
    r".{0,200}\((?:[^()]{0,60}/)?(?-i:AP|AFP|Reuters|Getty Images|EPA|Xinhua|Bloomberg|"
    r"Shutterstock|Photo|Foto)\b[^()]{0,60}\)",
    r".{0,200}(?:(?-i:Getty Images|Shutterstock|AP Photo)|©).{0,100}",
    r"(?:(?:main |lead |top )?(?:photo|photograph|image|picture|video)s?\s+)?"
    r"(?:credit|source|courtesy)s?\s*:.{0,100}",
    r"(?:photo|photograph|image|picture|foto)s?\s*:.{0,150}",
    # credits and contact lines
    r"\(?\s*(?:additional )?reporting by .{0,200}",
    r".{0,200}\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?\)?\s*$",
    r".{0,150}\bcontributed reporting\b.{0,60}",
    r"contributing\s*:.{0,150}",
    r"\(?editing by .{0,120}",
    r"(?:email|e-mail|contact|reach|write to) [\w .'’-]{1,60} (?:at|on)\s+"
    r"(?:\S+@\S+|twitter|facebook|https?://).*",
]
_BOILERPLATE_RE = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in _BOILERPLATE) + r")$", re.I)
_BULLET = re.compile(r"^[\s\-•*·–—]+")


def _words_key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def _drop_title_lines(lines: list[str], titles: list[str]) -> list[str]:
    """Drop the headline (and a repeated kicker) from the top of the body."""
    keys = {_words_key(t) for t in titles if t}
    keys.discard("")
    if not keys:
        return lines
    drop = 0
    for line in lines[:3]:
        k = _words_key(line)
        if k and (k in keys or (len(k) > 15 and any(k in t for t in keys))):
            drop += 1
            continue
        break
    if drop == len(lines):
        return lines[-1:]  # a one-paragraph story that repeats its headline: keep the paragraph
    return lines[drop:]


def _internal_link_texts(tree: HtmlElement, url: str | None, lines: Iterable[str]) -> set[str]:
    """Those of ``lines`` (bullets stripped, 3+ words) that are the text of a link to another
    page of the same site, alone or with a short tag ("... [VIDEO]"): related-story links that
    slipped into the body."""
    wanted: dict[str, list[str]] = {}
    for line in lines:
        t = norm_space(_BULLET.sub("", line))
        if len(t) >= 15 and len(t.split()) >= 3:
            wanted.setdefault(t[:15], []).append(t)
    if not wanted:
        return set()
    host = host_of(url)
    out: set[str] = set()
    for a in tree.iter("a"):
        t = node_text(a)
        if len(t) < 15 or t[:15] not in wanted:
            continue
        hits = [x for x in wanted[t[:15]] if x.startswith(t) and len(x) - len(t) <= 15]
        if not hits or all(x in out for x in hits):
            continue
        if len(t.split()) < 3:
            continue
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        other = host_of(href) if "//" in href else ""
        related = not other or not host or other == host
        if not related and not (other.endswith("." + host) or host.endswith("." + other)):
            continue  # a link to another site
        out.update(hits)
    return out


def clean_lines(
    text: str,
    *,
    titles: Iterable[str] = (),
    link_texts: set[str] | None = None,
) -> str:
    """Drop boilerplate lines from an extracted body; one paragraph per line."""
    lines = [norm_space(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    lines = _drop_title_lines(lines, list(titles))
    out = []
    for line in lines:
        if len(line) < MAX_BOILER_LINE and _BOILERPLATE_RE.match(line):
            continue
        if link_texts and norm_space(_BULLET.sub("", line)) in link_texts:
            continue
        out.append(line)
    return "\n".join(out)


def body_from_tree(
    tree: HtmlElement,
    url: str | None,
    titles: list[str],
    *,
    precision: bool = True,
    fast: bool = True,
    rescue: bool = True,
    tweets: bool = True,
    split: bool = True,
    clean: bool = True,
) -> str:
    """The body of a parsed page (the tree is not modified). Keyword switches turn off the
    individual repairs, for ablations in ``bench/aeb.py``."""
    work = tree
    paths = _tweet_paths(tree) if tweets else []
    if paths:
        work = copy(tree)
        _unwrap_tweets(work, paths)
    text = _tf_text(work, url, precision, fast)
    if rescue and len(text) < SHORT_BODY:
        # a short result: ask the slower modes, first trafilatura's comparison with its
        # fallback extractors, then balanced mode; a clearly longer answer wins
        tries = [
            t for t in dict.fromkeys([(precision, False), (False, False)]) if t != (precision, fast)
        ]
        for prec, fst in tries:
            other = _tf_text(work, url, prec, fst)
            if len(other) > RESCUE_RATIO * len(text):
                text = other
            if len(text) >= SHORT_BODY:
                break
    if not text:
        return ""
    if split:
        text = _merge_split_body(tree, text)
    if clean:
        links = _internal_link_texts(tree, url, text.split("\n"))
        return clean_lines(text, titles=titles, link_texts=links)
    return "\n".join(line for line in (norm_space(x) for x in text.split("\n")) if line)
