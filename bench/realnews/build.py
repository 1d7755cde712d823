"""Build the real-news development set's pages from the public corpora it was drawn from.

    python bench/realnews/build.py --reuters DIR --tempeval DIR [--aeb ../shared/aeb] --out DIR

Writes DIR/pages/<slug>.html for every story of manifest.json (wire stories rendered into a
plain news-site page: headline, publication time, dateline in the first paragraph, site
chrome around the body; AEB pages copied as they were fetched) and DIR/docs.json (the stories'
text, for check_gold.py). The corpora are not in this repository (see corpora.py); the gold
files (gold-tune.json, gold-test.json) and the manifest are.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpora import read_reuters, read_tempeval  # noqa: E402

SITES = {  # outlet -> (site name, section)
    "Reuters": ("Wire Archive", "World"),
    "AFP": ("World Desk", "International"),
    "Xinhua": ("Global News Digest", "World"),
    "AP": ("The Daily Record", "World News"),
    "NYT": ("Metro Tribune", "National"),
}


def render(doc: dict) -> str:
    """A news page around one wire story."""
    site, section = SITES.get(doc["outlet"], ("News Archive", "World"))
    paras = list(doc["paragraphs"])
    if doc.get("dateline") and paras:
        paras[0] = f"{doc['dateline']} {paras[0]}"
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras)
    title = html.escape(doc["title"])
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {site}</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{site}">
  <meta property="article:published_time" content="{doc["published"]}">
  <meta name="author" content="{html.escape(doc["outlet"])}">
</head>
<body>
  <header><a href="/">{site}</a>
    <nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/politics">Politics</a></nav>
  </header>
  <main>
    <article>
      <div class="section">{section}</div>
      <h1>{title}</h1>
      <div class="byline">By {html.escape(doc["outlet"])} staff | <time datetime="{doc["published"]}">{doc["published"][:10]}</time></div>
{body}
    </article>
    <aside><h2>Most read</h2><ul><li><a href="/markets">Markets close mixed</a></li>
      <li><a href="/weather">Storm warning for the coast</a></li></ul></aside>
  </main>
  <footer>&copy; {site}. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reuters", required=True, help="folder of Reuters-21578 reut2-*.sgm")
    ap.add_argument("--tempeval", required=True, help="folder holding TBAQ-cleaned/TE3-Silver")
    ap.add_argument("--aeb", default=str(HERE.parents[2] / "shared" / "aeb"))
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)

    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    wanted = {m["doc_id"]: m for m in manifest}
    found: dict[str, dict] = {}
    for doc in [*read_reuters(args.reuters), *read_tempeval(args.tempeval)]:
        if doc.doc_id in wanted:
            found[doc.doc_id] = {
                "slug": wanted[doc.doc_id]["slug"],
                "outlet": doc.outlet,
                "doc_id": doc.doc_id,
                "title": doc.title,
                "published": doc.published,
                "dateline": doc.dateline,
                "paragraphs": doc.paragraphs,
            }
    aeb_truth = None
    pages = args.out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    docs = []
    for m in manifest:
        if m["doc_id"].startswith("aeb:"):
            if aeb_truth is None:
                aeb_truth = json.loads((Path(args.aeb) / "ground-truth.json").read_text())
            aeb_id = m["doc_id"][4:]
            raw = gzip.decompress((Path(args.aeb) / "html" / f"{aeb_id}.html.gz").read_bytes())
            (pages / f"{m['slug']}.html").write_bytes(raw)
            body = aeb_truth[aeb_id]["articleBody"]
            docs.append(
                {
                    "slug": m["slug"],
                    "outlet": m["outlet"],
                    "doc_id": m["doc_id"],
                    "title": m["title"],
                    "published": m["published"],
                    "dateline": "",
                    "paragraphs": [p for p in body.split("\n") if p.strip()],
                }
            )
            continue
        doc = found.get(m["doc_id"])
        if doc is None:
            print(f"build.py: {m['doc_id']} not found in the corpora given", file=sys.stderr)
            return 1
        (pages / f"{m['slug']}.html").write_text(render(doc), encoding="utf-8")
        docs.append(doc)
    (args.out / "docs.json").write_text(json.dumps(docs, indent=1, ensure_ascii=False))
    print(f"{len(docs)} pages in {pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
