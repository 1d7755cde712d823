"""PLOVER event records: the ontology shipped with dipwatch, its record schema, the export query.

The ontology is `dipwatch/data/plover.json` (extracted from the PLOVER manual, CC BY-SA 4.0;
`data/make_plover.py` rebuilds it), so nothing outside the package is read at run time.
`record_schema()` is a JSON Schema of one record as dipwatch writes it: PLOVER's fields, the
event types, each type's modes and the contexts from the ontology, entities with a code and a
non-empty `entity_text`, and four extra fields (date_precision, amount_usd, confidence,
cameo_code).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

# Coder modes that are not PLOVER modes of their type: the PLOVER mode they mean ...
MODE_ALIASES = {("RETREAT", "return"): "release"}  # "released ... to return": captives
# ... or the PLOVER context they mean (a coder mode that is a context name is that context).
CONTEXT_ALIASES = {"humanitarian": "human_security"}

EXTRA_FIELDS = ("date_precision", "amount_usd", "confidence", "cameo_code")


@cache
def ontology() -> dict:
    """The PLOVER ontology as shipped in dipwatch/data/plover.json."""
    text = resources.files("dipwatch").joinpath("data/plover.json").read_text(encoding="utf-8")
    return json.loads(text)


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def record_schema() -> dict:
    """JSON Schema (draft 2020-12) of one exported PLOVER record."""
    onto = ontology()
    types = onto["event_types"]
    day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    entity = {
        "type": "object",
        "required": ["code", "entity_text"],
        "properties": {f: {"type": ["string", "null"]} for f in onto["entity_fields"]}
        | {
            "code": {"type": "string", "minLength": 1},
            "entity_text": {"type": "string", "minLength": 1, "pattern": r"\S"},
        },
        "additionalProperties": False,
    }
    location = {
        "type": "object",
        "properties": {f: {} for f in onto["location_fields"]}
        | {
            "extracted_place": {"type": "string", "minLength": 1},
            "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
            "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
            "country_code": {"type": ["string", "null"], "pattern": "^[A-Z]{2}$"},
            "cc3": {"type": ["string", "null"]},  # PLOVER's extra ISO alpha-3, as in its examples
        },
        "additionalProperties": False,
    }
    props: dict = {f: {} for f in onto["record_optional_fields"]}
    props |= {
        "id": {"type": "string", "minLength": 1},
        "date": day,
        "enddate": _nullable(day),
        "actor": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/entity"}},
        "recipient": {"type": "array", "items": {"$ref": "#/$defs/entity"}},
        "event": {"enum": sorted(types)},
        "mode": {"type": ["string", "null"]},
        "context": {
            "type": "array",
            "items": {"enum": onto["contexts"]},
            "uniqueItems": True,
        },
        "event_loc": _nullable({"$ref": "#/$defs/location"}),
        "event_text": {"type": "string", "minLength": 1},
        "quad_code": _nullable({"enum": [1, 2, 3, 4]}),
        "event_scale": _nullable({"type": "number", "minimum": -10, "maximum": 10}),
        "has_event": {"type": "boolean"},
        "link": {"type": ["string", "null"]},
        "text_info": {"type": "object"},
        "cite_info": {
            "type": "object",
            "required": ["url", "publication"],
            "properties": {
                "url": {"type": "string", "pattern": "^(https?|file)://"},
                # the outlet, never a file path or URL
                "publication": {
                    "type": "string",
                    "pattern": r"\S",
                    "not": {"pattern": r"^(/|~|\.\.?/|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*://|file:)"},
                },
            },
        },
        "coder": {"type": "string", "minLength": 1},
        "coded_date": day,
        "coded_time": {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$"},
        "date_precision": {"enum": ["day", "month", "year", None]},
        "amount_usd": {"type": ["number", "null"], "minimum": 0},
        "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "cameo_code": {"type": ["string", "null"]},
    }
    # each type's mode is one of its modes in the ontology, or none
    by_type = [
        {
            "if": {"properties": {"event": {"const": name}}, "required": ["event"]},
            "then": {"properties": {"mode": {"enum": [*spec["modes"], None]}}},
        }
        for name, spec in sorted(types.items())
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "PLOVER event record, as dipwatch exports it",
        "type": "object",
        "required": onto["record_required_fields"],
        "properties": props,
        "additionalProperties": False,
        "allOf": by_type,
        "$defs": {"entity": entity, "location": location},
    }


def _sql_str(value: str | None) -> str:
    return "null" if value is None else "'" + value.replace("'", "''") + "'"


def _values(rows: list[tuple[str | None, ...]]) -> str:
    return ", ".join("(" + ", ".join(_sql_str(v) for v in row) + ")" for row in rows)


def mode_rows() -> list[tuple[str, str, str | None, str | None]]:
    """(event type, coder mode, PLOVER mode, PLOVER context) for every coder mode with a meaning."""
    onto = ontology()
    rows: list[tuple[str, str, str | None, str | None]] = []
    for name, spec in onto["event_types"].items():
        modes = set(spec["modes"])
        rows += [(name, m, m, None) for m in spec["modes"]]
        rows += [(t, m, plover, None) for (t, m), plover in MODE_ALIASES.items() if t == name]
        rows += [(name, c, None, c) for c in onto["contexts"] if c not in modes]
        rows += [(name, m, None, c) for m, c in CONTEXT_ALIASES.items() if m not in modes]
    return rows


def _country_rows() -> list[tuple[str, str, str]]:
    """(alpha-3, alpha-2, common name) of every ISO country."""
    import pycountry

    return [
        (c.alpha_3, c.alpha_2, getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    ]


# One record per event; the two rows of a symmetric event (A->B and B->A from one sentence)
# become one record with both actors and no recipient, as the manual codes reciprocal events.
# An event without a source has no PLOVER actor (a required field) and is not exported. `date`
# falls back to the article's publication day; month or year precision gives the first day as
# `date` and the last as `enddate`. `mode` only from the type's PLOVER modes, `context` from
# PLOVER's contexts; `entity_text` is the actor as named, else the country's name, else its
# code; `publication` the outlet (the feed's name or title, the site's name, else the host).
_QUERY = """
with events as (
    select *,
           row_number() over (
               partition by article_id, event_type, evidence_start,
                   least(coalesce(source_country, ''), coalesce(target_country, '')),
                   greatest(coalesce(source_country, ''), coalesce(target_country, ''))
               order by event_id) as mirror_rank,
           ? || coalesce(' (' || coder || coalesce(' ' || coder_version, '') || ')', '') as plover_coder
    from events
    where source_country is not null and {where}
),

countries as (
    select * from (values {countries}) v(cc3, cc2, country_name)
),

modes as (
    select * from (values {modes}) v(event_type, coder_mode, plover_mode, plover_context)
),

outlets as (
    select a.article_id,
           coalesce(nullif(trim(f.name), ''), nullif(trim(f.title), ''), nullif(trim(a.site_name), ''),
                    nullif(regexp_extract(a.article_url, '^[a-zA-Z]+://([^/:?#]+)', 1), '')) as publication
    from articles as a
    left join raw.feeds as f on f.feed_url = a.feed
),

named as (
    select e.*,
           coalesce(nullif(trim(e.source_actor), ''), s.country_name, e.source_country) as source_text,
           coalesce(nullif(trim(e.target_actor), ''), t.country_name, e.target_country) as target_text,
           m.plover_mode, m.plover_context, o.publication, l.cc2 as location_cc2
    from events as e
    left join countries as s on s.cc3 = e.source_country
    left join countries as t on t.cc3 = e.target_country
    left join countries as l on l.cc3 = e.location_country
    left join modes as m on m.event_type = e.event_type and m.coder_mode = e.event_mode
    left join outlets as o on o.article_id = e.article_id
    where not e.is_symmetric or e.mirror_rank = 1
),

final as (
    select
        e.event_id as id,
        true as has_event,
        strftime(coalesce(e.event_date, cast(timezone('UTC', e.published_at) as date)), '%Y-%m-%d') as date,
        case e.date_precision
            when 'month' then strftime(last_day(e.event_date), '%Y-%m-%d')
            when 'year' then strftime(make_date(year(e.event_date), 12, 31), '%Y-%m-%d')
        end as enddate,
        case
            when e.is_symmetric and e.target_country is not null then [
                {{'code': e.source_country, 'entity_text': e.source_text}},
                {{'code': e.target_country, 'entity_text': e.target_text}}]
            else [{{'code': e.source_country, 'entity_text': e.source_text}}]
        end as actor,
        case
            when e.target_country is null or e.is_symmetric
                then []::struct(code varchar, entity_text varchar)[]
            else [{{'code': e.target_country, 'entity_text': e.target_text}}]
        end as recipient,
        e.event_type as event,
        e.plover_mode as mode,
        case when e.plover_context is null then []::varchar[] else [e.plover_context] end as context,
        case when e.location_name is not null then {{
            'extracted_place': e.location_name, 'lat': e.latitude, 'lon': e.longitude,
            'country_code': e.location_cc2, 'cc3': nullif(e.location_country, '')}} end as event_loc,
        e.evidence as event_text,
        e.quad_class as quad_code,
        e.goldstein as event_scale,
        e.cluster_id as link,
        {{'start': e.evidence_start, 'end': e.evidence_end}} as text_info,
        {{'url': e.article_url, 'title': e.article_title,
          'publication': coalesce(e.publication, 'unknown'),
          'coder': e.plover_coder, 'codebook': 'plover'}} as cite_info,
        e.plover_coder as coder,
        strftime(timezone('UTC', e.extracted_at), '%Y-%m-%d') as coded_date,
        strftime(timezone('UTC', e.extracted_at), '%H:%M:%S') as coded_time,
        e.date_precision,
        e.amount_usd,
        e.confidence,
        e.cameo_code
    from named as e
)

select * from final
order by date, id
"""


def records_query(where: str) -> str:
    """The SQL of the PLOVER records of the events matching `where` (first parameter: coder)."""
    return _QUERY.format(
        where=where, countries=_values(_country_rows()), modes=_values(mode_rows())
    )
