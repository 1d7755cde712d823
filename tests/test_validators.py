"""The validators of the hand-kept data (dictionaries, gold files) run as part of the suite."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALNEWS = ROOT / "bench" / "realnews"


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A validator run as its command line does, with this interpreter."""
    return subprocess.run(
        [sys.executable, str(ROOT / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "script",
    [
        "src/dipwatch/events/data/check_data.py",
        "tests/data/devset/check_gold.py",
        "tests/data/heldout/check_gold.py",
    ],
)
def test_validator_finds_no_problem(script):
    done = run(script)
    assert done.returncode == 0, done.stdout + done.stderr


def test_devset_validator_fails_on_a_broken_gold_file(tmp_path):
    gold = json.loads((ROOT / "tests/data/devset/gold.json").read_text(encoding="utf-8"))
    gold["articles"] = gold["articles"][:1]
    gold["articles"][0]["events"][0]["type"] = "HUG"
    slug = gold["articles"][0]["slug"]
    (tmp_path / "pages").mkdir()
    shutil.copy(ROOT / f"tests/data/devset/pages/{slug}.html", tmp_path / "pages")
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    done = run("tests/data/devset/check_gold.py", str(tmp_path / "gold.json"))
    assert done.returncode == 1
    assert "type 'HUG' is not a PLOVER event type" in done.stdout


def test_heldout_validator_fails_on_a_broken_gold_file(tmp_path):
    gold = json.loads((ROOT / "tests/data/heldout/gold.json").read_text(encoding="utf-8"))
    gold["articles"][0]["events"][0]["source"] = "XYZ"
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    done = run(
        "tests/data/heldout/check_gold.py",
        "--gold",
        str(tmp_path / "gold.json"),
        "--pages",
        str(ROOT / "tests/data/heldout/pages"),
    )
    assert done.returncode == 1
    assert "invalid source code 'XYZ'" in done.stdout


# ------------------------------------------------------------------ real-news gold (no documents)


@pytest.fixture(scope="module")
def realnews() -> ModuleType:
    """bench/realnews/check_gold.py as a module."""
    spec = importlib.util.spec_from_file_location("realnews_check_gold", REALNEWS / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold(part: str) -> dict:
    """bench/realnews/gold-<part>.json."""
    return json.loads((REALNEWS / f"gold-{part}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("part", ["tune", "test"])
def test_realnews_gold_passes_the_checks_that_need_no_document(realnews, part):
    assert realnews.check_gold(gold(part)) == []


@pytest.mark.parametrize("part", ["tune", "test"])
def test_realnews_gold_is_the_manifests_part(part):
    manifest = json.loads((REALNEWS / "manifest.json").read_text(encoding="utf-8"))
    listed = {m["slug"]: m for m in manifest if m["part"] == part}
    articles = {a["slug"]: a for a in gold(part)["articles"]}
    assert set(articles) == set(listed)
    for slug, m in listed.items():
        for key in ("title", "published"):
            if key in m:  # the manifest names these for pages it copies as they are
                assert articles[slug][key] == m[key], (slug, key)


def test_realnews_check_gold_reports_each_problem(realnews):
    article = gold("tune")["articles"][0]
    broken = copy.deepcopy(article)
    broken["published"] = "2019-11-20"
    first, second = broken["events"][0], broken["events"][1]
    first.update(type="REQUEST", mode="teleport", source="XYZ", optional="no")
    first["alt_types"] = ["REQUEST", "HUG"]
    second.update(date="2019-02-30", date_precision="day", amount_usd=-1, location=3)
    del second["evidence"]
    broken["traps"] = [{"note": "n"}]
    problems = realnews.check_gold({"version": 2, "articles": [article, broken]})
    slug = article["slug"]
    assert problems == [
        "version must be 1",
        f"{slug}: duplicate slug",
        f"{slug}: published '2019-11-20' is not ISO 8601 UTC like 2019-11-20T07:50:10Z",
        f"{slug} event 0 (REQUEST): alt_type REQUEST is the event's own type",
        f"{slug} event 0 (REQUEST): unknown alt_type HUG",
        f"{slug} event 0 (REQUEST): mode 'teleport' is not one of "
        "['assist', 'change', 'meet', 'yield']",
        f"{slug} event 0 (REQUEST): source 'XYZ' is neither ISO3 nor a listed org",
        f"{slug} event 0 (REQUEST): optional must be true or false",
        f"{slug} event 1 (COERCE): missing ['evidence']",
        f"{slug} event 1 (COERCE): date '2019-02-30' is not a calendar date",
        f"{slug} event 1 (COERCE): amount_usd -1 must be a positive number or null",
        f"{slug} event 1 (COERCE): location must be a string or null",
        f"{slug} event 1 (COERCE): evidence must be a non-empty string",
        f"{slug} trap 0: fields must be note, evidence",
    ]
