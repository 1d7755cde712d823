"""How the dashboard draws: quad-class colours, charts that show gaps, a map with tooltips, safe text.

Everything that comes from feeds and pages (headlines, places, sentences, URLs) is shown only
through `app.safety.md_text` (Markdown), `esc()` (HTML: the map's tooltips) or as data; links
are made only to http(s) URLs (`app.safety.http_url`, `md_link`). Colours follow the quad classes everywhere: cooperation blue (verbal) and
green (material), conflict orange (verbal) and red (material).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from dipwatch.app.safety import http_url, md_link, md_text

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {1: "#2b83ba", 2: "#1a9641", 3: "#f08c2e", 4: "#d7191c"}
SERIES_COLOURS = ["#444444", "#7b3294", "#008b8b", "#a6761d"]  # all, A->B, B->A, A<->B
DATE_BASIS_NOTE = (
    "Days are the event's own date when the article gives it to the day, else the day it was "
    "first reported (the `date basis` column says which)."
)


def type_quads() -> dict[str, int]:
    """Each PLOVER type's quad class (1-4), from the ontology shipped with dipwatch."""
    from dipwatch.app.plover import ontology

    order = {name.upper(): q for q, name in QUAD_NAMES.items()}
    return {t: order[spec["quad"]] for t, spec in ontology()["event_types"].items()}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def esc(value: Any) -> str:
    """Text safe inside HTML."""
    return "" if _blank(value) else html.escape(str(value), quote=True)


def date_basis(precision: Any) -> str:
    """'event date' when the event is dated to the day, else 'first report'."""
    return "event date" if precision == "day" else "first report"


def quad_legend() -> str:
    """The colour key as HTML (each swatch is a span whose colour is its class's)."""
    items = [
        f'<span class="dw-quad" data-quad="{q}" style="display:inline-block;margin-right:1em">'
        f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{c};'
        f'vertical-align:middle;margin-right:0.3em"></span>{QUAD_NAMES[q]}</span>'
        for q, c in QUAD_COLOURS.items()
    ]
    return '<div class="dw-legend">' + "".join(items) + "</div>"


def events_table(df: pd.DataFrame, lead: tuple[tuple[str, Callable[[Any], str]], ...] = ()) -> str:
    """A Markdown table of clusters, with the date basis and links to http(s) articles.

    `lead`: (header, cell of a row) columns put first (the alerts' time and watchlist).
    """
    heads = [h for h, _ in lead] + [
        "day",
        "date basis",
        "event",
        "who",
        "where",
        "articles",
        "headline",
    ]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * (len(heads) - 2) + "---:|---|"]
    for r in df.itertuples():
        arrow = "↔" if r.is_symmetric else "→"
        who = f"{md_text(r.source_country) or '?'} {arrow} {md_text(r.target_country) or '?'}"
        headline = md_link(r.headline if md_text(r.headline) else "(no title)", r.article_url)
        day = pd.Timestamp(r.event_day).date() if pd.notna(r.event_day) else ""
        basis = date_basis(getattr(r, "date_precision", None))
        cells = [cell(r) for _, cell in lead] + [
            str(day),
            basis,
            md_text(r.event_type),
            who,
            md_text(r.location_name),
            str(r.num_articles),
            headline,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- charts


def _type_colours(types: list[str]) -> tuple[list[str], list[str]]:
    """Types ordered by quad class, each coloured by its class (lighter for later types)."""
    quads = type_quads()
    ordered = sorted(types, key=lambda t: (quads.get(t, 5), t))
    colours, seen = [], dict.fromkeys(QUAD_COLOURS, 0)
    for t in ordered:
        q = quads.get(t, 1)
        colours.append(_lighten(QUAD_COLOURS[q], 0.18 * seen[q]))
        seen[q] += 1
    return ordered, colours


def _lighten(hex_colour: str, share: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * min(share, 0.7)) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _stacked(data: pd.DataFrame, period: str, field: str, title: str, domain, colours):
    """Clusters per period stacked by `field`, with these colours for its values."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=period, timeUnit=_time_unit(period)),
            y=alt.Y("sum(clusters):Q", title="events"),
            color=alt.Color(
                f"{field}:N", scale=alt.Scale(domain=domain, range=colours), title=title
            ),
            order=alt.Order(f"{field}:N", sort="ascending"),
            tooltip=["period:T", f"{field}:N", "sum(clusters):Q"],
        )
    )


def bars_by_quad(df: pd.DataFrame, period: str) -> alt.Chart:
    """Clusters per period stacked by quad class, in the classes' colours."""
    data = df.assign(quad=df["quad_class"].map(QUAD_NAMES))
    names = [QUAD_NAMES[q] for q in QUAD_COLOURS]
    return _stacked(data, period, "quad", "quad class", names, list(QUAD_COLOURS.values()))


def bars_by_type(df: pd.DataFrame, period: str) -> alt.Chart:
    """Clusters per period stacked by PLOVER type, coloured by the type's quad class."""
    types, colours = _type_colours(sorted(df["event_type"].unique()))
    return _stacked(df, period, "event_type", "type", types, colours)


def _time_unit(period: str) -> str:
    return {
        "day": "yearmonthdate",
        "week": "yearmonthdate",
        "month": "yearmonth",
        "quarter": "yearquarter",
        "year": "year",
    }[period]


def with_gaps(df: pd.DataFrame, period: str, columns: dict[str, str]) -> pd.DataFrame:
    """Long form (period, series, value, segment) where a period without events breaks a line.

    Consecutive periods with a value share a segment; a missing period starts a new one, so a
    line is never drawn across a gap (a lone period shows as a point).
    """
    freq = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}[period]
    if df.empty:
        return pd.DataFrame(columns=["period", "series", "value", "segment"])
    periods = pd.to_datetime(df["period"])
    full = pd.date_range(periods.min(), periods.max(), freq=freq)
    wide = df.assign(period=periods).set_index("period")[list(columns)].reindex(full)
    out = []
    for col, label in columns.items():
        values = wide[col]
        segment = values.isna().cumsum()
        part = pd.DataFrame(
            {"period": full, "series": label, "value": values.to_numpy(), "segment": segment}
        )
        out.append(part.dropna(subset=["value"]))
    return pd.concat(out, ignore_index=True)


def goldstein_lines(long: pd.DataFrame, period: str, labels: list[str]) -> alt.LayerChart:
    """Mean Goldstein per period and series: lines within runs of periods, points for each."""
    base = alt.Chart(long).encode(
        x=alt.X("period:T", title=period),
        y=alt.Y("value:Q", title="mean Goldstein", scale=alt.Scale(domain=[-10, 10])),
        # directions are not classes: neutral colours, never the quad classes' blue or red
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=labels, range=SERIES_COLOURS[: len(labels)]),
        ),
        tooltip=["period:T", "series:N", alt.Tooltip("value:Q", format="+.1f")],
    )
    lines = base.mark_line().encode(detail="segment:N")
    points = base.mark_point(filled=True, size=40)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999").encode(y="y:Q")
    return alt.layer(zero, lines, points)


# ---------------------------------------------------------------- map


def map_layer_data(df: pd.DataFrame) -> pd.DataFrame:
    """The map's points with escaped tooltip fields and the quad class's colour."""
    colours = {
        q: [int(c[i : i + 2], 16) for i in (1, 3, 5)] + [200] for q, c in QUAD_COLOURS.items()
    }
    out = df.copy()
    out["colour"] = [
        colours.get(int(q) if pd.notna(q) else 1, [128, 128, 128, 200]) for q in df["quad_class"]
    ]
    out["radius"] = 30_000 + 15_000 * df["num_articles"].clip(upper=20)
    arrows = ["↔" if s else "→" for s in df.get("is_symmetric", [False] * len(df))]
    out["tip_type"] = [esc(t) for t in df["event_type"]]
    out["tip_actors"] = [
        f"{esc(s) or '?'} {a} {esc(t) or '?'}"
        for s, t, a in zip(df["source_country"], df["target_country"], arrows, strict=True)
    ]
    out["tip_headline"] = [esc(h) or "(no title)" for h in df["headline"]]
    out["tip_place"] = [esc(p) for p in df["location_name"]]
    out["tip_link"] = [esc(http_url(u) or "") for u in df["article_url"]]
    out["tip_day"] = [
        f"{pd.Timestamp(d).date()} ({date_basis(p)})" if pd.notna(d) else ""
        for d, p in zip(df["event_day"], df.get("date_precision", [None] * len(df)), strict=True)
    ]
    keep = ["latitude", "longitude", "colour", "radius"] + [c for c in out if c.startswith("tip_")]
    return out[keep]


TOOLTIP_HTML = (
    '<div class="dw-tip"><b>{tip_type}</b> {tip_actors}<br/>{tip_headline}<br/>'
    "{tip_place} · {tip_day}<br/><small>{tip_link}</small></div>"
)


def event_deck(points: pd.DataFrame, centre: tuple[float, float] | None = None):
    """A pydeck map of the points, no background tiles (offline), tooltips on hover."""
    import pydeck as pdk

    lat, lon = centre or (float(points["latitude"].mean()), float(points["longitude"].mean()))
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=points,
        id="events",
        get_position=["longitude", "latitude"],
        get_fill_color="colour",
        get_radius="radius",
        radius_min_pixels=4,
        radius_max_pixels=30,
        pickable=True,
        auto_highlight=True,
    )
    return pdk.Deck(
        layers=[layer],
        initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=1.3),
        map_style=None,
        tooltip={"html": TOOLTIP_HTML, "style": {"maxWidth": "360px", "fontSize": "12px"}},
    )
