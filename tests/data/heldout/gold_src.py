"""Hand annotation of the held-out articles (articles_src.py) -> gold.json.

The events below are the annotation itself; this file only saves typing the JSON defaults.
House rules: ../../../../shared/eval/FORMAT.md (PLOVER types; actors ISO3 or org codes).

Annotation conventions used here, beyond FORMAT.md:
- A reaction whose sentence gives no day ("Moscow said it regarded ...") gets date null.
- One episode told twice (a protest lodged = an ambassador summoned, same day) is one
  required event; the second wording is listed as optional with the same key.
- Deployments of troops/police to a host country: MOBILIZE (alt AID) with the host as
  target; the null-target / adversary-target readings are optional.
- Explicit threats ("warned that ... would", "threatened to") are required THREATEN even when
  conditional; descriptive conditionals ("could reimpose sanctions if ...") are optional
  THREATEN, and the conditional act itself is listed as a trap.
- Actors outside FORMAT.md's codes (M23, RSF, ELN, Mercosur, ECOWAS/SADC, ADB) make an
  event optional (with null for the missing side).

Run:  python tests/data/heldout/gold_src.py   (writes gold.json next to this file)
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from articles_src import ARTICLES

HERE = Path(__file__).resolve().parent


def E(type_, src, tgt, date, evidence, mode=None, loc=None, amt=None, opt=False, sym=False, alt=None):
    prec = None if date is None else {4: "year", 7: "month", 10: "day"}[len(date)]
    ev = {"type": type_, "mode": mode, "source": src, "target": tgt, "symmetric": sym,
          "date": date, "date_precision": prec, "location": loc,
          "amount_usd": None if amt is None else float(amt), "optional": opt, "evidence": evidence}
    if alt:
        ev["alt_types"] = list(alt)
    return ev


def T(note, evidence):
    return {"note": note, "evidence": evidence}


GOLD: dict[str, tuple[list, list]] = {}

# 1 ---------------------------------------------------------------------------------------
GOLD["skorea-japan-foreign-ministers-first-talks-in-14-months"] = ([
    E("CONSULT", "KOR", "JPN", "2021-03-03", "South Korea's foreign minister held talks with his Japanese counterpart in Tokyo on Wednesday", mode="visit", loc="Tokyo"),
    E("AGREE", "KOR", "JPN", "2021-03-03", "agreed to speed up working-level consultations on compensation for Koreans forced to work for Japanese companies during World War II", sym=True),
    E("REQUEST", "KOR", "JPN", "2021-03-03", "Park urged Tokyo to scrap its 2019 restrictions on exports to South Korea", mode="yield"),
    E("ACCUSE", "KOR", "JPN", "2021-03-03", 'calling the measures "unjust retaliation" for South Korean court rulings', mode="disapprove"),
    E("REJECT", "JPN", "KOR", "2021-03-03", 'he said Tokyo had "no intention at this stage" of easing the controls', mode="yield"),
    E("SANCTION", "JPN", "KOR", "2019-07", "Tokyo tightened the export controls in July 2019", mode="discontinue"),
    E("SANCTION", "KOR", "JPN", "2019-08", "Seoul responded the following month by removing Japan from its list of trusted trading partners", mode="discontinue"),
    E("REQUEST", "USA", "KOR", None, "The United States has repeatedly urged its two key Asian allies to improve ties", mode="change"),
    E("REQUEST", "USA", "JPN", None, "The United States has repeatedly urged its two key Asian allies to improve ties", mode="change"),
    E("CONSULT", "KOR", "USA", "2021-02-26", "Park spoke by phone with the U.S. secretary of state on Friday", mode="phone", sym=True),
    E("REQUEST", "KOR", "PRK", "2021-02", "Seoul's proposal last week for talks on reuniting families separated by the 1950-53 Korean War", mode="meet", alt=["AGREE"]),
    # optional
    E("AGREE", "KOR", "JPN", "2021-03-03", 'The two sides also agreed to consider resuming the regular exchange of visits by their leaders', sym=True, opt=True),
    E("AGREE", "KOR", "USA", "2021-03", "is expected to visit Washington later this month", loc="Washington", opt=True, alt=["CONSULT"]),
    E("COERCE", "KOR", "JPN", "2021-02", "a Japanese fishing boat seized by South Korean coast guard vessels near the Dokdo islets last month", mode="seize", loc="Dokdo", opt=True),
    E("ACCUSE", "JPN", "KOR", None, "Morita had also raised the case of a Japanese fishing boat", opt=True),
    E("SANCTION", "KOR", "JPN", "2018-10", "South Korea's Supreme Court in October 2018 ordered Japanese companies to compensate former laborers", mode="convict", opt=True),
], [
    T("dateline: Yonhap is the reporting agency, not an actor", "SEOUL, March 3 (Yonhap) --"),
    T("Kyodo is a news agency cited as a source", "Japan's Kyodo News agency reported"),
    T("negated: no response, no event", "Morita did not respond directly to the request"),
    T("negated: North Korea did not respond (the proposal itself is coded)", "North Korea, meanwhile, did not respond to Seoul's proposal"),
])

# 2 ---------------------------------------------------------------------------------------
GOLD["estonia-expels-two-russian-diplomats-kremlin-vows-response"] = ([
    E("SANCTION", "EST", "RUS", "2023-02-14", "Estonia on Tuesday ordered two Russian diplomats to leave the country within a week", mode="expel"),
    E("ACCUSE", "EST", "RUS", "2023-02-14", "The Russian ambassador was summoned to the ministry on Tuesday morning and handed a protest note", mode="disapprove"),
    E("THREATEN", "RUS", "EST", "2023-02-14", "There will certainly be an adequate response; the principle of reciprocity has not been cancelled", mode="expel", loc="Moscow"),
    E("ACCUSE", "RUS", "EST", None, "accused Tallinn of “Russophobic hysteria,”", mode="disapprove"),
    E("SUPPORT", "LVA", "EST", "2023-02-14", "Latvia and Lithuania issued a joint statement on Tuesday expressing “full solidarity” with Tallinn"),
    E("SUPPORT", "LTU", "EST", "2023-02-14", "Latvia and Lithuania issued a joint statement on Tuesday expressing “full solidarity” with Tallinn"),
    E("SUPPORT", "EU", "EST", None, "the European Union’s foreign policy chief said Brussels stood “shoulder to shoulder” with Estonia"),
    E("SANCTION", "EST", "RUS", "2023-01", "In January, Tallinn ordered Russia’s ambassador to leave", mode="expel"),
    E("SANCTION", "RUS", "EST", "2023-01", "Moscow retaliated by expelling Estonia’s envoy and downgrading relations to the level of chargés d’affaires", mode="expel"),
    E("MOBILIZE", "GBR", "EST", "2023-02", "About 300 British troops arrived at the Tapa base in central Estonia last week to join a multinational battlegroup", mode="troops", loc="Tapa", alt=["AID"]),
    E("COOPERATE", "USA", "EST", "2022-12", "U.S. HIMARS rocket launchers took part in a joint exercise with Estonian forces in December", sym=True),
    # optional
    E("ACCUSE", "EST", "RUS", "2023-02-14", "accusing them of gathering intelligence on NATO troop movements", mode="allege", opt=True),
    E("ACCUSE", "RUS", "EST", None, "regarded the expulsions as “a provocation”", opt=True),
    E("THREATEN", "EST", "RUS", None, "could do so “if the hostile activity continues.”", opt=True),
    E("MOBILIZE", "GBR", None, "2023-02", "About 300 British troops arrived at the Tapa base in central Estonia last week", opt=True),
    E("MOBILIZE", "GBR", "RUS", "2023-02", "About 300 British troops arrived at the Tapa base in central Estonia last week", opt=True),
], [
    T("RIA Novosti is a news agency cited as a source", "the state news agency RIA Novosti reported"),
    T("negated and conditional: the Narva consulate was not closed (no SANCTION)", "Lepik said Estonia had not closed Russia’s consulate in Narva"),
    T("denial: no further expulsions planned", "Lepik denied that Tallinn planned to expel more diplomats in the coming weeks"),
    T("no response yet: no event", "Russia’s embassy in Tallinn did not immediately respond to a request for comment."),
])

# 3 ---------------------------------------------------------------------------------------
GOLD["imf-approves-sri-lanka-bailout-china-india-back-debt-deal"] = ([
    E("AID", "IMF", "LKA", "2023-03-20", "The International Monetary Fund's executive board on Monday approved a 48-month loan of about $3 billion for Sri Lanka", amt=3e9),
    E("CONSULT", "LKA", "CHN", None, "The approval followed months of negotiations with Sri Lanka's main bilateral creditors, including China, India and Japan", sym=True),
    E("CONSULT", "LKA", "IND", None, "The approval followed months of negotiations with Sri Lanka's main bilateral creditors, including China, India and Japan", sym=True),
    E("CONSULT", "LKA", "JPN", None, "The approval followed months of negotiations with Sri Lanka's main bilateral creditors, including China, India and Japan", sym=True),
    E("AID", "IND", "LKA", "2022", "extended about $4 billion in emergency credit lines and currency swaps to its southern neighbour last year", amt=4e9),
    E("AID", "CHN", "LKA", "2023-03", "China's Export-Import Bank followed this month, offering a two-year moratorium on debt payments", alt=["AGREE"]),
    E("AGREE", "JPN", "LKA", None, "said it would lead a creditors' committee with India and France to restructure roughly $5.9 billion in official loans", amt=5.9e9),
    E("AID", "JPN", "LKA", "2023-02", "Tokyo also extended a 4.1 billion yen grant for fertiliser and medical supplies in February"),
    E("SUPPORT", "CHN", "LKA", None, 'Beijing "firmly supports" Colombo\'s efforts to stabilise its economy'),
    E("REQUEST", "IND", "G20", None, "India, which holds the G20 presidency this year, has urged the group to speed up debt relief for middle-income countries such as Sri Lanka", mode="assist"),
    # optional
    E("AGREE", "IMF", "LKA", None, "the IMF will disburse an initial tranche of around $330 million immediately", amt=330e6, opt=True, alt=["AID"]),
    E("SUPPORT", "LKA", "IMF", "2023-03-21", "thanked the fund and the creditor nations in a televised address on Tuesday", opt=True),
    E("AGREE", "IND", "LKA", "2023-01", "was the first creditor to give the IMF the required assurances in January", opt=True, alt=["SUPPORT"]),
    E("AGREE", "WB", "LKA", None, "The World Bank's board is expected to consider a $700 million budget support package next month", amt=700e6, opt=True, alt=["AID"]),
    E("AID", None, "LKA", None, "the Asian Development Bank has pledged up to $350 million", amt=350e6, opt=True, alt=["AGREE"]),
    E("ACCUSE", "LKA", "IMF", None, "Opposition lawmakers criticised the IMF's conditions", opt=True),
], [
    T("Xinhua is a news agency cited as a source", "China's state news agency Xinhua quoted an embassy spokesperson"),
    T("negated: no haircut agreed", "Beijing has not agreed to take a haircut on the principal of its loans"),
    T("G20 framework mentioned, no G20 act", "the G20's Common Framework for debt treatment does not cover Sri Lanka"),
    T("domestic default and resignation, no international event", "Sri Lanka defaulted on its foreign debt in April last year"),
])

# 4 ---------------------------------------------------------------------------------------
GOLD["iran-frees-french-teacher-in-oman-brokered-prisoner-swap"] = ([
    E("RETREAT", "IRN", "FRA", "2024-06-12", "Iran on Wednesday freed a French schoolteacher who had been held in Tehran's Evin prison for nearly two years", mode="release", alt=["CONCEDE"]),
    E("RETREAT", "FRA", "IRN", "2024-06-12", "in exchange for an Iranian engineer jailed in France for breaching U.S. sanctions", mode="release", alt=["CONCEDE"]),
    E("COERCE", "IRN", "FRA", "2022-05", "Claire Vidal, 34, who was arrested in May 2022 while on holiday and later convicted of espionage", mode="arrest"),
    E("SUPPORT", "FRA", "OMN", "2024-06-12", 'the French president thanked Oman\'s sultan for his "decisive mediation"'),
    E("ACCUSE", "IRN", "USA", "2024-06-13", 'describing the released Iranian, Reza Kamali, as an "innocent hostage of Washington\'s illegal sanctions."'),
    E("COERCE", "FRA", "IRN", "2022", "Kamali had been arrested at Nice airport in 2022", mode="arrest", loc="Nice"),
    E("REQUEST", "USA", "FRA", None, "at the request of the United States, which had sought his extradition", mode="assist"),
    E("CONSULT", "OMN", "FRA", None, "Omani mediators had held several rounds of indirect talks with French and Iranian officials in Muscat", loc="Muscat", sym=True),
    E("CONSULT", "OMN", "IRN", None, "Omani mediators had held several rounds of indirect talks with French and Iranian officials in Muscat", loc="Muscat", sym=True),
    E("RETREAT", "IRN", "BEL", "2023", "including a swap with Belgium last year", mode="release", sym=True, alt=["CONCEDE"]),
    E("ACCUSE", "FRA", "IRN", None, 'France has accused Tehran of pursuing "hostage diplomacy"', mode="allege"),
    E("SANCTION", "EU", "IRN", "2024-04", "The European Union in April imposed sanctions on six Iranian officials it held responsible for arbitrary detentions", mode="discontinue"),
    E("REQUEST", "FRA", "IRN", None, "despite repeated appeals from Paris", mode="yield"),
    E("REJECT", "IRN", "FRA", "2024-06-13", "Iran's foreign ministry spokesperson on Thursday dismissed French demands for their immediate release", mode="yield"),
    # optional
    E("SANCTION", "IRN", "FRA", None, "later convicted of espionage", mode="convict", opt=True),
    E("CONSULT", "FRA", "IRN", None, "indirect talks with French and Iranian officials in Muscat", sym=True, opt=True),
    E("REJECT", "IRN", "FRA", None, "a charge Iran rejects", opt=True),
    E("COERCE", "IRN", "FRA", "2022", "a couple arrested in 2022 during a visit to Iran", mode="arrest", opt=True),
    E("AGREE", "OMN", "FRA", "2024-06", "Oman's foreign minister is expected to visit Paris later this month", loc="Paris", opt=True, alt=["CONSULT"]),
    E("REQUEST", "FRA", "IRN", None, "France would keep working for the release of two other French citizens still detained in Iran", opt=True),
], [
    T("negated: the couple was not released", "Tehran did not release them as part of Wednesday's deal"),
    T("planned visit, hedged (optional only)", "Oman's foreign minister is expected to visit Paris later this month"),
])

# 5 ---------------------------------------------------------------------------------------
GOLD["congo-rwanda-foreign-ministers-meet-in-luanda"] = ([
    E("CONSULT", "COD", "RWA", "2024-02-19", "The foreign ministers of the Democratic Republic of Congo and Rwanda met in Luanda on Monday", mode="third-party", loc="Luanda", sym=True),
    E("AGREE", "COD", "RWA", "2024-02-19", "both sides had agreed to set up a joint verification mechanism to monitor a ceasefire along the border and to meet again in March", loc="Luanda", sym=True),
    E("ACCUSE", "COD", "RWA", None, "Congo accuses Rwanda of sending troops and weapons to support the M23 rebel group", mode="allege"),
    E("ACCUSE", "UN", "RWA", "2023-12", 'A report by United Nations experts published in December said it had "substantial evidence" that Rwandan army units were fighting alongside the rebels', mode="allege"),
    E("ACCUSE", "RWA", "COD", None, "in turn accuses Kinshasa of collaborating with the FDLR", mode="allege"),
    E("SANCTION", "USA", "RWA", "2024-02", "The United States imposed sanctions last week on a senior Rwandan army commander", mode="discontinue"),
    E("REQUEST", "USA", "RWA", None, "Washington has also urged Rwanda to withdraw its troops", mode="yield"),
    E("REQUEST", "COD", "ICC", "2024-01", "Congo's government last month asked the International Criminal Court to investigate alleged atrocities"),
    E("REQUEST", "AU", "COD", "2024-02-17", "urged Kinshasa and Kigali to respect the ceasefire", mode="yield", loc="Addis Ababa"),
    E("REQUEST", "AU", "RWA", "2024-02-17", "urged Kinshasa and Kigali to respect the ceasefire", mode="yield", loc="Addis Ababa"),
    E("REJECT", "COD", "RWA", "2024-02", "Congo's president had refused to meet Rwanda's leader at an AU summit in Addis Ababa last week", mode="meet", loc="Addis Ababa"),
    # optional
    E("CONSULT", "AGO", "COD", "2024-02-19", "for talks hosted by Angola's president", loc="Luanda", sym=True, opt=True),
    E("CONSULT", "AGO", "RWA", "2024-02-19", "for talks hosted by Angola's president", loc="Luanda", sym=True, opt=True),
    E("THREATEN", "RWA", "COD", None, 'Rwanda would "take all necessary measures to defend its territory" if the threat persisted', opt=True),
    E("ACCUSE", "USA", "RWA", None, "it accused of overseeing support for M23", opt=True),
    E("MOBILIZE", "ZAF", "COD", None, "has deployed about 2,900 troops from South Africa, Malawi and Tanzania to help Congo's army fight the rebels", opt=True, alt=["AID"]),
    E("MOBILIZE", "MWI", "COD", None, "has deployed about 2,900 troops from South Africa, Malawi and Tanzania to help Congo's army fight the rebels", opt=True, alt=["AID"]),
    E("MOBILIZE", "TZA", "COD", None, "has deployed about 2,900 troops from South Africa, Malawi and Tanzania to help Congo's army fight the rebels", opt=True, alt=["AID"]),
    E("MOBILIZE", None, "COD", None, "The Southern African Development Community has deployed about 2,900 troops", opt=True, alt=["AID"]),
], [
    T("denial: Rwanda denies sending troops (no MOBILIZE/ASSAULT by Rwanda)", "Kigali has denied sending troops into Congo"),
    T("negated meeting", "The two presidents did not meet on the sidelines of the summit"),
    T("ICC only reviewing a request, no ICC act", "The court's prosecutor said on Friday that his office was reviewing the request."),
    T("conditional threat (optional only)", 'Rwanda would "take all necessary measures to defend its territory" if the threat persisted'),
])

# 6 ---------------------------------------------------------------------------------------
GOLD["venezuela-guyana-leaders-pledge-not-to-use-force-over-essequibo"] = ([
    E("AGREE", "VEN", "GUY", "2023-12-14", "The presidents of Venezuela and Guyana agreed on Thursday not to threaten each other or use force in their dispute over the oil-rich Essequibo region", loc="St Vincent", sym=True, alt=["CONCEDE"]),
    E("CONSULT", "VEN", "GUY", "2023-12-14", "after face-to-face talks on the Caribbean island of St Vincent brokered by Brazil and regional leaders", mode="third-party", loc="St Vincent", sym=True),
    E("ACCUSE", "GUY", "VEN", "2018", "where Guyana filed a case in 2018", mode="allege"),
    E("COOPERATE", "GBR", "GUY", "2023-12-13", "The British patrol ship HMS Trent arrived in Georgetown on Wednesday for joint exercises with Guyana's defence force", loc="Georgetown", sym=True),
    E("ACCUSE", "VEN", "GBR", None, 'a move Caracas condemned as a "provocation."', mode="disapprove"),
    E("MOBILIZE", "VEN", "GUY", "2023-12-12", "Venezuela's defence minister on Tuesday announced \"defensive\" military exercises involving 5,600 troops, aircraft and ships in the eastern state of Sucre", mode="troops", loc="Sucre"),
    E("ACCUSE", "GUY", "VEN", None, "Guyana's foreign ministry said it had summoned Venezuela's ambassador in Georgetown over the manoeuvres", mode="disapprove", loc="Georgetown"),
    E("CONSULT", "BRA", "VEN", "2023-12-09", "its president spoke by phone with his Venezuelan counterpart on Dec. 9", mode="phone", sym=True),
    E("REQUEST", "BRA", "VEN", "2023-12-09", "spoke by phone with his Venezuelan counterpart on Dec. 9 to urge restraint", mode="yield"),
    E("COOPERATE", "USA", "GUY", "2023-12", "held joint air exercises with Guyana's military earlier this month", sym=True),
    E("SUPPORT", "USA", "GUY", None, "has said it supports Guyana's territorial integrity"),
    E("RETREAT", "USA", "VEN", "2023-10", "The U.S. eased some oil sanctions in October", alt=["CONCEDE"]),
    # optional
    E("THREATEN", "VEN", "GUY", None, "Caracas has since ordered its state oil company to issue licences for oil extraction in the region", mode="territory", opt=True),
    E("REJECT", "GUY", "VEN", "2023-12-15", 'Guyana\'s sovereignty was "not up for negotiation"', mode="meet", loc="Georgetown", opt=True),
    E("REJECT", "VEN", None, None, "Venezuela rejects the court's jurisdiction.", opt=True),
    E("MOBILIZE", "GBR", "GUY", "2023-12-13", "The British patrol ship HMS Trent arrived in Georgetown on Wednesday", opt=True, alt=["AID"]),
    E("MOBILIZE", "GBR", "VEN", "2023-12-13", "The British patrol ship HMS Trent arrived in Georgetown on Wednesday", opt=True),
    E("MOBILIZE", "VEN", None, "2023-12-12", "military exercises involving 5,600 troops, aircraft and ships", opt=True),
    E("MOBILIZE", "VEN", "GBR", "2023-12-12", "military exercises involving 5,600 troops, aircraft and ships", opt=True),
    E("MOBILIZE", "BRA", None, None, "has reinforced its military presence in the northern state of Roraima", opt=True),
    E("MOBILIZE", "BRA", "VEN", None, "has reinforced its military presence in the northern state of Roraima", opt=True),
    E("THREATEN", "USA", "VEN", None, "Washington could reimpose sanctions on Venezuela's oil sector if Caracas takes further steps toward annexation", opt=True),
    E("CONSULT", "BRA", "GUY", "2023-12-14", "brokered by Brazil and regional leaders", opt=True, sym=True),
], [
    T("dateline: AFP is the reporting agency", "GEORGETOWN, Dec 15 (AFP) --"),
    T("conditional: no sanctions reimposed (no SANCTION)", "Washington could reimpose sanctions on Venezuela's oil sector if Caracas takes further steps toward annexation"),
    T("question: a hypothetical invasion, no MOBILIZE/ASSAULT", "Could Caracas send troops into Essequibo?"),
    T("domestic referendum, no international act", "Venezuela held a referendum on Dec. 3"),
    T("agreement with the domestic opposition, not a state", "the Venezuelan government agreed with the opposition to hold competitive elections in 2024"),
])

# 7 ---------------------------------------------------------------------------------------
GOLD["solomon-islands-pm-meets-australian-counterpart-in-canberra"] = ([
    E("CONSULT", "SLB", "AUS", "2022-05-26", "Solomon Islands Prime Minister Daniel Tovua held talks with his Australian counterpart in Canberra on Thursday", mode="visit", loc="Canberra"),
    E("SUPPORT", "SLB", "CHN", "2022-04", "a security pact his government signed with China last month", sym=True, alt=["AGREE"]),
    E("AID", "AUS", "SLB", "2022-05-26", "Australia on Thursday announced a package of A$120 million (about $85 million) over three years", amt=85e6, alt=["AGREE"]),
    E("AGREE", "AUS", "SLB", "2022-05-26", "agreed to extend the deployment of Australian police officers in Honiara until the end of 2023", alt=["AID"]),
    E("MOBILIZE", "AUS", "SLB", "2021-11", "Australian police and troops were first deployed to Honiara in November last year", mode="police", loc="Honiara", alt=["AID"]),
    E("CONSULT", "USA", "SLB", "2022-04", "A U.S. delegation led by the White House’s Indo-Pacific coordinator visited Honiara in April", mode="visit", loc="Honiara"),
    E("CONSULT", "CHN", "KIR", "2022-05-26", "China’s foreign minister arrived in Kiribati’s capital, Tarawa, on Thursday", mode="visit", loc="Tarawa"),
    E("CONSULT", "SLB", "NZL", "2021", "New Zealand’s prime minister, who met Tovua in Wellington last year", mode="visit", loc="Wellington", sym=True),
    # optional
    E("REJECT", "SLB", "CHN", None, "Honiara would “never” allow a Chinese military base on its territory", opt=True),
    E("REQUEST", "SLB", "AUS", "2021-11", "at Tovua’s request", opt=True),
    E("THREATEN", "USA", "SLB", "2022-04", "to warn that Washington would “respond accordingly” if a Chinese military presence were established", opt=True),
    E("THREATEN", "USA", "CHN", "2022-04", "to warn that Washington would “respond accordingly” if a Chinese military presence were established", opt=True),
    E("ACCUSE", "USA", "SLB", None, "Its signing prompted alarm in Washington, Canberra and Wellington.", opt=True),
    E("ACCUSE", "AUS", "SLB", None, "Its signing prompted alarm in Washington, Canberra and Wellington.", opt=True),
    E("ACCUSE", "NZL", "SLB", None, "Its signing prompted alarm in Washington, Canberra and Wellington.", opt=True),
    E("ACCUSE", "USA", "CHN", None, "Its signing prompted alarm in Washington, Canberra and Wellington.", opt=True),
    E("ACCUSE", "AUS", "CHN", None, "Its signing prompted alarm in Washington, Canberra and Wellington.", opt=True),
    E("ACCUSE", "NZL", "CHN", "2022-05-25", "she had raised her concerns about the pact with Beijing directly", opt=True),
    E("CONSULT", "NZL", "CHN", None, "she had raised her concerns about the pact with Beijing directly", opt=True, sym=True),
    E("AGREE", "CHN", "SLB", None, "He is due in Honiara on Saturday", loc="Honiara", opt=True, alt=["CONSULT"]),
    E("AGREE", "CHN", "FJI", None, "is expected to seek a region-wide security and trade agreement at a meeting with Pacific foreign ministers in Fiji next week", loc="Fiji", opt=True, alt=["CONSULT"]),
    E("AID", "AUS", "SLB", None, "Canberra had also offered to fund a new patrol boat for the Solomons’ police force", opt=True, alt=["AGREE"]),
], [
    T("negated meeting", "Tovua did not meet New Zealand officials on this trip."),
    T("negated request inside a quote", "We have not been asked, and we will not agree, to host a foreign base"),
    T("newspaper cited as a source; unconfirmed offer (optional only)", "The Sydney Morning Herald reported on Thursday"),
    T("conditional warning about a hypothetical Chinese presence (optional only)", "if a Chinese military presence were established"),
])

# 8 ---------------------------------------------------------------------------------------
GOLD["pakistan-expels-indian-envoy-suspends-trade-kashmir"] = ([
    E("SANCTION", "PAK", "IND", "2019-08-07", "Pakistan on Wednesday expelled India's high commissioner", mode="expel"),
    E("SANCTION", "PAK", "IND", "2019-08-07", "Islamabad also suspended bilateral trade with India the same day.", mode="discontinue"),
    E("REQUEST", "PAK", "UN", "2019-08-06", "Pakistan's foreign minister wrote to the president of the U.N. Security Council on Tuesday requesting an urgent meeting on Kashmir", mode="meet"),
    E("REQUEST", "IND", "PAK", "2019-08-08", "India's foreign ministry on Thursday urged Islamabad to review the steps", mode="yield"),
    E("REQUEST", "CHN", "IND", "2019-08-08", "called on both sides to exercise restraint", mode="yield"),
    E("REQUEST", "CHN", "PAK", "2019-08-08", "called on both sides to exercise restraint", mode="yield"),
    E("CONSULT", "PAK", "CHN", "2019-08-09", "Pakistan's foreign minister flew to Beijing on Friday for talks with his Chinese counterpart", mode="visit", loc="Beijing"),
    E("SANCTION", "PAK", "IND", "2019-08-08", "Pakistan also suspended the Samjhauta Express train service on Thursday", mode="discontinue"),
    E("SANCTION", "IND", "PAK", "2019-02", "withdrew Pakistan's most-favoured-nation trade status days later", mode="discontinue"),
    E("ASSAULT", "IND", "PAK", "2019-02", "Indian warplanes struck what New Delhi said was a militant training camp near Balakot inside Pakistan", mode="aerial", loc="Balakot"),
    E("ASSAULT", "PAK", "IND", "2019-02", "Pakistan shot down an Indian jet the next day", mode="aerial"),
    E("RETREAT", "PAK", "IND", "2019-03-01", 'Pakistan freed him on March 1 as a "peace gesture."', mode="release", alt=["CONCEDE"]),
    # optional
    E("ACCUSE", "PAK", "IND", "2019-08-07", "in protest at New Delhi's decision to revoke the special constitutional status", opt=True),
    E("SANCTION", "PAK", "IND", None, "Pakistan would downgrade diplomatic relations and would not send its own high commissioner-designate to New Delhi", opt=True),
    E("REJECT", "IND", "PAK", "2019-08-08", 'said the changes in Kashmir were "entirely an internal matter."', opt=True),
    E("ACCUSE", "CHN", "IND", "2019-08-08", 'said on Thursday it was "seriously concerned" about the situation', opt=True),
    E("ACCUSE", "IND", "PAK", "2019-02", "India blamed a Pakistan-based militant group for the attack", opt=True),
    E("THREATEN", "IND", "PAK", None, 'India\'s army chief said his forces were "fully prepared" along the Line of Control', opt=True),
    E("ASSAULT", "IND", "PAK", None, "the two armies have exchanged fire repeatedly this year", sym=True, opt=True),
    E("COERCE", "PAK", "IND", "2019-02", "capturing its pilot", mode="arrest", opt=True),
    E("ACCUSE", "UN", None, None, "the world body was following developments with concern", opt=True),
], [
    T("negated consultation: the U.S. was not consulted", "The United States said it had not been consulted by India before the move"),
    T("analysts' speculation, no event", "Analysts said a military escalation was unlikely in the short term"),
    T("militant attack, no state actor", "a suicide bombing in Pulwama in February killed 40 Indian paramilitary police"),
])

# 9 ---------------------------------------------------------------------------------------
GOLD["g7-leaders-agree-50-billion-loan-for-ukraine-warn-china"] = ([
    E("AID", "G7", "UKR", "2024-06-15", "with a pledge to provide Ukraine with a $50 billion loan backed by profits from frozen Russian central bank assets", loc="Borgo Egnazia", amt=50e9, alt=["AGREE"]),
    E("ACCUSE", "G7", "CHN", "2024-06-15", "a stern warning to China over its support for Moscow's war effort", loc="Borgo Egnazia", alt=["THREATEN"]),
    E("ACCUSE", "CHN", "G7", "2024-06-15", 'accused the G7 of "arrogance, prejudice and lies."'),
    E("CONSULT", "UKR", "G7", "2024-06", "Ukraine's president, who attended the summit as a guest", mode="multilateral"),
    E("SUPPORT", "UKR", "USA", "2024-06-13", "signed a 10-year bilateral security agreement with the U.S. president on the sidelines on Thursday", sym=True, alt=["AGREE"]),
    E("SUPPORT", "UKR", "JPN", None, "and a separate agreement with Japan", sym=True, alt=["AGREE"]),
    E("AGREE", "JPN", "UKR", None, "Tokyo will provide $4.5 billion in support this year", amt=4.5e9, alt=["AID"]),
    E("REQUEST", "G7", "OPEC", None, "The leaders also urged OPEC and its allies to boost oil production", mode="change"),
    E("REQUEST", "G7", "IRN", None, "called on Iran to stop enriching uranium to levels with no credible civilian use", mode="change"),
    E("THREATEN", "G7", "IRN", None, 'They threatened to respond with "new and significant measures" if Tehran transferred ballistic missiles to Russia.'),
    E("AID", "CAN", "UKR", "2024-06-15", "Canada's prime minister announced 5 billion Canadian dollars toward the loan on Saturday", alt=["AGREE"]),
    E("AGREE", "GBR", "UKR", None, "Downing Street said it would give Ukraine 242 million pounds in new bilateral aid this year", alt=["AID"]),
    E("CONSULT", "IND", "ITA", "2024-06-14", "The summit host, Italy's prime minister, held bilateral talks with India's prime minister on Friday", mode="visit", sym=True),
    E("AGREE", "IND", "ITA", "2024-06-14", "the two countries agreed to deepen defence cooperation, including joint production of naval equipment", sym=True),
    E("ACCUSE", "RUS", "G7", "2024-06-14", 'any use of the frozen assets would amount to "theft"'),
    E("THREATEN", "RUS", "G7", "2024-06-14", "warned that Moscow would retaliate against Western property in Russia"),
    # optional
    E("SANCTION", "G7", "RUS", None, "frozen Russian central bank assets", opt=True),
    E("THREATEN", "G7", "CHN", "2024-06-15", "said they would take measures against Chinese entities involved, including banks", opt=True),
    E("REJECT", "CHN", "G7", "2024-06-15", 'Beijing\'s foreign ministry on Saturday rejected the accusations as "groundless"', opt=True),
    E("CONSULT", "ARG", "ITA", "2024-06-14", "the two spoke briefly at a dinner on Friday", sym=True, opt=True),
    E("ACCUSE", "RUS", None, "2024-06-14", 'any use of the frozen assets would amount to "theft"', opt=True),
    E("THREATEN", "RUS", None, "2024-06-14", "warned that Moscow would retaliate against Western property in Russia", opt=True),
    E("CONSULT", "UKR", "ITA", "2024-06", "Ukraine's president, who attended the summit as a guest", mode="visit", opt=True),
], [
    T("negated meeting (the brief exchange at dinner is optional)", "did not hold a formal meeting with the Italian leader"),
    T("planned summit, no actor pair", "The next G7 summit will be hosted by Canada in 2025."),
])

# 10 --------------------------------------------------------------------------------------
GOLD["kenya-ethiopia-sign-power-trade-pact-world-bank-grant"] = ([
    E("SUPPORT", "KEN", "ETH", "2022-11-07", "Kenya and Ethiopia on Monday signed a 25-year agreement", loc="Nairobi", sym=True, alt=["AGREE"]),
    E("CONSULT", "ETH", "KEN", "2022-11-07", "during a state visit to Nairobi by the Ethiopian prime minister", mode="visit", loc="Nairobi"),
    E("AGREE", "KEN", "ETH", "2022-11-07", "The two leaders also agreed to fast-track construction of a highway", loc="Nairobi", sym=True, alt=["CONCEDE"]),
    E("AGREE", "WB", "KEN", "2022-11-08", "The World Bank said on Tuesday it would provide a $250 million grant to Kenya", amt=250e6, alt=["AID"]),
    E("AID", "CHN", "KEN", "2022-10", "China's Export-Import Bank agreed last month to defer repayments on part of the railway loans for three years", alt=["AGREE"]),
    E("SUPPORT", "AU", "KEN", None, "The AU Commission chairperson also praised Kenya's role in brokering talks"),
    E("COOPERATE", "ARE", "KEN", "2022-10", "The United Arab Emirates in October signed a $1.5 billion investment agreement with Kenya to build a fuel storage terminal in Mombasa", amt=1.5e9, alt=["SUPPORT", "AGREE"]),
    E("ACCUSE", "EGY", "ETH", None, "Egypt has criticised the Grand Ethiopian Renaissance Dam on the Blue Nile", mode="disapprove"),
    E("CONSULT", "EGY", "ETH", None, "Cairo and Addis Ababa have held several rounds of talks on the dam", sym=True),
    # optional
    E("AGREE", "ETH", "KEN", None, "Ethiopia will supply up to 400 megawatts of hydropower to Kenya", opt=True, alt=["COOPERATE"]),
    E("AID", "CHN", "KEN", None, "Kenya owes China about $6.7 billion, much of it borrowed for the Standard Gauge Railway", amt=6.7e9, opt=True),
    E("SUPPORT", "AU", "ETH", None, "welcomed the deal as a model for regional integration", opt=True),
    E("SUPPORT", "ETH", None, "2022-11", "signed a cessation of hostilities in Pretoria earlier this month", loc="Pretoria", opt=True),
    E("CONSULT", "KEN", "ETH", None, "Kenya's role in brokering talks", opt=True, sym=True),
    E("AGREE", "SOM", "KEN", "2022-11", "Somalia's president is expected to visit Nairobi later this month", loc="Nairobi", opt=True, alt=["CONSULT"]),
    E("AGREE", "KEN", "ETH", None, "Kenya's president will travel to Addis Ababa next month for a regional summit", loc="Addis Ababa", opt=True, alt=["CONSULT"]),
], [
    T("undecided: no withdrawal", "Kenya has not yet decided whether to withdraw its troops from the AU mission in Somalia"),
    T("talks without agreement: no AGREE", "without reaching agreement"),
    T("planned visit, hedged (optional only)", "Somalia's president is expected to visit Nairobi later this month"),
    T("planned trip in the future tense (optional only)", "Kenya's president will travel to Addis Ababa next month"),
])

# 11 --------------------------------------------------------------------------------------
GOLD["japan-protests-to-china-over-coast-guard-ships-near-senkakus"] = ([
    E("ACCUSE", "JPN", "CHN", "2025-10-06", "Japan lodged a protest with China on Monday", mode="disapprove"),
    E("MOBILIZE", "CHN", "JPN", "2025-10-05", "four Chinese coast guard ships entered Japanese territorial waters around the Senkaku Islands in the East China Sea", mode="police", loc="Senkaku", alt=["COERCE"]),
    E("REQUEST", "JPN", "CHN", "2025-10-06", "demanding that it not be repeated", mode="change"),
    E("REJECT", "CHN", "JPN", "2025-10-06", "China's foreign ministry rejected the protest on Monday", loc="Beijing"),
    E("SUPPORT", "JPN", "PHL", "2025-10-02", "Japan's defense minister and his Philippine counterpart signed an agreement in Manila on Thursday on sharing military supplies and services", loc="Manila", sym=True, alt=["AGREE"]),
    E("COOPERATE", "JPN", "USA", "2025-10", "Japanese and U.S. forces were holding a joint exercise in Okinawa involving some 12,000 troops", loc="Okinawa", sym=True),
    E("SANCTION", "CHN", "JPN", "2023-08", "which Beijing imposed in August 2023", mode="discontinue"),
    E("SUPPORT", "IAEA", "JPN", None, "The International Atomic Energy Agency has said the discharge meets international safety standards."),
    # optional
    E("ACCUSE", "JPN", "CHN", "2025-10-06", "Vice Foreign Minister Hiroshi Tanabe summoned the Chinese ambassador to lodge the protest", opt=True),
    E("ACCUSE", "CHN", "JPN", "2025-10-06", "a Japanese boat that had illegally entered Chinese waters", opt=True),
    E("COERCE", "CHN", "JPN", None, "to expel a Japanese boat", opt=True),
    E("REQUEST", "JPN", "CHN", None, "Japan has also repeatedly asked China to lift its ban on imports of Japanese seafood", opt=True),
    E("AGREE", "JPN", "CHN", "2025-10", "Japan's prime minister is expected to meet China's president", sym=True, opt=True, alt=["CONSULT"]),
], [
    T("dateline: Kyodo is the reporting agency", "TOKYO, Oct. 6 (Kyodo) --"),
    T("Xinhua is a news agency cited as a source", "China's official Xinhua News Agency said"),
    T("hedged: meeting not confirmed", "neither government has confirmed the talks"),
    T("negated recognition", "Japan has never recognized that a territorial dispute exists"),
])

# 12 --------------------------------------------------------------------------------------
GOLD["turkish-parliament-ratifies-sweden-nato-membership"] = ([
    E("SUPPORT", "TUR", "SWE", "2024-01-23", "Turkey’s parliament on Tuesday ratified Sweden’s bid to join NATO"),
    E("SUPPORT", "SWE", "TUR", "2024-01-23", "Swedish Prime Minister Henrik Dahlgren welcomed the vote on Tuesday evening."),
    E("SUPPORT", "NATO", "TUR", "2024-01-23", "NATO’s secretary-general also welcomed the decision on Tuesday"),
    E("REQUEST", "NATO", "HUN", "2024-01-23", "said he counted on Hungary to complete its ratification “as soon as possible.”"),
    E("ACCUSE", "TUR", "SWE", None, "accusing Stockholm of harbouring members of the Kurdistan Workers’ Party (PKK)", mode="allege"),
    E("RETREAT", "SWE", "TUR", "2023", "lifted an arms embargo it had imposed on Turkey in 2019", alt=["CONCEDE"]),
    E("SANCTION", "SWE", "TUR", "2019", "an arms embargo it had imposed on Turkey in 2019", mode="discontinue"),
    E("CONSULT", "TUR", "SWE", "2023-11", "Turkish and Swedish officials met in Brussels in November", loc="Brussels", sym=True),
    E("CONSULT", "TUR", "USA", "2024-01-22", "Turkey’s foreign minister spoke by phone with the U.S. secretary of state on Monday", mode="phone", sym=True),
    E("SUPPORT", "TUR", "FIN", "2023-03", "after Turkey’s parliament approved its bid in March"),
    E("THREATEN", "RUS", "SWE", None, "Russia has warned that it would take “military-technical” countermeasures if Sweden joined NATO."),
    # optional
    E("SUPPORT", "TUR", "NATO", "2024-01-23", "Turkey’s parliament on Tuesday ratified Sweden’s bid to join NATO", opt=True),
    E("AGREE", "TUR", "SWE", None, "The protocol now needs the signature of the Turkish president", opt=True),
    E("AGREE", "HUN", "SWE", None, "has said it will not be the last to ratify", opt=True),
    E("REQUEST", "SWE", "NATO", "2022-05", "Sweden’s application, submitted in May 2022 together with Finland’s", opt=True),
    E("REQUEST", "FIN", "NATO", "2022-05", "Sweden’s application, submitted in May 2022 together with Finland’s", opt=True),
    E("REJECT", "TUR", "SWE", None, "Ankara had held up Sweden’s application", opt=True),
    E("ASSAULT", "TUR", "SYR", None, "Turkish military operations in Syria", opt=True),
    E("REQUEST", "TUR", "USA", None, "a push by Ankara to buy 40 new F-16 fighter jets from the United States", opt=True),
    E("AGREE", "USA", "TUR", None, "the State Department is expected to notify Congress of the $20 billion deal", amt=20e9, opt=True, alt=["COOPERATE"]),
    E("COOPERATE", "FIN", "NATO", "2023-04", "Finland joined the alliance in April last year", opt=True),
], [
    T("Anadolu Agency is a news agency cited as a source", "state-run Anadolu Agency reported"),
    T("Hungary has not yet ratified", "Hungary, the only other NATO member yet to approve the accession"),
    T("question: no Hungarian ratification", "Will Budapest follow before the spring?"),
])

# 13 --------------------------------------------------------------------------------------
GOLD["bahrain-qatar-agree-to-restore-diplomatic-ties"] = ([
    E("AGREE", "BHR", "QAT", "2023-04-12", "Bahrain and Qatar agreed on Wednesday to restore diplomatic relations severed six years ago", loc="Riyadh", sym=True, alt=["SUPPORT"]),
    E("CONSULT", "BHR", "QAT", "2023-04-12", "after talks between delegations of the two Gulf states at the headquarters of the Gulf Cooperation Council in Riyadh", mode="third-party", loc="Riyadh", sym=True),
    E("CONSULT", "GCC", "BHR", "2023-04-12", "The GCC secretary-general welcomed the agreement in a phone call with Bahrain's foreign minister on Wednesday", mode="phone", sym=True),
    E("SANCTION", "BHR", "QAT", "2017-06", "Bahrain, Saudi Arabia, the United Arab Emirates and Egypt cut diplomatic and trade ties with Qatar in June 2017", mode="discontinue"),
    E("SANCTION", "SAU", "QAT", "2017-06", "Bahrain, Saudi Arabia, the United Arab Emirates and Egypt cut diplomatic and trade ties with Qatar in June 2017", mode="discontinue"),
    E("SANCTION", "ARE", "QAT", "2017-06", "Bahrain, Saudi Arabia, the United Arab Emirates and Egypt cut diplomatic and trade ties with Qatar in June 2017", mode="discontinue"),
    E("SANCTION", "EGY", "QAT", "2017-06", "Bahrain, Saudi Arabia, the United Arab Emirates and Egypt cut diplomatic and trade ties with Qatar in June 2017", mode="discontinue"),
    E("SUPPORT", "SAU", "QAT", "2021", "Riyadh, Cairo and Abu Dhabi restored ties with Doha soon afterwards", sym=True),
    E("SUPPORT", "EGY", "QAT", "2021", "Riyadh, Cairo and Abu Dhabi restored ties with Doha soon afterwards", sym=True),
    E("SUPPORT", "ARE", "QAT", "2021", "Riyadh, Cairo and Abu Dhabi restored ties with Doha soon afterwards", sym=True),
    E("ACCUSE", "BHR", "QAT", "2021", "Bahrain accused Qatar in 2021 of detaining Bahraini fishermen in disputed waters", mode="allege"),
    E("COERCE", "QAT", "BHR", "2022-03", "Qatar's coast guard seized two Bahraini fishing boats in March last year", mode="seize"),
    E("CONSULT", "QAT", "BHR", "2022-12", "Qatar's emir and Bahrain's king last met in person at a GCC summit in Riyadh in December", mode="multilateral", loc="Riyadh", sym=True),
    E("SANCTION", "ARAB_LEAGUE", "SYR", "2011", "whose membership was suspended in 2011", mode="expel"),
    E("AGREE", "SAU", "IRN", None, "Saudi Arabia and Iran agreed to restore ties after a seven-year break", sym=True, alt=["SUPPORT"]),
    E("CONSULT", "SAU", "IRN", "2023-04", "Saudi Arabia's foreign minister met his Iranian counterpart in Beijing last week", mode="third-party", loc="Beijing", sym=True),
    E("CONSULT", "SAU", "IRN", "2023-04-08", "a Saudi technical delegation arrived in Tehran on Saturday to discuss reopening the kingdom's embassy", mode="visit", loc="Tehran"),
    # optional
    E("SUPPORT", "GCC", "BHR", "2023-04-12", "calling it a \"positive step\" that would strengthen the bloc", opt=True),
    E("SUPPORT", "GCC", "QAT", "2023-04-12", "calling it a \"positive step\" that would strengthen the bloc", opt=True),
    E("ACCUSE", "BHR", "QAT", "2017-06", "accusing Doha of supporting terrorism and being too close to Iran", opt=True),
    E("ACCUSE", "SAU", "QAT", "2017-06", "accusing Doha of supporting terrorism and being too close to Iran", opt=True),
    E("ACCUSE", "ARE", "QAT", "2017-06", "accusing Doha of supporting terrorism and being too close to Iran", opt=True),
    E("ACCUSE", "EGY", "QAT", "2017-06", "accusing Doha of supporting terrorism and being too close to Iran", opt=True),
    E("SUPPORT", "QAT", "SAU", "2021-01", "the Al-Ula declaration signed at a GCC summit in Saudi Arabia in January 2021", sym=True, opt=True, alt=["AGREE"]),
    E("RETREAT", "SAU", "QAT", "2021-01", "The boycott ended with the Al-Ula declaration", opt=True),
    E("RETREAT", "BHR", "QAT", "2021-01", "The boycott ended with the Al-Ula declaration", opt=True),
    E("RETREAT", "ARE", "QAT", "2021-01", "The boycott ended with the Al-Ula declaration", opt=True),
    E("RETREAT", "EGY", "QAT", "2021-01", "The boycott ended with the Al-Ula declaration", opt=True),
    E("COERCE", "QAT", "BHR", "2021", "detaining Bahraini fishermen in disputed waters", mode="arrest", opt=True),
    E("SUPPORT", "KWT", "BHR", "2023-04-12", "Kuwait, which mediated during the 2017-2021 crisis, welcomed Wednesday's agreement.", opt=True),
    E("SUPPORT", "KWT", "QAT", "2023-04-12", "Kuwait, which mediated during the 2017-2021 crisis, welcomed Wednesday's agreement.", opt=True),
    E("SUPPORT", "ARAB_LEAGUE", None, "2023-04-12", "The Arab League's secretary-general said in Cairo on Wednesday", opt=True),
    E("SUPPORT", "ARAB_LEAGUE", "BHR", "2023-04-12", "The Arab League's secretary-general said in Cairo on Wednesday", opt=True),
    E("SUPPORT", "ARAB_LEAGUE", "QAT", "2023-04-12", "The Arab League's secretary-general said in Cairo on Wednesday", opt=True),
    E("CONSULT", "CHN", "SAU", None, "in a deal brokered by China", opt=True, sym=True),
    E("CONSULT", "CHN", "IRN", None, "in a deal brokered by China", opt=True, sym=True),
], [
    T("denial of the charges: Qatar supporting terrorism is not coded", "Qatar denied the charges."),
    T("no date for reopening embassies: no event", "It did not say when embassies would reopen."),
    T("planned Arab League meeting, no actor pair", "The league's foreign ministers are due to meet next month to discuss whether to readmit Syria"),
    T("state media cited as a source", "Bahraini state media said"),
])

# 14 --------------------------------------------------------------------------------------
GOLD["iaea-board-rebukes-iran-as-tehran-switches-off-cameras"] = ([
    E("ACCUSE", "IAEA", "IRN", "2022-06-08", "The U.N. nuclear watchdog's 35-nation Board of Governors, meeting in Vienna, on Wednesday passed a resolution criticising Iran", mode="disapprove", loc="Vienna"),
    E("SANCTION", "IRN", "IAEA", "2022-06-08", "hours after Tehran began removing surveillance cameras installed by the agency at its nuclear facilities", mode="discontinue", alt=["COERCE"]),
    E("ACCUSE", "IRN", "IAEA", "2022-06-09", "Iran's foreign ministry on Thursday condemned the resolution", mode="disapprove"),
    E("THREATEN", "IRN", "IAEA", "2022-06-09", "warned that Tehran would respond with further steps"),
    E("REQUEST", "USA", "IRN", "2022-06-09", "urged Tehran to return to full cooperation with the agency", mode="change"),
    E("REQUEST", "GBR", "IRN", "2022-06-09", "urged Tehran to return to full cooperation with the agency", mode="change"),
    E("REQUEST", "FRA", "IRN", "2022-06-09", "urged Tehran to return to full cooperation with the agency", mode="change"),
    E("REQUEST", "DEU", "IRN", "2022-06-09", "urged Tehran to return to full cooperation with the agency", mode="change"),
    E("CONSULT", "IRN", "EU", "2022-06-07", "Iran's foreign minister spoke by phone with the EU's foreign policy chief on Tuesday", mode="phone", sym=True),
    E("SUPPORT", "ISR", "IAEA", "2022-06-08", "Israel's prime minister welcomed the vote on Wednesday"),
    E("THREATEN", "ISR", "IRN", "2022-06-08", 'said Israel would "act wherever needed" to prevent Iran from acquiring nuclear weapons', mode="violence"),
    E("SANCTION", "USA", "IRN", "2018", "the United States withdrew from the deal and reimposed sanctions on Tehran", mode="discontinue"),
    # optional
    E("ACCUSE", "USA", "IRN", None, "The resolution, drafted by the United States, Britain, France and Germany", opt=True),
    E("ACCUSE", "GBR", "IRN", None, "The resolution, drafted by the United States, Britain, France and Germany", opt=True),
    E("ACCUSE", "FRA", "IRN", None, "The resolution, drafted by the United States, Britain, France and Germany", opt=True),
    E("ACCUSE", "DEU", "IRN", None, "The resolution, drafted by the United States, Britain, France and Germany", opt=True),
    E("REJECT", "RUS", "IAEA", "2022-06-08", "with Russia and China voting against", opt=True),
    E("REJECT", "CHN", "IAEA", "2022-06-08", "with Russia and China voting against", opt=True),
    E("THREATEN", "IAEA", "IRN", None, 'could deal a "fatal blow" to talks on reviving the 2015 nuclear deal if not reversed', opt=True),
    E("CONSULT", "IRN", "USA", None, "Indirect talks between Iran and the United States on restoring the nuclear deal, mediated by the European Union", sym=True, opt=True),
    E("CONSULT", "EU", "IRN", None, "mediated by the European Union", sym=True, opt=True),
    E("CONSULT", "EU", "USA", None, "mediated by the European Union", sym=True, opt=True),
    E("AGREE", "EU", "IRN", None, 'would travel to Tehran "in the coming weeks" if both sides showed flexibility', loc="Tehran", opt=True, alt=["CONSULT"]),
    E("ACCUSE", "RUS", "IAEA", None, "the resolution would only complicate negotiations", opt=True),
    E("THREATEN", "RUS", None, None, "Moscow had warned Western capitals against a vote", opt=True),
    E("REQUEST", "RUS", None, None, "Moscow had warned Western capitals against a vote", opt=True),
], [
    T("RIA is a news agency cited as a source", "Russia's RIA news agency quoted him"),
    T("conditional, planned trip (optional only)", 'would travel to Tehran "in the coming weeks" if both sides showed flexibility'),
])

# 15 --------------------------------------------------------------------------------------
GOLD["sudan-warring-sides-sign-week-long-ceasefire-in-jeddah"] = ([
    E("AID", "WHO", "SDN", None, "the World Health Organization said it had delivered 30 tonnes of medical supplies to Port Sudan", loc="Port Sudan"),
    E("AID", "EU", "SDN", "2023-05-19", "The European Union announced 30 million euros in additional humanitarian aid for Sudan on Friday", alt=["AGREE"]),
    E("AID", "GBR", "TCD", "2023-05-20", "Britain on Saturday pledged 5 million pounds (about $6.2 million) for food and shelter for Sudanese refugees in neighbouring Chad", amt=6.2e6, alt=["AGREE"]),
    E("SANCTION", "TCD", "SDN", "2023-04-16", "Chad, which closed its border with Sudan on April 16", alt=["COERCE"]),
    E("CONSULT", "SDN", "EGY", "2023-05-21", "An envoy of Sudan's army chief was received by Egypt's president in Cairo on Sunday", mode="visit", loc="Cairo"),
    E("REQUEST", "SDN", "UN", "2023-05-20", "The army-led government on Saturday asked the U.N. secretary-general to replace his special envoy for Sudan", mode="change"),
    E("ACCUSE", "SDN", "UN", "2023-05-20", "accusing him of bias toward the RSF", mode="allege"),
    E("REJECT", "RUS", "GBR", "2023-05", "Russia last week vetoed a British-drafted Security Council resolution"),
    # optional
    E("SUPPORT", "SDN", None, "2023-05-20", "Sudan's army and the paramilitary Rapid Support Forces signed an agreement in the Saudi city of Jeddah late on Saturday", loc="Jeddah", opt=True, alt=["AGREE"]),
    E("CONSULT", "SAU", "SDN", None, "two weeks of talks hosted by Riyadh and Washington", sym=True, opt=True),
    E("CONSULT", "USA", "SDN", None, "two weeks of talks hosted by Riyadh and Washington", sym=True, opt=True),
    E("REQUEST", "UN", None, "2023-05-21", "The United Nations said on Sunday it needed $3 billion to help 18 million people in Sudan this year", amt=3e9, opt=True),
    E("AID", "GBR", "SDN", "2023-05-20", "Britain on Saturday pledged 5 million pounds (about $6.2 million) for food and shelter for Sudanese refugees", amt=6.2e6, opt=True, alt=["AGREE"]),
    E("AID", "TCD", "SDN", None, "has since taken in more than 60,000 refugees", opt=True),
    E("REJECT", "UN", "SDN", None, 'the secretary-general was "proud" of the envoy\'s work', opt=True),
    E("ACCUSE", "ICC", "SDN", "2023-05", "his office was investigating reports of killings and sexual violence in West Darfur", mode="investigate", opt=True),
    E("CONSULT", "ICC", "UN", "2023-05", "The International Criminal Court's prosecutor told the U.N. Security Council last week", opt=True),
    E("THREATEN", "USA", None, None, "Washington has threatened to impose sanctions on those responsible for undermining peace", opt=True),
    E("THREATEN", "USA", "SDN", None, "Washington has threatened to impose sanctions on those responsible for undermining peace", opt=True),
    E("REJECT", "RUS", "UN", "2023-05", "Russia last week vetoed a British-drafted Security Council resolution", opt=True),
    E("REJECT", "RUS", None, "2023-05", "Russia last week vetoed a British-drafted Security Council resolution", opt=True),
    E("ACCUSE", "RUS", "GBR", None, "calling it an attempt to interfere in Sudan's internal affairs", opt=True),
    E("ASSAULT", "SDN", None, "2023-05-21", "Residents of Khartoum reported air strikes and artillery fire in several districts on Sunday", opt=True),
], [
    T("RSF is a non-state party; the ceasefire itself is optional only", "Sudan's army and the paramilitary Rapid Support Forces signed an agreement"),
    T("unattributed reports; no comment from either side", "Neither side commented on the reports."),
    T("future truce, not yet in effect", "due to take effect on Monday evening"),
])

# 16 --------------------------------------------------------------------------------------
GOLD["philippines-summons-chinese-envoy-over-water-cannon-attack"] = ([
    E("ACCUSE", "PHL", "CHN", "2023-08-08", "The Philippines summoned China's ambassador on Tuesday and handed him a protest note", mode="disapprove"),
    E("ASSAULT", "CHN", "PHL", "2023-08-05", "Two Chinese coast guard ships fired water cannon on Saturday at one of two chartered boats", mode="crowd-control", loc="Second Thomas Shoal", alt=["COERCE"]),
    E("REQUEST", "CHN", "PHL", "2023-08-07", "The Chinese embassy in Manila urged the Philippines on Monday to tow away the grounded warship", mode="change"),
    E("REJECT", "PHL", "CHN", None, "which Manila has refused to remove", mode="change"),
    E("ACCUSE", "USA", "CHN", "2023-08-06", 'said on Sunday that China\'s actions were "dangerous"', mode="disapprove"),
    E("ACCUSE", "JPN", "CHN", None, "Japan, Australia and the European Union also expressed concern over the Chinese action.", mode="disapprove"),
    E("ACCUSE", "AUS", "CHN", None, "Japan, Australia and the European Union also expressed concern over the Chinese action.", mode="disapprove"),
    E("ACCUSE", "EU", "CHN", None, "Japan, Australia and the European Union also expressed concern over the Chinese action.", mode="disapprove"),
    E("REJECT", "CHN", "USA", "2023-08-07", "Beijing's foreign ministry spokesperson rejected the U.S. criticism on Monday"),
    E("AGREE", "ASEAN", "CHN", "2023-07", "agreed with China on guidelines to speed up negotiations on a code of conduct in the South China Sea", loc="Jakarta", sym=True),
    E("COOPERATE", "PHL", "USA", "2023-08-07", "The Philippines and the United States began joint naval drills near the island of Palawan on Monday", loc="Palawan", sym=True),
    E("COOPERATE", "PHL", "USA", "2023-04", "Manila in April named four new military sites where U.S. forces may be rotated", sym=True),
    # optional
    E("ACCUSE", "CHN", "PHL", None, "which it said had illegally entered Chinese waters", opt=True),
    E("THREATEN", "USA", "CHN", "2023-08-06", "reaffirmed that an armed attack on Philippine vessels would invoke U.S. defence commitments", opt=True),
    E("SUPPORT", "USA", "PHL", "2023-08-06", "reaffirmed that an armed attack on Philippine vessels would invoke U.S. defence commitments", opt=True),
    E("ACCUSE", "CHN", "USA", "2023-08-07", "saying Washington had no right to interfere in maritime issues between China and the Philippines", opt=True),
    E("CONSULT", "ASEAN", "CHN", "2023-07", "Foreign ministers of the Association of Southeast Asian Nations (ASEAN), meeting in Jakarta last month", mode="multilateral", loc="Jakarta", sym=True, opt=True),
    E("ACCUSE", None, "CHN", "2016", "An international tribunal in The Hague ruled in 2016 that China's expansive claims in the South China Sea had no legal basis", opt=True),
], [
    T("dateline: Reuters is the reporting agency", "MANILA, Aug 8 (Reuters) --"),
    T("Xinhua is a news agency cited as a source", "the Xinhua news agency reported"),
    T("negated recognition", "a decision Beijing does not recognise"),
])

# 17 --------------------------------------------------------------------------------------
GOLD["eu-mercosur-seal-trade-deal-in-montevideo-over-french-objections"] = ([
    E("CONSULT", "EU", "URY", "2024-12-06", "The head of the European Commission flew to the Uruguayan capital for a summit with the leaders of Brazil, Argentina, Uruguay and Paraguay", mode="visit", loc="Montevideo"),
    E("REJECT", "FRA", "EU", "2024-12-06", "the Elysee said on Friday the deal was “unacceptable in its current form.”"),
    E("PROTEST", "FRA", "EU", "2024-11", "French farmers blocked roads in Strasbourg last month in protest against the pact", mode="obstruct", loc="Strasbourg"),
    E("REQUEST", "EU", "BRA", None, "Brussels had demanded additional environmental commitments", mode="change"),
    E("REJECT", "BRA", "EU", "2023", "which Brazil rejected last year as “unacceptable threats” of sanctions", mode="change"),
    E("CONSULT", "DEU", "BRA", "2024-12-05", "The German chancellor spoke by phone with Brazil’s president on Thursday", mode="phone", sym=True),
    E("SUPPORT", "URY", "CHN", "2024-11", "Uruguay signed a memorandum with China in November to study a bilateral free trade agreement", sym=True, alt=["AGREE"]),
    # optional
    E("AGREE", "EU", None, "2024-12-06", "The European Union and the South American Mercosur bloc concluded negotiations on Friday on a free trade agreement", loc="Montevideo", opt=True, alt=["COOPERATE", "SUPPORT"]),
    E("AGREE", "EU", "BRA", "2024-12-06", "concluded negotiations on Friday on a free trade agreement", sym=True, opt=True, alt=["COOPERATE", "SUPPORT"]),
    E("AGREE", "EU", "ARG", "2024-12-06", "concluded negotiations on Friday on a free trade agreement", sym=True, opt=True, alt=["COOPERATE", "SUPPORT"]),
    E("AGREE", "EU", "URY", "2024-12-06", "concluded negotiations on Friday on a free trade agreement", sym=True, opt=True, alt=["COOPERATE", "SUPPORT"]),
    E("AGREE", "EU", "PRY", "2024-12-06", "concluded negotiations on Friday on a free trade agreement", sym=True, opt=True, alt=["COOPERATE", "SUPPORT"]),
    E("CONSULT", "EU", "BRA", "2024-12-06", "for a summit with the leaders of Brazil, Argentina, Uruguay and Paraguay", mode="multilateral", sym=True, opt=True),
    E("CONSULT", "EU", "ARG", "2024-12-06", "for a summit with the leaders of Brazil, Argentina, Uruguay and Paraguay", mode="multilateral", sym=True, opt=True),
    E("CONSULT", "EU", "PRY", "2024-12-06", "for a summit with the leaders of Brazil, Argentina, Uruguay and Paraguay", mode="multilateral", sym=True, opt=True),
    E("THREATEN", "FRA", "EU", None, "France has said it will try to block it", opt=True),
    E("REJECT", "POL", "EU", None, "Poland and Austria have also voiced opposition.", opt=True),
    E("REJECT", "AUT", "EU", None, "Poland and Austria have also voiced opposition.", opt=True),
    E("SUPPORT", "BRA", "EU", None, "called it “historic”", opt=True),
    E("AGREE", "BRA", "EU", None, "said it would be signed next year", opt=True),
    E("THREATEN", "ARG", None, None, "had earlier threatened to pull out of Mercosur", opt=True),
    E("PROTEST", "FRA", None, "2024-11", "French farmers blocked roads in Strasbourg last month", opt=True),
    E("PROTEST", "FRA", "FRA", "2024-11", "French farmers blocked roads in Strasbourg last month", opt=True),
    E("ACCUSE", "BRA", "EU", "2023", "“unacceptable threats” of sanctions", opt=True),
    E("SUPPORT", "ESP", "EU", None, "Spain’s prime minister praised the deal as a “historic milestone.”", opt=True),
    E("AGREE", "EU", None, None, "The European Commission also pledged 1.8 billion euros in investment for Mercosur countries", opt=True, alt=["AID", "COOPERATE"]),
], [
    T("question: no blocking minority formed", "Can Paris muster a blocking minority among EU governments?"),
    T("never ratified: no SUPPORT for the 2019 agreement", "it was never ratified amid European concerns over deforestation in the Amazon"),
    T("Mercosur is not a coded actor; the trade deal itself is optional only", "The European Union and the South American Mercosur bloc concluded negotiations"),
    T("conditional threat by Argentina against Mercosur (optional only)", "if the bloc did not allow members to negotiate their own trade deals"),
])

# 18 --------------------------------------------------------------------------------------
GOLD["first-aid-flights-land-in-tonga-after-eruption"] = ([
    E("AID", "NZL", "TON", "2022-01-20", "The first aid flights from New Zealand and Australia landed at Fua'amotu International Airport in Tonga on Thursday", loc="Fua'amotu"),
    E("AID", "AUS", "TON", "2022-01-20", "The first aid flights from New Zealand and Australia landed at Fua'amotu International Airport in Tonga on Thursday", loc="Fua'amotu"),
    E("AID", "NZL", "TON", None, "New Zealand had earlier pledged an initial NZ$1 million (about $680,000) in emergency funding", amt=680000, alt=["AGREE"]),
    E("AID", "AUS", "TON", None, "Australia committed A$1 million", alt=["AGREE"]),
    E("AGREE", "JPN", "TON", None, "Japan said it would send two C-130 aircraft from its Self-Defense Forces", alt=["AID"]),
    E("AGREE", "CHN", "TON", None, "China's embassy said Beijing would provide emergency supplies including water and food", alt=["AID"]),
    E("AID", "USA", "TON", None, "The United States announced $100,000 in immediate assistance.", amt=100000, alt=["AGREE"]),
    E("AID", "IND", "TON", "2022-01-19", "India on Wednesday announced $200,000 in immediate relief for Tonga.", amt=200000, alt=["AGREE"]),
    E("AID", "WB", "TON", None, "The World Bank approved a grant of $8 million", amt=8e6),
    E("CONSULT", "FJI", "TON", "2022-01-19", "Fiji's prime minister spoke with Tonga's king on Wednesday by satellite phone", mode="phone", sym=True),
    # optional
    E("MOBILIZE", "NZL", "TON", "2022-01-18", "The New Zealand navy ship HMNZS Wellington arrived on Tuesday with hydrographic teams and a helicopter", opt=True, alt=["AID"]),
    E("AGREE", None, "TON", None, "the Asian Development Bank said it was preparing additional support", opt=True, alt=["AID"]),
    E("REQUEST", "TON", None, None, "Tonga's government has asked for help with water supplies", mode="assist", opt=True),
    E("REJECT", "TON", None, None, "will not accept foreign personnel on the ground", opt=True),
    E("AID", "WHO", "TON", None, "The World Health Organization said it was sending medical supplies from its warehouse in Fiji", opt=True, alt=["AGREE"]),
], [
    T("negated request", "We have not requested any search and rescue teams"),
    T("natural disaster, no actor", "an undersea volcanic eruption and tsunami devastated the Pacific island kingdom"),
])

# 19 --------------------------------------------------------------------------------------
GOLD["colombia-resumes-eln-peace-talks-in-havana"] = ([
    E("CONSULT", "COL", "CUB", "2026-03-03", "Colombia's foreign minister travelled to Havana for the opening session and held talks with his Cuban counterpart on Tuesday", mode="visit", loc="Havana"),
    E("AGREE", "CUB", "COL", None, "Havana would keep hosting the negotiations for as long as both parties wished"),
    E("SANCTION", "USA", "CUB", "2025", "returned Cuba to its list of state sponsors of terrorism last year", mode="discontinue"),
    E("ACCUSE", "USA", "COL", None, "criticised Bogotá's decision to resume the talks", mode="disapprove"),
    E("REQUEST", "COL", "VEN", None, "Colombia's president has also asked Venezuela to act as a guarantor", mode="assist"),
    E("AGREE", "VEN", "COL", "2026-03-02", "Venezuela's foreign minister said on Monday that Caracas was ready to host a future round of talks"),
    E("CONSULT", "COL", "VEN", "2026-03-01", "Colombia's president spoke by phone with his Venezuelan counterpart on Sunday", mode="phone", sym=True),
    E("AGREE", "NOR", "COL", None, "Oslo would contribute 50 million Norwegian crowns to a U.N.-administered fund to support the peace process in Colombia", alt=["AID"]),
    E("ACCUSE", "COL", "VEN", "2025-10", "Colombia accused Venezuela of allowing the rebels to operate from its territory", mode="allege"),
    # optional
    E("CONSULT", "COL", None, "2026-03-03", "Colombian government negotiators and the National Liberation Army (ELN) resumed peace talks in Havana on Tuesday", loc="Havana", opt=True),
    E("CONSULT", "COL", "CUB", "2026-03-03", "with Cuba and Norway acting as guarantors", opt=True, sym=True),
    E("CONSULT", "COL", "NOR", "2026-03-03", "with Cuba and Norway acting as guarantors", opt=True, sym=True),
    E("RETREAT", None, "COL", "2026-03-02", "The ELN freed six hostages", mode="release", opt=True),
    E("SUPPORT", "COL", "CUB", "2026-03-03", 'thanking Cuba for its "unwavering support" for peace in Colombia', opt=True),
    E("REJECT", "CUB", "USA", None, "Havana's refusal to extradite ELN leaders living on the island", opt=True),
    E("REJECT", "CUB", "COL", None, "Havana's refusal to extradite ELN leaders living on the island", opt=True),
    E("AGREE", "NOR", "UN", None, "Oslo would contribute 50 million Norwegian crowns to a U.N.-administered fund", opt=True, alt=["AID"]),
    E("ASSAULT", None, "COL", "2025-10", "an ELN attack on a military base in Arauca killed four soldiers", opt=True),
    E("REQUEST", "UN", None, None, "called on the ELN to free all remaining captives", opt=True),
    E("SUPPORT", "UN", "COL", None, "The U.N. verification mission in Colombia welcomed the release of the hostages", opt=True),
], [
    T("denial: Venezuela sheltering the ELN is not coded", "Caracas denied sheltering the guerrillas."),
    T("negated: Mexico sent no delegation", "Mexico, another guarantor, did not send a delegation to Havana this week"),
    T("ELN is a non-state actor: the hostage release is optional only", "The ELN freed six hostages"),
])

# 20 --------------------------------------------------------------------------------------
GOLD["armenia-azerbaijan-sign-border-protocol-in-tbilisi"] = ([
    E("SUPPORT", "ARM", "AZE", "2025-08-11", "The foreign ministers of Armenia and Azerbaijan signed a protocol on Monday on the delimitation of a 12-km section of their shared border", loc="Tbilisi", sym=True, alt=["AGREE"]),
    E("CONSULT", "ARM", "AZE", "2025-08-11", "at a ceremony in Tbilisi hosted by Georgia's prime minister", mode="third-party", loc="Tbilisi", sym=True),
    E("CONCEDE", "ARM", "AZE", "2025-08-11", "Armenia will hand over to Azerbaijani control two uninhabited hilltops near the village of Kirants", alt=["AGREE"]),
    E("CONCEDE", "AZE", "ARM", "2025-08-11", "Azerbaijan will withdraw its troops from a position overlooking an Armenian highway within 30 days", alt=["AGREE"]),
    E("CONSULT", "EU", "ARM", "2025-08-12", "The EU's foreign policy chief spoke by phone with both foreign ministers on Tuesday", mode="phone", sym=True),
    E("CONSULT", "EU", "AZE", "2025-08-12", "The EU's foreign policy chief spoke by phone with both foreign ministers on Tuesday", mode="phone", sym=True),
    E("CONSULT", "TUR", "ARM", "2025-07", "Turkish and Armenian special envoys met at the Alican-Margara border crossing in July", loc="Alican-Margara", sym=True),
    E("REQUEST", "AZE", "ARM", None, "Azerbaijan's president has demanded that Armenia amend its constitution", mode="change"),
    E("REJECT", "ARM", "AZE", None, "Yerevan has rejected the demand", mode="change"),
    E("SUPPORT", "ARM", "PSE", "2024", "It formally recognised the State of Palestine last year"),
    E("ACCUSE", "ISR", "ARM", "2024", "prompting Israel to summon Armenia's ambassador", mode="disapprove"),
    # optional
    E("CONSULT", "GEO", "ARM", "2025-08-11", "hosted by Georgia's prime minister", loc="Tbilisi", sym=True, opt=True),
    E("CONSULT", "GEO", "AZE", "2025-08-11", "hosted by Georgia's prime minister", loc="Tbilisi", sym=True, opt=True),
    E("PROTEST", "ARM", "ARM", "2025-08-11", "Several thousand people rallied in Yerevan on Monday evening against the deal", mode="demo", loc="Yerevan", opt=True),
    E("PROTEST", "ARM", None, "2025-08-11", "Several thousand people rallied in Yerevan on Monday evening against the deal", mode="demo", loc="Yerevan", opt=True),
    E("COERCE", "ARM", "ARM", "2025-08-11", "Police detained 38 protesters who tried to block a highway", mode="arrest", opt=True),
    E("COERCE", "ARM", None, "2025-08-11", "Police detained 38 protesters who tried to block a highway", mode="arrest", opt=True),
    E("ACCUSE", "RUS", "GEO", None, "Russia's foreign ministry criticised the choice of venue", opt=True),
    E("ACCUSE", "RUS", "ARM", None, "Russia's foreign ministry criticised the choice of venue", opt=True),
    E("ACCUSE", "RUS", "AZE", None, "Russia's foreign ministry criticised the choice of venue", opt=True),
    E("ACCUSE", "RUS", None, None, '"outside players" were trying to push Russia out of the region', opt=True),
    E("AGREE", "RUS", "ARM", None, "Moscow had offered to host the signing", opt=True),
    E("AGREE", "RUS", "AZE", None, "Moscow had offered to host the signing", opt=True),
    E("COOPERATE", "EU", "ARM", "2023-02", "has kept about 200 civilian monitors on the Armenian side of the border since February 2023", opt=True, alt=["AID", "MOBILIZE"]),
    E("SUPPORT", "EU", "ARM", None, "welcomed the signing", opt=True),
    E("SUPPORT", "EU", "AZE", None, "welcomed the signing", opt=True),
    E("AGREE", "TUR", "ARM", None, "said it would move to normalise relations with Armenia once a peace treaty was signed", opt=True),
    E("ASSAULT", "AZE", None, "2023-09", "which Azerbaijani forces retook in a lightning offensive in September 2023", opt=True),
    E("ASSAULT", "AZE", "ARM", "2023-09", "which Azerbaijani forces retook in a lightning offensive in September 2023", opt=True),
    E("AGREE", "GEO", "ARM", None, "Tbilisi stood ready to host further rounds of talks between its two neighbours", opt=True),
    E("AGREE", "GEO", "AZE", None, "Tbilisi stood ready to host further rounds of talks between its two neighbours", opt=True),
    E("REJECT", "IRN", None, None, "said it opposed any change to international borders in the region", opt=True),
    E("SANCTION", "ARM", None, None, "has frozen its participation in the Russian-led Collective Security Treaty Organization", mode="withdraw", opt=True),
    E("SANCTION", "ARM", "RUS", None, "has frozen its participation in the Russian-led Collective Security Treaty Organization", mode="withdraw", opt=True),
], [
    T("negated consultation: the Kremlin was not informed", "The Kremlin said on Tuesday it had not been informed of the final text in advance."),
    T("conditional promise (optional only)", "once a peace treaty was signed"),
])

# 21 --------------------------------------------------------------------------------------
GOLD["poland-to-send-more-troops-to-belarus-border"] = ([
    E("ACCUSE", "POL", "BLR", "2023-08-01", "The foreign ministry summoned Belarus's charge d'affaires on Tuesday over the incident", mode="disapprove"),
    E("ACCUSE", "BLR", "POL", None, "accused Warsaw of inventing the violation to justify a military build-up", mode="allege"),
    E("MOBILIZE", "POL", "BLR", "2023-07", "The ministry said in July it had moved two army brigades toward the eastern frontier", mode="troops"),
    E("THREATEN", "POL", "BLR", None, "Poland, Lithuania and Latvia have warned they could close their borders with Belarus completely", mode="restrict"),
    E("THREATEN", "LTU", "BLR", None, "Poland, Lithuania and Latvia have warned they could close their borders with Belarus completely", mode="restrict"),
    E("THREATEN", "LVA", "BLR", None, "Poland, Lithuania and Latvia have warned they could close their borders with Belarus completely", mode="restrict"),
    E("ACCUSE", "BLR", "NATO", None, "accused NATO of provoking tension by holding exercises near its borders", mode="allege"),
    E("SANCTION", "POL", "BLR", "2023-02", "Warsaw closed the last road border crossing with Belarus for trucks in February", mode="discontinue", alt=["COERCE"]),
    E("SANCTION", "EU", "BLR", None, "The European Union has imposed several rounds of sanctions on Minsk", mode="discontinue"),
    # optional
    E("ACCUSE", "POL", "BLR", "2023-08-01", "it accused two Belarusian military helicopters of violating its airspace", opt=True),
    E("MOBILIZE", "POL", "BLR", "2023-08-04", "Poland said on Friday it would send around 1,000 additional troops to its border with Belarus", opt=True, alt=["THREATEN"]),
    E("MOBILIZE", "POL", None, "2023-08-04", "Poland said on Friday it would send around 1,000 additional troops to its border with Belarus", opt=True),
    E("MOBILIZE", "POL", None, "2023-07", "it had moved two army brigades toward the eastern frontier", opt=True),
    E("CONSULT", "LTU", "POL", "2023-08-03", "the three countries were coordinating their response", sym=True, opt=True),
    E("CONSULT", "LTU", "LVA", "2023-08-03", "the three countries were coordinating their response", sym=True, opt=True),
    E("CONSULT", "POL", "LVA", "2023-08-03", "the three countries were coordinating their response", sym=True, opt=True),
    E("COOPERATE", "NATO", "LTU", "2023-07", "NATO troops held an exercise in Lithuania in July involving 2,000 soldiers.", sym=True, opt=True),
    E("MOBILIZE", "NATO", None, "2023-07", "NATO troops held an exercise in Lithuania in July involving 2,000 soldiers.", opt=True),
    E("ACCUSE", "RUS", "POL", None, 'which he called "a cause for concern."', opt=True),
    E("COERCE", "BLR", "POL", None, "a Belarusian court sentenced a journalist from the country's Polish minority to eight years in prison", opt=True),
    E("SANCTION", "BLR", "POL", None, "a Belarusian court sentenced a journalist from the country's Polish minority to eight years in prison", opt=True),
], [
    T("dateline: Anadolu is the reporting agency", "WARSAW, Aug 4 (Anadolu) --"),
    T("denial: the helicopter incursion is denied (no MOBILIZE/COERCE by Belarus)", "Minsk denied that its helicopters had entered Polish airspace"),
    T("conditional: the borders were not closed (no SANCTION)", "if there were a \"critical incident\" involving Wagner fighters"),
    T("Tass is a news agency cited as a source", "Russia's Tass news agency quoted a Kremlin spokesman"),
    T("planned EU meeting", "EU foreign ministers are expected to discuss new measures at an informal meeting in Toledo, Spain"),
])

# 22-24: distractors ----------------------------------------------------------------------
GOLD["copper-hits-seven-year-high-as-chile-peru-output-slips"] = ([], [
    T("distractor: market report, trade statistics are not diplomacy", "Chinese imports of copper ore and concentrate hit a record in October"),
    T("distractor: a domestic lockdown, no foreign target", "after the government imposed one of the world’s strictest lockdowns between March and June"),
    T("distractor: the buyers are companies, not a state", "China is buying everything it can get"),
])
GOLD["ireland-beat-france-in-six-nations-opener"] = ([], [
    T("distractor: a rugby fixture, not a visit", "France host Scotland in Paris next Saturday."),
    T("distractor: sports discipline, not a SANCTION", "a disciplinary panel sanctioned him on Sunday evening"),
    T("distractor: a match result, not an assault", "Italy beat Wales 22-17"),
    T("distractor: a team's trip, not a visit", "we have to go to England next week"),
])
GOLD["ancient-ice-core-from-antarctica-reveals-climate-record"] = ([], [
    T("distractor: university researchers, not a state cooperation", "The researchers, from universities in Australia, Germany, Japan and the United States"),
    T("distractor: scientific survey, no actor pair", "teams from China and Russia are surveying other parts of the East Antarctic plateau"),
])


def utc(ts: str) -> str:
    return dt.datetime.fromisoformat(ts).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build() -> dict:
    out = []
    by_slug = {a["slug"]: a for a in ARTICLES}
    assert set(by_slug) == set(GOLD), set(by_slug) ^ set(GOLD)
    for a in ARTICLES:
        events, traps = GOLD[a["slug"]]
        out.append({"slug": a["slug"], "title": a["title"], "published": utc(a["published"]),
                    "events": events, "traps": traps})
    return {"version": 1, "articles": out}


if __name__ == "__main__":
    doc = build()
    (HERE / "gold.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n = sum(len(a["events"]) for a in doc["articles"])
    print(f"{len(doc['articles'])} articles, {n} events -> gold.json")
