"""Bounded work per article: the coder reads at most max_text_chars, keeps max_events_per_article."""

from __future__ import annotations

from dipwatch.models import Article
from dipwatch.pipeline import code_events, cut_text
from pages import LOAN, SANCTIONS, VISIT


def _huge_article(chars: int) -> Article:
    """A text-heavy page's article: diplomacy sentences repeated to `chars` characters."""
    para = " ".join(VISIT + SANCTIONS + LOAN)
    text = "\n".join([para] * (chars // len(para) + 1))[:chars]
    return Article(url="https://news.example/huge.html", text=text, feed_url="https://f.example/")


def test_a_5_mb_text_is_coded_within_its_cap_with_one_warning_row_per_cut():
    art = _huge_article(5_000_000)
    events, rows = code_events([art], "rules", max_text_chars=20_000, max_events=25)
    (found,) = events
    assert 0 < len(found) <= 25
    assert max(e.evidence_end for e in found) <= 20_000  # nothing past the cap was read
    assert [r.stage for r in rows] == ["limit", "limit"]
    assert "text of 5,000,000 characters: coded the first 20,000" in rows[0].error
    assert "kept the first 25 (max_events_per_article)" in rows[1].error
    assert len(art.text) == 5_000_000  # the article keeps its whole text


def test_no_cap_no_row_and_the_cut_ends_at_a_sentence_or_word():
    art = _huge_article(3_000)
    events, rows = code_events([art], "rules", max_text_chars=10_000, max_events=1_000)
    assert rows == [] and events[0]
    cut = cut_text("One sentence. Another one here and more words", 40)
    assert cut in ("One sentence.", "One sentence. Another one here and more") and len(cut) <= 40
    assert cut_text("x" * 50, 10) == "x" * 10  # no word end near: a hard cut
