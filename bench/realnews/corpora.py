"""Readers for the public news corpora the real-news development set is drawn from.

Each reader yields `Doc`s: one news story with its id, outlet, publication time, title,
dateline and paragraphs, exactly as the corpus has them (markup removed, text untouched).

- Reuters-21578 (`reut2-NNN.sgm`, Reuters 1987): `--reuters DIR` (the folder of .sgm files).
- TempEval-3 (`TBAQ-cleaned/AQUAINT`, `TBAQ-cleaned/TimeBank`, `TE3-Silver-data`: AP, NYT,
  Xinhua, AFP, ABC, CNN, PRI, VOA 1989-2006): `--tempeval DIR` (the folder holding them).

The corpora are not part of this repository: fetch a public copy and point these at it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Doc:
    doc_id: str  # corpus-unique: "reuters:NEWID=1001", "tempeval:AFP_ENG_19970401.0092"
    corpus: str  # "reuters" | "tempeval"
    outlet: str  # "Reuters", "AFP", "Xinhua", "AP", "NYT", ...
    file: str  # path inside the corpus
    published: str  # ISO 8601 UTC
    title: str
    dateline: str  # "MOSCOW, April 1 (AFP) -" or ""
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def _clean(text: str) -> str:
    text = html.unescape(re.sub(r"&#\d+;", " ", text))
    return re.sub(r"[ \t]+", " ", text).strip()


def read_reuters(folder: str | Path) -> Iterator[Doc]:
    """Every Reuters-21578 story that has a body."""
    for path in sorted(Path(folder).glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for m in re.finditer(r"<REUTERS(.*?)>(.*?)</REUTERS>", raw, re.S):
            attrs, body = m.group(1), m.group(2)
            newid = re.search(r'NEWID="(\d+)"', attrs).group(1)
            text = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
            if not text:
                continue
            date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d+)\s+(\d+):(\d+):(\d+)", body)
            day, mon, year, hh, mm, ss = date.groups()
            published = f"{year}-{_MONTHS[mon[:3].upper()]:02d}-{int(day):02d}T{hh}:{mm}:{ss}Z"
            title = re.search(r"<TITLE>(.*?)</TITLE>", body, re.S)
            dateline = re.search(r"<DATELINE>(.*?)</DATELINE>", body, re.S)
            body_text = re.sub(r"\s*Reuter\s*(&#3;)?\s*$", "", text.group(1).strip())
            # paragraphs in the .sgm start with an indented line
            paras = [
                _clean(" ".join(p.split()))
                for p in re.split(r"\n {3,}|\n\t", body_text)
                if p.strip()
            ]
            yield Doc(
                doc_id=f"reuters:NEWID={newid}",
                corpus="reuters",
                outlet="Reuters",
                file=path.name,
                published=published,
                title=_clean(title.group(1)) if title else "",
                dateline=_clean(dateline.group(1)).rstrip(" -") + " -" if dateline else "",
                paragraphs=paras,
            )


_OUTLETS = {
    "AFP": "AFP",
    "XIN": "Xinhua",
    "XIE": "Xinhua",
    "APW": "AP",
    "NYT": "NYT",
    "ABC": "ABC",
    "CNN": "CNN",
    "PRI": "PRI",
    "VOA": "VOA",
    "ea9": "Wall Street Journal",
    "wsj": "Wall Street Journal",
}


def _tml_text(fragment: str) -> str:
    return _clean(re.sub(r"<[^>]+>", "", fragment))


_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z .]+)?(?:, \w+\.? \d+)?(?: \([A-Za-z]+\))?)\s*(?:_|--|-)\s*"
)


def _good_title(title: str) -> bool:
    """Headlines of the corpora that are slugs or desk notes, not headlines."""
    t = title.strip()
    return (
        len(t.split()) >= 4
        and not t.startswith(("ATTENTION", "///", "=", "by ", "By "))
        and "///" not in t
    )


def read_tempeval(folder: str | Path) -> Iterator[Doc]:
    """Every TempEval-3 document (TBAQ-cleaned and TE3-Silver)."""
    root = Path(folder)
    for path in sorted(root.rglob("*.tml")):
        if path.name.startswith("._"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        docid = re.search(r"<DOCID>(.*?)</DOCID>", raw, re.S)
        dct = re.search(r"<DCT>(.*?)</DCT>", raw, re.S)
        text = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        if not (docid and dct and text):
            continue
        value = re.search(r'value="(\d{4}-\d{2}-\d{2})', dct.group(1))
        if not value:
            continue
        doc = _tml_text(docid.group(1))
        title = re.search(r"<TITLE>(.*?)</TITLE>", raw, re.S)
        paras = [_tml_text(p) for p in re.split(r"\n\s*\n", text.group(1))]
        paras = [p for p in paras if p]
        dct_text = _tml_text(dct.group(1))
        dateline = ""
        if "," in dct_text and "(" in dct_text:  # "MOSCOW, April 1 , 1997 (AFP)"
            dateline = re.sub(r" ,", ",", dct_text) + " -"
        title_text = _tml_text(title.group(1)) if title else ""
        if paras and title_text and paras[0].strip() == title_text:
            paras.pop(0)  # Xinhua repeats the headline as the first line
        if paras:
            m = _DATELINE.match(paras[0])
            if m:  # "CANBERRA, Australia (AP)_ Qantas will ..." or a dateline alone
                dateline = dateline or m.group(1).strip() + " -"
                rest = paras[0][m.end() :].strip()
                if rest:
                    paras[0] = rest
                else:
                    paras.pop(0)
        if not _good_title(title_text) and paras:
            first = re.split(r"(?<=[.!?])\s", paras[0])[0].split()
            title_text = " ".join(first[:14]).rstrip(",;:") + ("..." if len(first) > 14 else "")
        yield Doc(
            doc_id=f"tempeval:{doc}",
            corpus="tempeval",
            outlet=_OUTLETS.get(doc[:3], doc.split("_")[0][:3]),
            file=str(path.relative_to(root)),
            published=f"{value.group(1)}T12:00:00Z",
            title=title_text,
            dateline=dateline,
            paragraphs=paras,
        )
