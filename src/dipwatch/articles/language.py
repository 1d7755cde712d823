"""Article language: ISO 639-1 codes from language tags, a cheap detector, the page's verdict."""

from __future__ import annotations

import re
from typing import NamedTuple

from dipwatch.articles.html import WORD
from dipwatch.articles.metadata import PageScan, ld_str

_ISO3 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "por": "pt",
    "ita": "it", "rus": "ru", "jpn": "ja", "kor": "ko", "zho": "zh", "chi": "zh", "ara": "ar",
    "nld": "nl", "dut": "nl", "pol": "pl", "tur": "tr", "ukr": "uk", "swe": "sv", "ind": "id",
    "vie": "vi", "fas": "fa", "per": "fa", "heb": "he", "hin": "hi", "ell": "el", "gre": "el",
}  # fmt: skip
_LANG_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
# languages written in a given non-Latin script: a declared code outside the script is wrong
_SCRIPT_LANGS = {
    "hangul": {"ko"},
    "kana": {"ja"},
    "han": {"zh", "ja"},
    "cyrillic": {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "ba", "tt", "cv"},
    "arabic": {"ar", "fa", "ur", "ps", "ku", "sd", "ug"},
    "greek": {"el"},
    "hebrew": {"he", "yi"},
    "thai": {"th"},
    "devanagari": {"hi", "mr", "ne", "sa"},
}
_SCRIPT_DEFAULT = {
    "hangul": "ko",
    "kana": "ja",
    "han": "zh",
    "cyrillic": "ru",
    "arabic": "ar",
    "greek": "el",
    "hebrew": "he",
    "thai": "th",
    "devanagari": "hi",
}
_STOPWORDS = {
    "en": "the of and to in is that for it was on with as are be this by have from",
    "fr": "le la les des et est un une du dans que pour qui pas sur au avec",
    "de": "der die und das ist nicht ein eine zu den von mit sich auf dem für",
    "es": "el la los las de que y en un una por con para es del al se",
    "pt": "o a os as de que e em um uma do da para com não se no na",
    "it": "il la di che e un una per non sono del della in con gli le",
    "nl": "de het een en van is dat op te in niet met voor zijn ook",
    "id": "yang dan di ini itu dengan untuk dari tidak ada dalam akan juga ke",
    "pl": "i w nie na się to że z do jest jak o co ale po",
    "sv": "och att det som en på är av för med till den har inte",
    "tr": "ve bir bu da de için ile çok daha olarak gibi ne ama olan",
}
_STOPSETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}


def normalize_lang(code: str | None) -> str | None:
    """ISO 639-1 code from an HTML/BCP 47 language tag ("en-US" -> "en"), else None."""
    if not code:
        return None
    m = _LANG_RE.match(code.strip())
    if not m:
        return None
    base = m.group(1).lower()
    if len(base) == 3:
        return _ISO3.get(base)
    return _LANG_ALIASES.get(base, base)


_SCRIPT_RES = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "kana": re.compile(r"[\u3040-\u30ff]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
}


def _script(text: str) -> str | None:
    """The dominant script of a text sample ("latin", "hangul", "cyrillic"...), or None."""
    sample = text[:3000]
    if sample.isascii():
        return "latin" if _SCRIPT_RES["latin"].search(sample) else None
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPT_RES.items()}
    # Japanese mixes kana with many kanji: any real share of kana makes it Japanese
    kana, han = counts["kana"], counts["han"]
    if kana and han and kana >= 0.1 * (kana + han):
        counts["kana"], counts["han"] = kana + han, 0
    name, best = max(counts.items(), key=lambda kv: kv[1])
    return name if best else None


class _Detection(NamedTuple):
    lang: str | None  # the guess (None when unsure)
    script: str | None  # the dominant script
    tokens: int  # words scored (Latin script only)
    scores: dict[str, int]  # stopword hits per language (Latin script, 8+ words)


def _detect(text: str) -> _Detection:
    """:func:`detect_language` with the evidence behind its verdict."""
    script = _script(text)
    if script != "latin":
        return _Detection(_SCRIPT_DEFAULT.get(script or ""), script, 0, {})
    tokens = WORD.findall(text[:5000].lower())
    if len(tokens) < 8:
        return _Detection(None, script, len(tokens), {})
    scores = _stopword_scores(tokens)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.3 * second or top < 0.08 * len(tokens):
        return _Detection(None, script, len(tokens), scores)
    return _Detection(best, script, len(tokens), scores)


def detect_language(text: str) -> str | None:
    """A cheap guess of the ISO 639-1 language of a text: the script for non-Latin
    scripts, a stopword vote for a dozen Latin-script languages; None when unsure."""
    return _detect(text).lang


def _stopword_scores(tokens: list[str]) -> dict[str, int]:
    return {lang: sum(1 for t in tokens if t in stops) for lang, stops in _STOPSETS.items()}


def find_language(page: PageScan, ld: dict | None, body: str) -> str | None:
    """The declared language (<html lang>, meta, JSON-LD, og:locale), unless the text
    plainly contradicts it (templates often keep lang="en"); else a cheap detection."""
    declared = normalize_lang(page.html_lang)
    if declared is None:
        declared = normalize_lang(page.first("content-language", "language", "dc.language"))
    if declared is None and ld is not None:
        declared = normalize_lang(ld_str(ld.get("inLanguage")))
    if declared is None:
        declared = normalize_lang(page.first("og:locale"))
    sample = body or page.first("og:description", "description") or page.title or ""
    if not sample:
        return declared
    found = _detect(sample)
    detected, script = found.lang, found.script
    if declared is None or detected is None or detected == declared:
        return declared or detected
    if script != "latin":
        # a Korean text under lang="en"; but lang="uk" over Cyrillic text stays "uk"
        return declared if declared in _SCRIPT_LANGS.get(script or "", ()) else detected
    if declared not in _STOPSETS:
        # a Latin-script language we cannot score (ro, cs, fi...): trust the page, unless it
        # claims a non-Latin language for a Latin text
        non_latin = any(declared in langs for langs in _SCRIPT_LANGS.values())
        return detected if non_latin and len(sample) > 200 else declared
    # a detected Latin-script language was scored, so the scores are there
    scores = found.scores
    if found.tokens >= 30 and scores[detected] >= 2 * max(scores[declared], 1):
        return detected
    return declared
