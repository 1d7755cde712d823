"""Texts of the held-out articles (original, written for this test set; all people named are
invented). make_pages.py renders them into pages/<slug>.html; gold.json annotates them.

Paragraphs are separated by blank lines; [[text|url]] marks an in-body link.
"""
from __future__ import annotations


def P(block: str) -> list[str]:
    return [" ".join(p.split()) for p in block.strip().split("\n\n")]


ARTICLES = []

# 1 ------------------------------------------------------------------------ East Asia, wire
ARTICLES.append(dict(
    slug="skorea-japan-foreign-ministers-first-talks-in-14-months",
    template="wire", id="20210303004551315", agency_code="AEN", agency_tag="END",
    section="Politics",
    title="(LEAD) S. Korea, Japan foreign ministers hold first in-person talks in 14 months",
    published="2021-03-03T17:42:00+09:00", display_date="2021-03-03 17:42",
    caption="South Korean Foreign Minister Park Seong-ho (L) and his Japanese counterpart Kenji Morita pose for a photo before their talks. (Yonhap)",
    tags=["S. Korea", "Japan", "export curbs", "forced labor"],
    related=["N. Korea slams joint drills as 'rehearsal for war'",
             "Japan, China agree to set up defense hotline at summit",
             "U.S. envoy to visit Seoul next week for talks on alliance costs",
             "Seoul summons Japanese diplomat over Dokdo claims in textbook"],
    recent=["BTS tops Billboard chart again", "Samsung Q1 profit seen up 40 pct",
            "Unification minister calls for resumption of family reunions"],
    paragraphs=P("""
SEOUL, March 3 (Yonhap) -- South Korea's foreign minister held talks with his Japanese counterpart in Tokyo on Wednesday, the first face-to-face meeting between the two top diplomats in 14 months, as the neighbors seek to mend relations strained by disputes over wartime history and trade, Seoul's foreign ministry said.

Foreign Minister Park Seong-ho, who arrived in the Japanese capital on Tuesday for a two-day visit, and Japanese Foreign Minister Kenji Morita agreed to speed up working-level consultations on compensation for Koreans forced to work for Japanese companies during World War II, according to the ministry.

The two sides also agreed to consider resuming the regular exchange of visits by their leaders, known as "shuttle diplomacy," which has been suspended since late 2018.

During the 90-minute meeting, Park urged Tokyo to scrap its 2019 restrictions on exports to South Korea of three materials vital to the production of semiconductors and display panels, calling the measures "unjust retaliation" for South Korean court rulings, a ministry official told reporters on condition of anonymity.

Morita did not respond directly to the request, the official said. Speaking to Japanese reporters after the meeting, however, he said Tokyo had "no intention at this stage" of easing the controls, which Japan has said were imposed for national security reasons.

Japan's Kyodo News agency reported that Morita had also raised the case of a Japanese fishing boat seized by South Korean coast guard vessels near the Dokdo islets last month. The ministry in Seoul declined to comment on the report.

Relations between the two U.S. allies sank to their lowest point in decades after South Korea's Supreme Court in October 2018 ordered Japanese companies to compensate former laborers. Tokyo tightened the export controls in July 2019, and Seoul responded the following month by removing Japan from its list of trusted trading partners.

The United States has repeatedly urged its two key Asian allies to improve ties to strengthen trilateral cooperation in the face of North Korea's nuclear threat. Park spoke by phone with the U.S. secretary of state on Friday and is expected to visit Washington later this month, the ministry said.

North Korea, meanwhile, did not respond to Seoul's proposal last week for talks on reuniting families separated by the 1950-53 Korean War, a unification ministry spokesperson said Wednesday.
"""),
))

# 2 ------------------------------------------------------------------------ Europe, WordPress
ARTICLES.append(dict(
    slug="estonia-expels-two-russian-diplomats-kremlin-vows-response",
    template="wp", id=48211, section="Europe", byline="Maarja Tamm",
    title="Estonia expels two Russian diplomats; Kremlin vows ‘adequate response’",
    published="2023-02-14T16:20:00+02:00", modified="2023-02-15T09:02:11+02:00",
    display_date="February 14, 2023",
    caption="The Russian embassy on Pikk street in Tallinn’s old town. Photo: Northern Dispatch",
    tags=["Estonia", "Russia", "NATO", "expulsions"],
    related=["Latvia summons Belarusian chargé over border incident",
             "Finland and Sweden hold NATO talks with Turkey in Brussels",
             "Lithuania bans Russian-registered cars from entering the country"],
    recent=["EU agrees tenth sanctions package against Moscow",
            "Polish president meets Biden in Warsaw",
            "Tallinn city council approves tram line extension",
            "Opinion: The Baltic states cannot wait for Berlin"],
    paragraphs=P("""
Estonia on Tuesday ordered two Russian diplomats to leave the country within a week, accusing them of gathering intelligence on NATO troop movements and of spreading propaganda that undermined the Baltic state’s security.

Foreign Minister Kadri Lepik said the pair, a counsellor and a second secretary at the embassy in Tallinn, had been declared persona non grata. The Russian ambassador was summoned to the ministry on Tuesday morning and handed a protest note, she said.

“Russia’s diplomats are welcome to do diplomacy. They are not welcome to do the work of the intelligence services,” Lepik told reporters in Tallinn.

The Kremlin said it would respond. “There will certainly be an adequate response; the principle of reciprocity has not been cancelled,” Kremlin spokesman Oleg Demin told reporters in Moscow on Tuesday, without giving details. Russia’s foreign ministry said it regarded the expulsions as “a provocation” and accused Tallinn of “Russophobic hysteria,” the state news agency RIA Novosti reported.

Estonia’s allies quickly rallied behind the decision. Latvia and Lithuania issued a joint statement on Tuesday expressing “full solidarity” with Tallinn, and the European Union’s foreign policy chief said Brussels stood “shoulder to shoulder” with Estonia.

It was the third time in 18 months that Estonia has expelled Russian diplomats. In January, Tallinn ordered Russia’s ambassador to leave, and Moscow retaliated by expelling Estonia’s envoy and downgrading relations to the level of chargés d’affaires.

Lepik said Estonia had not closed Russia’s consulate in Narva, a mostly Russian-speaking border city, but could do so “if the hostile activity continues.”

The expulsions come as NATO steps up its presence on the alliance’s eastern flank. About 300 British troops arrived at the Tapa base in central Estonia last week to join a multinational battlegroup, and U.S. HIMARS rocket launchers took part in a joint exercise with Estonian forces in December.

Lepik denied that Tallinn planned to expel more diplomats in the coming weeks. “We are not seeking escalation. We are protecting our country,” she said.

Russia’s embassy in Tallinn did not immediately respond to a request for comment.
"""),
))

# 3 ------------------------------------------------------------------------ South Asia, split
ARTICLES.append(dict(
    slug="imf-approves-sri-lanka-bailout-china-india-back-debt-deal",
    template="split", id="srilanka-imf-0321", section="Asia", byline="Dilani Perera",
    title="IMF approves $3 billion bailout for Sri Lanka as China, India back debt deal",
    published="2023-03-21T09:35:00+05:30", modified="2023-03-21T14:10:00+05:30",
    display_date="March 21, 2023 9:35 AM GMT+5:30",
    ticker="Oil falls as banking fears weigh on demand outlook",
    caption="People queue outside a fuel station in Colombo during last year's shortages.",
    photo_credit="Global Wire Today/Archive",
    related=["India, China hold border talks as troops stay put",
             "Pakistan, IMF fail to agree on bailout review",
             "Maldives president visits Beijing, signs infrastructure deals",
             "Bangladesh seeks $4.5 billion loan from fund"],
    split=4,
    paragraphs=P("""
COLOMBO -- The International Monetary Fund's executive board on Monday approved a 48-month loan of about $3 billion for Sri Lanka, clearing the way for the crisis-hit island nation to unlock further financing from the World Bank and the Asian Development Bank.

The approval followed months of negotiations with Sri Lanka's main bilateral creditors, including China, India and Japan, which had to provide financing assurances before the fund could release its money. Under the arrangement, the IMF will disburse an initial tranche of around $330 million immediately.

President Ranjan Wickramasuriya thanked the fund and the creditor nations in a televised address on Tuesday, saying the deal would restore Sri Lanka's credibility with investors. "We are no longer a bankrupt country in the eyes of the world," he said.

India, which extended about $4 billion in emergency credit lines and currency swaps to its southern neighbour last year, was the first creditor to give the IMF the required assurances in January. China's Export-Import Bank followed this month, offering a two-year moratorium on debt payments.

Japan, the country's largest bilateral lender after China, said it would lead a creditors' committee with India and France to restructure roughly $5.9 billion in official loans. Tokyo also extended a 4.1 billion yen grant for fertiliser and medical supplies in February, the Japanese embassy in Colombo said.

The World Bank's board is expected to consider a $700 million budget support package next month, a bank official said, while the Asian Development Bank has pledged up to $350 million.

Sri Lanka defaulted on its foreign debt in April last year after its foreign exchange reserves ran dry, triggering months of street protests that forced the then-president to flee the country and resign.

China's state news agency Xinhua quoted an embassy spokesperson as saying Beijing "firmly supports" Colombo's efforts to stabilise its economy. But Beijing has not agreed to take a haircut on the principal of its loans, and the G20's Common Framework for debt treatment does not cover Sri Lanka, which is classified as a middle-income country. India, which holds the G20 presidency this year, has urged the group to speed up debt relief for middle-income countries such as Sri Lanka.

Opposition lawmakers criticised the IMF's conditions, which include steep tax increases and electricity price rises, and called on the government to renegotiate them.
"""),
))

# 4 ------------------------------------------------------------------------ Middle East, portal
ARTICLES.append(dict(
    slug="iran-frees-french-teacher-in-oman-brokered-prisoner-swap",
    template="portal", id="a8d31f", section="World", byline="Camille Roux, Paris",
    title="Iran frees French teacher in Oman-brokered prisoner swap",
    standfirst="Paris releases Iranian engineer jailed over U.S. sanctions breaches; two other French nationals remain held",
    published="2024-06-13T13:10:00+02:00", display_date="Thu 13 June 2024 13.10 CEST",
    caption="Relatives of detained French nationals at a vigil in Paris last year.",
    photo_credit="Photograph: Ledger Pictures",
    inline_related="Iran sentences Swedish EU diplomat to life in prison",
    inline_after=2,
    related=["Oman hosts indirect U.S.-Iran talks on Gaza",
             "Belgium and Iran swap prisoners in Muscat",
             "Macron calls Raisi to demand release of French citizens"],
    paragraphs=P("""
Iran on Wednesday freed a French schoolteacher who had been held in Tehran's Evin prison for nearly two years, in exchange for an Iranian engineer jailed in France for breaching U.S. sanctions, in a swap mediated by Oman, officials in Paris and Muscat said.

Claire Vidal, 34, who was arrested in May 2022 while on holiday and later convicted of espionage, landed in Muscat aboard an Omani government plane on Wednesday evening before continuing to Paris, the Omani foreign ministry said in a statement.

In a post on X on Wednesday night, the French president thanked Oman's sultan for his "decisive mediation" and said France would keep working for the release of two other French citizens still detained in Iran.

Iran's judiciary confirmed the exchange on Thursday, describing the released Iranian, Reza Kamali, as an "innocent hostage of Washington's illegal sanctions." Kamali had been arrested at Nice airport in 2022 at the request of the United States, which had sought his extradition.

Omani mediators had held several rounds of indirect talks with French and Iranian officials in Muscat in recent months, a diplomat familiar with the negotiations said. Oman has brokered a series of prisoner exchanges involving Iran, including a swap with Belgium last year.

France has accused Tehran of pursuing "hostage diplomacy" by detaining foreigners to extract concessions from the West, a charge Iran rejects. The European Union in April imposed sanctions on six Iranian officials it held responsible for arbitrary detentions, freezing their assets in the bloc.

Two other French nationals, a couple arrested in 2022 during a visit to Iran, remain in detention. Tehran did not release them as part of Wednesday's deal, despite repeated appeals from Paris, and Iran's foreign ministry spokesperson on Thursday dismissed French demands for their immediate release as "interference in judicial matters."

Oman's foreign minister is expected to visit Paris later this month, a French diplomatic source said.
"""),
))

# 5 ------------------------------------------------------------------------ Africa, africa
ARTICLES.append(dict(
    slug="congo-rwanda-foreign-ministers-meet-in-luanda",
    template="africa", id="109342", section="Politics", byline="Patrick Mbuyi",
    title="Congo, Rwanda foreign ministers meet in Luanda as Angola pushes peace plan",
    published="2024-02-20T15:30:00+01:00", display_date="Tuesday, February 20, 2024",
    caption="Displaced families at a camp on the outskirts of Goma, North Kivu.",
    tags=["DRC", "Rwanda", "M23", "Angola"],
    subheads={4: "Sanctions and appeals"},
    related=["Burundi closes border with Rwanda, accuses Kigali of backing rebels",
             "SADC leaders meet in Windhoek on eastern Congo",
             "Kenya's president to host East African summit on Congo crisis"],
    recent=["Nigeria's naira hits record low", "Ethiopian Airlines orders 20 new jets",
            "AFCON: Ivory Coast crowned champions"],
    paragraphs=P("""
LUANDA -- The foreign ministers of the Democratic Republic of Congo and Rwanda met in Luanda on Monday for talks hosted by Angola's president, the first direct contact between the two governments since fighting intensified in eastern Congo in January.

Angola's foreign minister, Teresa Dias, said after the closed-door session that both sides had agreed to set up a joint verification mechanism to monitor a ceasefire along the border and to meet again in March.

Congo accuses Rwanda of sending troops and weapons to support the M23 rebel group, which has seized large parts of North Kivu province and has advanced to within 20 km of the provincial capital, Goma. A report by United Nations experts published in December said it had "substantial evidence" that Rwandan army units were fighting alongside the rebels.

Kigali has denied sending troops into Congo and in turn accuses Kinshasa of collaborating with the FDLR, a militia founded by Hutu extremists involved in the 1994 genocide. Rwandan Foreign Minister Jean-Pierre Nsengiyumva told reporters in Luanda that Rwanda would "take all necessary measures to defend its territory" if the threat persisted.

The United States imposed sanctions last week on a senior Rwandan army commander it accused of overseeing support for M23, freezing any assets he holds in U.S. jurisdictions. Washington has also urged Rwanda to withdraw its troops and surface-to-air missile systems from Congolese territory.

Congo's government last month asked the International Criminal Court to investigate alleged atrocities committed by the rebels and their backers in North Kivu. The court's prosecutor said on Friday that his office was reviewing the request.

The African Union's Peace and Security Council, which met in Addis Ababa on Saturday, urged Kinshasa and Kigali to respect the ceasefire and to return to the Luanda process. The Southern African Development Community has deployed about 2,900 troops from South Africa, Malawi and Tanzania to help Congo's army fight the rebels.

Congo's president had refused to meet Rwanda's leader at an AU summit in Addis Ababa last week, saying there could be no dialogue while Rwandan troops remained on Congolese soil. The two presidents did not meet on the sidelines of the summit, and no date has been set for a meeting.
"""),
))

# 6 ------------------------------------------------------------------------ Latin America, wire
ARTICLES.append(dict(
    slug="venezuela-guyana-leaders-pledge-not-to-use-force-over-essequibo",
    template="wire", id="20231215009800", agency_code="AFP", agency_tag="AFP",
    section="World",
    title="Venezuela, Guyana leaders pledge not to use force over Essequibo after St Vincent talks",
    published="2023-12-15T18:40:00-04:00", display_date="2023-12-15 18:40",
    tags=["Venezuela", "Guyana", "Essequibo", "Brazil"],
    related=["Maduro orders creation of new state after referendum",
             "Brazil's Lula calls for calm in phone call with Guyana's president",
             "Exxon says Guyana output unaffected by border tensions"],
    recent=["Argentina devalues peso by 54 percent", "COP28 ends with deal on fossil fuels",
            "Chile voters reject new constitution"],
    paragraphs=P("""
GEORGETOWN, Dec 15 (AFP) -- The presidents of Venezuela and Guyana agreed on Thursday not to threaten each other or use force in their dispute over the oil-rich Essequibo region, after face-to-face talks on the Caribbean island of St Vincent brokered by Brazil and regional leaders.

The joint declaration, read out by St Vincent's prime minister after more than three hours of talks at Argyle airport, said both sides would "refrain, whether by words or deeds, from escalating any conflict" and would set up a joint commission of foreign ministers to address outstanding issues.

The meeting came after Venezuela held a referendum on Dec. 3 in which voters approved creating a Venezuelan state in Essequibo, which makes up about two-thirds of Guyana's territory. Caracas has since ordered its state oil company to issue licences for oil extraction in the region and published a new official map including the territory.

Guyana's president, speaking to reporters on his return to Georgetown on Friday, said Guyana's sovereignty was "not up for negotiation" and that the border question must be settled by the International Court of Justice, where Guyana filed a case in 2018. Venezuela rejects the court's jurisdiction.

The British patrol ship HMS Trent arrived in Georgetown on Wednesday for joint exercises with Guyana's defence force, a move Caracas condemned as a "provocation."

Venezuela's defence minister on Tuesday announced "defensive" military exercises involving 5,600 troops, aircraft and ships in the eastern state of Sucre, near the border with Guyana. Guyana's foreign ministry said it had summoned Venezuela's ambassador in Georgetown over the manoeuvres.

Could Caracas send troops into Essequibo? Analysts in the region say an invasion remains unlikely, not least because of the dense jungle along the border.

Brazil, which shares borders with both countries, has reinforced its military presence in the northern state of Roraima, and its president spoke by phone with his Venezuelan counterpart on Dec. 9 to urge restraint.

The United States, which held joint air exercises with Guyana's military earlier this month, has said it supports Guyana's territorial integrity. The U.S. Southern Command described the flights as routine.

Washington could reimpose sanctions on Venezuela's oil sector if Caracas takes further steps toward annexation, a State Department spokesperson said, without giving details. The U.S. eased some oil sanctions in October after the Venezuelan government agreed with the opposition to hold competitive elections in 2024.
"""),
))

# 7 ------------------------------------------------------------------------ Pacific, WordPress
ARTICLES.append(dict(
    slug="solomon-islands-pm-meets-australian-counterpart-in-canberra",
    template="wp", id=51377, section="Pacific", byline="Ellie Harper",
    title="Solomon Islands PM meets Australian leader in Canberra, rules out Chinese base",
    published="2022-05-26T17:30:00+10:00", display_date="May 26, 2022",
    caption="Solomon Islands Prime Minister Daniel Tovua arrives at Parliament House in Canberra.",
    tags=["Solomon Islands", "Australia", "China", "security pact"],
    related=["China, Kiribati sign deals as foreign minister starts Pacific tour",
             "Fiji joins U.S.-led Indo-Pacific economic framework",
             "New Zealand, US leaders to meet in Washington next week"],
    recent=["Reserve Bank lifts cash rate", "Wallabies name squad for July tests",
            "Opinion: Canberra has been asleep in the Pacific"],
    paragraphs=P("""
Solomon Islands Prime Minister Daniel Tovua held talks with his Australian counterpart in Canberra on Thursday, seeking to ease concerns over a security pact his government signed with China last month.

Tovua told reporters after the meeting that Honiara would “never” allow a Chinese military base on its territory and that the agreement was limited to policing and disaster relief. “We have not been asked, and we will not agree, to host a foreign base,” he said.

Australia on Thursday announced a package of A$120 million (about $85 million) over three years to fund infrastructure and budget support in the Solomons, and agreed to extend the deployment of Australian police officers in Honiara until the end of 2023.

Australian police and troops were first deployed to Honiara in November last year at Tovua’s request after riots in the capital’s Chinatown district left three people dead.

The security agreement with Beijing, a draft of which was leaked online in March, allows Chinese warships to make stopovers and Chinese police to be deployed at Honiara’s request. Its signing prompted alarm in Washington, Canberra and Wellington. A U.S. delegation led by the White House’s Indo-Pacific coordinator visited Honiara in April to warn that Washington would “respond accordingly” if a Chinese military presence were established.

China’s foreign minister arrived in Kiribati’s capital, Tarawa, on Thursday at the start of a ten-day tour of Pacific island nations. He is due in Honiara on Saturday and is expected to seek a region-wide security and trade agreement at a meeting with Pacific foreign ministers in Fiji next week.

New Zealand’s prime minister, who met Tovua in Wellington last year, said on Wednesday she had raised her concerns about the pact with Beijing directly. Tovua did not meet New Zealand officials on this trip.

The Sydney Morning Herald reported on Thursday that Canberra had also offered to fund a new patrol boat for the Solomons’ police force, but officials declined to confirm the report.
"""),
))

# 8 ------------------------------------------------------------------------ South Asia, split
ARTICLES.append(dict(
    slug="pakistan-expels-indian-envoy-suspends-trade-kashmir",
    template="split", id="pak-india-0809", section="Asia", byline="Asad Rehman and Neha Kapoor",
    title="Pakistan expels Indian envoy, suspends trade as Kashmir row deepens",
    published="2019-08-09T14:20:00+05:00", display_date="August 9, 2019 2:20 PM GMT+5",
    ticker="Pound slides to two-year low on no-deal Brexit fears",
    caption="Pakistani Rangers at the Wagah border crossing near Lahore.",
    photo_credit="Global Wire Today",
    related=["Trump offers to mediate on Kashmir, India says no request made",
             "China, India hold talks on border ahead of summit",
             "Afghan peace talks resume in Doha"],
    split=4,
    paragraphs=P("""
ISLAMABAD -- Pakistan on Wednesday expelled India's high commissioner in protest at New Delhi's decision to revoke the special constitutional status of the Indian-administered portion of Kashmir, deepening a crisis between the nuclear-armed neighbours. Islamabad also suspended bilateral trade with India the same day.

The foreign ministry said Pakistan would downgrade diplomatic relations and would not send its own high commissioner-designate to New Delhi. Pakistan's foreign minister wrote to the president of the U.N. Security Council on Tuesday requesting an urgent meeting on Kashmir.

India's foreign ministry on Thursday urged Islamabad to review the steps "so that normal channels for diplomatic communications are preserved" and said the changes in Kashmir were "entirely an internal matter."

China, a close ally of Pakistan, said on Thursday it was "seriously concerned" about the situation and called on both sides to exercise restraint. Pakistan's foreign minister flew to Beijing on Friday for talks with his Chinese counterpart.

The U.N. secretary-general's spokesman said in New York that the world body was following developments with concern. The United States said it had not been consulted by India before the move, contradicting earlier reports in the Indian media.

Pakistan also suspended the Samjhauta Express train service on Thursday, the railways minister said.

Relations between the neighbours have been frozen since a suicide bombing in Pulwama in February killed 40 Indian paramilitary police. India blamed a Pakistan-based militant group for the attack and withdrew Pakistan's most-favoured-nation trade status days later.

India's army chief said his forces were "fully prepared" along the Line of Control, where the two armies have exchanged fire repeatedly this year. In February, Indian warplanes struck what New Delhi said was a militant training camp near Balakot inside Pakistan, and Pakistan shot down an Indian jet the next day, capturing its pilot. Pakistan freed him on March 1 as a "peace gesture."

Analysts said a military escalation was unlikely in the short term, but warned that the diplomatic freeze could last for months.
"""),
))

# 9 ------------------------------------------------------------------------ Europe / G7, portal
ARTICLES.append(dict(
    slug="g7-leaders-agree-50-billion-loan-for-ukraine-warn-china",
    template="portal", id="c41e07", section="World", byline="Luca Bernardi, Borgo Egnazia",
    title="G7 leaders agree $50bn loan for Ukraine, warn China over support for Russia",
    standfirst="Summit in southern Italy ends with communique on frozen Russian assets, Chinese exports and Iran",
    published="2024-06-15T19:45:00+02:00", modified="2024-06-16T08:00:00+02:00",
    display_date="Sat 15 June 2024 19.45 CEST",
    caption="Leaders pose for the family photo at the G7 summit in Apulia.",
    inline_related="Who are the G7 and what can they actually agree on?",
    inline_after=1,
    related=["Swiss conference on Ukraine peace opens with 90 countries",
             "China and Russia sign energy deals during Putin visit",
             "Meloni hosts Modi for talks on defence ties"],
    paragraphs=P("""
Leaders of the Group of Seven rich democracies on Saturday wrapped up a three-day summit in Borgo Egnazia, in southern Italy, with a pledge to provide Ukraine with a $50 billion loan backed by profits from frozen Russian central bank assets, and a stern warning to China over its support for Moscow's war effort.

In their final communique, the leaders said Chinese exports of machine tools, microelectronics and other dual-use goods were helping Russia rebuild its defence industry, and said they would take measures against Chinese entities involved, including banks. Beijing's foreign ministry on Saturday rejected the accusations as "groundless" and accused the G7 of "arrogance, prejudice and lies."

Ukraine's president, who attended the summit as a guest, signed a 10-year bilateral security agreement with the U.S. president on the sidelines on Thursday, and a separate agreement with Japan under which Tokyo will provide $4.5 billion in support this year.

The leaders also urged OPEC and its allies to boost oil production to keep energy prices in check and called on Iran to stop enriching uranium to levels with no credible civilian use. They threatened to respond with "new and significant measures" if Tehran transferred ballistic missiles to Russia.

Canada's prime minister announced 5 billion Canadian dollars toward the loan on Saturday, and Downing Street said it would give Ukraine 242 million pounds in new bilateral aid this year.

The summit host, Italy's prime minister, held bilateral talks with India's prime minister on Friday, and the two countries agreed to deepen defence cooperation, including joint production of naval equipment.

Argentina's president, who was also invited, did not hold a formal meeting with the Italian leader, an Italian official said, but the two spoke briefly at a dinner on Friday.

Russia's foreign ministry spokeswoman said on Friday that any use of the frozen assets would amount to "theft" and warned that Moscow would retaliate against Western property in Russia.

The next G7 summit will be hosted by Canada in 2025.
"""),
))

# 10 ----------------------------------------------------------------------- Africa, africa
ARTICLES.append(dict(
    slug="kenya-ethiopia-sign-power-trade-pact-world-bank-grant",
    template="africa", id="88410", section="Business", byline="Wanjiru Kamau",
    title="Kenya, Ethiopia sign power-trade pact; World Bank pledges $250 million for grid link",
    published="2022-11-08T12:00:00+03:00", display_date="Tuesday, November 8, 2022",
    caption="Transmission towers near Suswa, where the Ethiopia-Kenya line ends.",
    tags=["Kenya", "Ethiopia", "energy", "World Bank"],
    subheads={3: "Debt worries", 6: "Regional diplomacy"},
    related=["Tanzania, Uganda sign pipeline deal with TotalEnergies",
             "AU envoy meets Tigray leaders in Mekelle",
             "Somalia appeals for drought aid as rains fail again"],
    recent=["Safaricom profit rises 8pc", "Harambee Stars coach resigns",
            "Nairobi Securities Exchange slips"],
    paragraphs=P("""
NAIROBI -- Kenya and Ethiopia on Monday signed a 25-year agreement under which Ethiopia will supply up to 400 megawatts of hydropower to Kenya, during a state visit to Nairobi by the Ethiopian prime minister.

The two leaders also agreed to fast-track construction of a highway linking Moyale on their shared border to the Kenyan port of Lamu and to scrap visa requirements for each other's citizens from January.

The World Bank said on Tuesday it would provide a $250 million grant to Kenya to upgrade its section of the 1,045-km transmission line between the two countries, which was completed last year.

Kenya's president said the country would seek more concessional financing as it works to reduce its reliance on Chinese loans. Kenya owes China about $6.7 billion, much of it borrowed for the Standard Gauge Railway from Mombasa to Nairobi.

China's Export-Import Bank agreed last month to defer repayments on part of the railway loans for three years, the Kenyan treasury said, a move estimated to save Nairobi about 120 billion shillings.

The African Union, which is headquartered in Addis Ababa, welcomed the deal as a model for regional integration. The AU Commission chairperson also praised Kenya's role in brokering talks between the Ethiopian government and Tigrayan forces, which signed a cessation of hostilities in Pretoria earlier this month.

The United Arab Emirates in October signed a $1.5 billion investment agreement with Kenya to build a fuel storage terminal in Mombasa, Kenya's energy ministry said.

Somalia's president is expected to visit Nairobi later this month for talks on security cooperation against the al-Shabaab militant group, Kenyan officials said. Kenya has not yet decided whether to withdraw its troops from the AU mission in Somalia, a foreign ministry official said. Kenya's president will travel to Addis Ababa next month for a regional summit, his office said.

Egypt has criticised the Grand Ethiopian Renaissance Dam on the Blue Nile, which will supply much of the power sold to Kenya, saying it threatens Egypt's water security. Cairo and Addis Ababa have held several rounds of talks on the dam without reaching agreement.
"""),
))

# 11 ----------------------------------------------------------------------- East Asia, wire
ARTICLES.append(dict(
    slug="japan-protests-to-china-over-coast-guard-ships-near-senkakus",
    template="wire", id="20251006K0112", agency_code="KYD", agency_tag="Kyodo",
    section="World",
    title="Japan protests to China over coast guard ships near Senkakus",
    published="2025-10-06T21:05:00+09:00", display_date="2025-10-06 21:05",
    caption="A Japan Coast Guard patrol vessel (R) shadows a Chinese coast guard ship near the Senkaku Islands. (Kyodo)",
    tags=["Japan", "China", "Senkaku", "coast guard"],
    related=["Japan, China foreign ministers to hold talks at ASEAN meetings",
             "China lifts ban on Japanese beef imports, Beijing says",
             "Japan to boost defense spending to 2 pct of GDP"],
    recent=["Nikkei hits record high", "Ohtani homers again in playoff win",
            "Typhoon heads toward Okinawa"],
    paragraphs=P("""
TOKYO, Oct. 6 (Kyodo) -- Japan lodged a protest with China on Monday after four Chinese coast guard ships entered Japanese territorial waters around the Senkaku Islands in the East China Sea and approached a Japanese fishing boat, the government's top spokesman said.

The ships remained in the waters for about 10 hours on Sunday, the longest such intrusion this year, according to the Japan Coast Guard. Vice Foreign Minister Hiroshi Tanabe summoned the Chinese ambassador to lodge the protest, calling the intrusion "extremely regrettable" and demanding that it not be repeated, the chief Cabinet secretary told a press conference.

China's foreign ministry rejected the protest on Monday. A spokesperson told a regular briefing in Beijing that the Diaoyu Islands, as China calls them, were "China's inherent territory" and that the coast guard had carried out "lawful law enforcement patrols" to expel a Japanese boat that had illegally entered Chinese waters.

China's official Xinhua News Agency said the patrols demonstrated Beijing's resolve to safeguard its sovereignty.

The incident came days after Japan's defense minister and his Philippine counterpart signed an agreement in Manila on Thursday on sharing military supplies and services, and as Japanese and U.S. forces were holding a joint exercise in Okinawa involving some 12,000 troops.

Japan has also repeatedly asked China to lift its ban on imports of Japanese seafood, which Beijing imposed in August 2023 after Tokyo began releasing treated radioactive water from the wrecked Fukushima nuclear plant into the sea. The International Atomic Energy Agency has said the discharge meets international safety standards.

Japan's prime minister is expected to meet China's president on the sidelines of the Asia-Pacific Economic Cooperation summit in South Korea later this month, though neither government has confirmed the talks.

Japan has never recognized that a territorial dispute exists over the uninhabited islands, which it administers.
"""),
))

# 12 ----------------------------------------------------------------------- Europe / Turkey, WordPress
ARTICLES.append(dict(
    slug="turkish-parliament-ratifies-sweden-nato-membership",
    template="wp", id=60122, section="World", byline="Emre Yildiz",
    title="Turkish parliament ratifies Sweden’s NATO membership bid",
    published="2024-01-24T11:30:00+03:00", display_date="January 24, 2024",
    caption="Lawmakers vote in the Grand National Assembly in Ankara on Tuesday.",
    tags=["Turkey", "Sweden", "NATO", "Hungary"],
    related=["Hungary invites Swedish PM for talks on NATO bid",
             "Erdogan, Biden discuss F-16 sale in phone call",
             "Finland becomes NATO’s 31st member"],
    recent=["Turkish central bank raises rates to 45%", "Galatasaray sign Brazilian striker",
            "Istanbul earthquake drill held"],
    paragraphs=P("""
ANKARA -- Turkey’s parliament on Tuesday ratified Sweden’s bid to join NATO, removing a major obstacle to the Nordic country’s membership after more than 20 months of delays, with 287 lawmakers voting in favour and 55 against.

The protocol now needs the signature of the Turkish president before it can enter into force, and is expected to be published in the Official Gazette within days, state-run Anadolu Agency reported. Hungary, the only other NATO member yet to approve the accession, has said it will not be the last to ratify, but its parliament is not due to reconvene until late February. Will Budapest follow before the spring? Hungarian officials have given no timetable.

Swedish Prime Minister Henrik Dahlgren welcomed the vote on Tuesday evening. “Today we are one step closer to becoming a member of NATO,” he wrote on X.

NATO’s secretary-general also welcomed the decision on Tuesday and said he counted on Hungary to complete its ratification “as soon as possible.”

Ankara had held up Sweden’s application, submitted in May 2022 together with Finland’s, accusing Stockholm of harbouring members of the Kurdistan Workers’ Party (PKK), which Turkey, the United States and the European Union list as a terrorist organisation. Sweden tightened its anti-terrorism laws last year and lifted an arms embargo it had imposed on Turkey in 2019 over Turkish military operations in Syria.

The ratification also came amid a push by Ankara to buy 40 new F-16 fighter jets from the United States. Washington has linked the sale to Sweden’s accession, and the State Department is expected to notify Congress of the $20 billion deal once the ratification is complete.

Turkish and Swedish officials met in Brussels in November to review Stockholm’s counter-terrorism steps, and Turkey’s foreign minister spoke by phone with the U.S. secretary of state on Monday.

Finland joined the alliance in April last year after Turkey’s parliament approved its bid in March.

Russia has warned that it would take “military-technical” countermeasures if Sweden joined NATO.
"""),
))

# 13 ----------------------------------------------------------------------- Gulf, split
ARTICLES.append(dict(
    slug="bahrain-qatar-agree-to-restore-diplomatic-ties",
    template="split", id="gulf-0413", section="Middle East", byline="Hana Al-Sayed",
    title="Bahrain, Qatar agree to restore diplomatic ties after six-year rift",
    published="2023-04-13T10:15:00+03:00", display_date="April 13, 2023 10:15 AM GMT+3",
    ticker="Brent crude climbs above $87 after surprise OPEC+ cut",
    caption="The GCC secretariat building in Riyadh.",
    photo_credit="Global Wire Today",
    related=["Syria's foreign minister visits Saudi Arabia for first time since 2011",
             "OPEC+ announces surprise oil output cuts",
             "UAE, Qatar reopen embassies, restore ties"],
    split=3,
    paragraphs=P("""
RIYADH -- Bahrain and Qatar agreed on Wednesday to restore diplomatic relations severed six years ago, after talks between delegations of the two Gulf states at the headquarters of the Gulf Cooperation Council in Riyadh, the two governments said in a joint statement.

The decision "stems from the desire to develop Gulf integration and unity," the statement said. It did not say when embassies would reopen.

The GCC secretary-general welcomed the agreement in a phone call with Bahrain's foreign minister on Wednesday, calling it a "positive step" that would strengthen the bloc.

Bahrain, Saudi Arabia, the United Arab Emirates and Egypt cut diplomatic and trade ties with Qatar in June 2017 and imposed a land, sea and air blockade, accusing Doha of supporting terrorism and being too close to Iran. Qatar denied the charges.

The boycott ended with the Al-Ula declaration signed at a GCC summit in Saudi Arabia in January 2021. Riyadh, Cairo and Abu Dhabi restored ties with Doha soon afterwards, but Manama and Doha remained at odds over maritime and fishing rights.

Bahrain accused Qatar in 2021 of detaining Bahraini fishermen in disputed waters, and Qatar's coast guard seized two Bahraini fishing boats in March last year, according to Bahrain's interior ministry.

Qatar's emir and Bahrain's king last met in person at a GCC summit in Riyadh in December, Bahraini state media said. Kuwait, which mediated during the 2017-2021 crisis, welcomed Wednesday's agreement.

The Arab League's secretary-general said in Cairo on Wednesday that the rapprochement showed Arab countries could "settle their differences through dialogue." The league's foreign ministers are due to meet next month to discuss whether to readmit Syria, whose membership was suspended in 2011.

The move comes weeks after Saudi Arabia and Iran agreed to restore ties after a seven-year break, in a deal brokered by China. Saudi Arabia's foreign minister met his Iranian counterpart in Beijing last week, and a Saudi technical delegation arrived in Tehran on Saturday to discuss reopening the kingdom's embassy.
"""),
))

# 14 ----------------------------------------------------------------------- IAEA / Iran, portal
ARTICLES.append(dict(
    slug="iaea-board-rebukes-iran-as-tehran-switches-off-cameras",
    template="portal", id="f2290b", section="World", byline="Anna Gruber, Vienna",
    title="IAEA board rebukes Iran as Tehran switches off monitoring cameras",
    standfirst="Resolution passes 30-2; Iran warns of further steps as nuclear talks stall",
    published="2022-06-09T16:50:00+02:00", display_date="Thu 9 June 2022 16.50 CEST",
    caption="The IAEA headquarters at the Vienna International Centre.",
    inline_related="Explainer: what is left of the 2015 Iran nuclear deal?",
    inline_after=3,
    related=["Iran seizes two Greek tankers in the Gulf",
             "US imposes sanctions on Iranian oil smuggling network",
             "Qatar offers to host Iran-US talks"],
    paragraphs=P("""
The U.N. nuclear watchdog's 35-nation Board of Governors, meeting in Vienna, on Wednesday passed a resolution criticising Iran for failing to explain traces of uranium found at three undeclared sites, hours after Tehran began removing surveillance cameras installed by the agency at its nuclear facilities.

The resolution, drafted by the United States, Britain, France and Germany, was adopted by 30 votes to two, with Russia and China voting against and India, Libya and Pakistan abstaining.

Iran's foreign ministry on Thursday condemned the resolution as "political, unconstructive and wrong" and warned that Tehran would respond with further steps. Iran's Atomic Energy Organization said it had switched off 27 cameras, a move the agency's director general said could deal a "fatal blow" to talks on reviving the 2015 nuclear deal if not reversed within three to four weeks.

The United States, Britain, France and Germany said in a joint statement on Thursday that Iran's actions would only aggravate the situation, and urged Tehran to return to full cooperation with the agency "without delay."

Iran's foreign minister spoke by phone with the EU's foreign policy chief on Tuesday to discuss the draft resolution, Iran's foreign ministry said.

Indirect talks between Iran and the United States on restoring the nuclear deal, mediated by the European Union, have been stalled since March. The EU's foreign policy chief said on Wednesday he had not given up and would travel to Tehran "in the coming weeks" if both sides showed flexibility.

Israel's prime minister welcomed the vote on Wednesday and said Israel would "act wherever needed" to prevent Iran from acquiring nuclear weapons.

Russia's envoy to international organisations in Vienna said the resolution would only complicate negotiations, and Russia's RIA news agency quoted him as saying Moscow had warned Western capitals against a vote.

Iran has steadily expanded its nuclear activities since 2019, a year after the United States withdrew from the deal and reimposed sanctions on Tehran.
"""),
))

# 15 ----------------------------------------------------------------------- Africa / Sudan, africa
ARTICLES.append(dict(
    slug="sudan-warring-sides-sign-week-long-ceasefire-in-jeddah",
    template="africa", id="97003", section="Politics", byline="Continental Times reporter",
    title="Sudan's warring sides sign week-long ceasefire deal in Jeddah",
    published="2023-05-22T09:40:00+02:00", display_date="Monday, May 22, 2023",
    caption="Smoke rises over Khartoum North during clashes last week.",
    tags=["Sudan", "RSF", "Saudi Arabia", "humanitarian aid"],
    subheads={3: "Aid pledges"},
    related=["Chad receives 60,000 Sudanese refugees, UN says",
             "Egypt, South Sudan leaders discuss Sudan crisis by phone",
             "IGAD names Kenya to lead Sudan mediation"],
    recent=["Zambia secures debt deal with China", "Mo Salah wins award",
            "Ghana cedi weakens"],
    paragraphs=P("""
KHARTOUM -- Sudan's army and the paramilitary Rapid Support Forces signed an agreement in the Saudi city of Jeddah late on Saturday for a seven-day ceasefire, due to take effect on Monday evening, Saudi Arabia and the United States said in a joint statement.

The truce, reached after two weeks of talks hosted by Riyadh and Washington, is meant to allow the delivery of humanitarian aid and the restoration of essential services. Previous ceasefires announced since fighting erupted on April 15 have been repeatedly violated.

The United Nations said on Sunday it needed $3 billion to help 18 million people in Sudan this year, and the World Health Organization said it had delivered 30 tonnes of medical supplies to Port Sudan.

The European Union announced 30 million euros in additional humanitarian aid for Sudan on Friday, while Britain on Saturday pledged 5 million pounds (about $6.2 million) for food and shelter for Sudanese refugees in neighbouring Chad. Chad, which closed its border with Sudan on April 16, has since taken in more than 60,000 refugees.

An envoy of Sudan's army chief was received by Egypt's president in Cairo on Sunday, and Egypt's foreign ministry said the two discussed ways to secure the border and protect civilians.

The army-led government on Saturday asked the U.N. secretary-general to replace his special envoy for Sudan, accusing him of bias toward the RSF. A U.N. spokesperson said the secretary-general was "proud" of the envoy's work.

The International Criminal Court's prosecutor told the U.N. Security Council last week that his office was investigating reports of killings and sexual violence in West Darfur, and Washington has threatened to impose sanctions on those responsible for undermining peace.

At the United Nations, Russia last week vetoed a British-drafted Security Council resolution that would have demanded an immediate nationwide ceasefire, calling it an attempt to interfere in Sudan's internal affairs.

Residents of Khartoum reported air strikes and artillery fire in several districts on Sunday, hours before the truce was due to start. Neither side commented on the reports.
"""),
))

# 16 ----------------------------------------------------------------------- South China Sea, wire
ARTICLES.append(dict(
    slug="philippines-summons-chinese-envoy-over-water-cannon-attack",
    template="wire", id="20230808MNL0034", agency_code="RTR", agency_tag="Reuters",
    section="World",
    title="Philippines summons Chinese envoy after water cannon attack near disputed shoal",
    published="2023-08-08T18:22:00+08:00", display_date="2023-08-08 18:22",
    caption="A Chinese coast guard ship fires water cannon at a Philippine supply boat near Second Thomas Shoal. (Philippine Coast Guard handout)",
    tags=["Philippines", "China", "South China Sea"],
    related=["ASEAN, China agree to speed up code of conduct talks",
             "U.S., Philippines hold largest-ever Balikatan drills",
             "Vietnam protests Chinese survey ship in its waters"],
    recent=["Philippine inflation eases to 4.7 pct", "Gilas Pilipinas names World Cup roster",
            "Typhoon Doksuri leaves 25 dead"],
    paragraphs=P("""
MANILA, Aug 8 (Reuters) -- The Philippines summoned China's ambassador on Tuesday and handed him a protest note over what Manila called the "excessive and offensive" use of water cannon by Chinese coast guard vessels against a Philippine resupply mission in the South China Sea.

Two Chinese coast guard ships fired water cannon on Saturday at one of two chartered boats carrying food, water and fuel to Filipino troops stationed on the Second Thomas Shoal, preventing it from unloading its cargo, the Philippine Coast Guard said.

China's coast guard said it had taken "necessary controls" in accordance with the law against the vessels, which it said had illegally entered Chinese waters. The Chinese embassy in Manila urged the Philippines on Monday to tow away the grounded warship that serves as its outpost on the shoal, which Manila has refused to remove.

The United States, which has a mutual defence treaty with the Philippines, said on Sunday that China's actions were "dangerous" and reaffirmed that an armed attack on Philippine vessels would invoke U.S. defence commitments. Japan, Australia and the European Union also expressed concern over the Chinese action.

Beijing's foreign ministry spokesperson rejected the U.S. criticism on Monday, saying Washington had no right to interfere in maritime issues between China and the Philippines, the Xinhua news agency reported.

Foreign ministers of the Association of Southeast Asian Nations (ASEAN), meeting in Jakarta last month, agreed with China on guidelines to speed up negotiations on a code of conduct in the South China Sea, talks that have dragged on for more than two decades.

The Philippines and the United States began joint naval drills near the island of Palawan on Monday, and Manila in April named four new military sites where U.S. forces may be rotated under an expanded defence cooperation agreement.

An international tribunal in The Hague ruled in 2016 that China's expansive claims in the South China Sea had no legal basis, a decision Beijing does not recognise.
"""),
))

# 17 ----------------------------------------------------------------------- EU / Latin America, WordPress
ARTICLES.append(dict(
    slug="eu-mercosur-seal-trade-deal-in-montevideo-over-french-objections",
    template="wp", id=70514, section="World", byline="Sofía Martínez",
    title="EU, Mercosur seal trade deal in Montevideo over French objections",
    published="2024-12-07T09:00:00-03:00", display_date="December 7, 2024",
    caption="Leaders of Mercosur countries and the European Commission president in Montevideo on Friday.",
    tags=["EU", "Mercosur", "trade", "France"],
    related=["Macron, Lula meet in Rio on sidelines of G20 summit",
             "Polish farmers block border crossings with Ukraine",
             "Chile, EU sign advanced framework agreement"],
    recent=["Argentina inflation slows to 2.4%", "River Plate sack coach",
            "Uruguay elects new president"],
    paragraphs=P("""
MONTEVIDEO -- The European Union and the South American Mercosur bloc concluded negotiations on Friday on a free trade agreement more than two decades in the making, creating one of the world’s largest free trade zones, despite fierce opposition from French farmers.

The head of the European Commission flew to the Uruguayan capital for a summit with the leaders of Brazil, Argentina, Uruguay and Paraguay, at which the deal was announced. “This is a win-win agreement,” she told a news conference.

The agreement still needs to be approved by EU member states and the European Parliament. France has said it will try to block it, and the Elysee said on Friday the deal was “unacceptable in its current form.” Poland and Austria have also voiced opposition. Can Paris muster a blocking minority among EU governments? French officials believe it can.

Brazil’s president, who has championed the deal, called it “historic” and said it would be signed next year. Argentina’s president, who attended the summit, had earlier threatened to pull out of Mercosur if the bloc did not allow members to negotiate their own trade deals.

French farmers blocked roads in Strasbourg last month in protest against the pact, driving hundreds of tractors to the European Parliament.

The EU and Mercosur first reached a political agreement in 2019, but it was never ratified amid European concerns over deforestation in the Amazon. Brussels had demanded additional environmental commitments, which Brazil rejected last year as “unacceptable threats” of sanctions.

Germany and Spain have pushed hard for the agreement. The German chancellor spoke by phone with Brazil’s president on Thursday, Brazil’s presidency said, and Spain’s prime minister praised the deal as a “historic milestone.”

Separately, Uruguay signed a memorandum with China in November to study a bilateral free trade agreement, a move that has irritated its Mercosur partners.

The European Commission also pledged 1.8 billion euros in investment for Mercosur countries under its Global Gateway programme.
"""),
))

# 18 ----------------------------------------------------------------------- Pacific / Tonga, split
ARTICLES.append(dict(
    slug="first-aid-flights-land-in-tonga-after-eruption",
    template="split", id="tonga-0120", section="Asia Pacific", byline="Mele Fifita",
    title="First aid flights land in Tonga after volcano eruption, tsunami",
    published="2022-01-20T15:00:00+13:00", display_date="January 20, 2022 3:00 PM GMT+13",
    ticker="Stocks slide as investors brace for Fed rate hikes",
    caption="An RNZAF C-130 Hercules is loaded with supplies for Tonga at Whenuapai air base.",
    photo_credit="NZ Defence Force handout",
    related=["Pacific leaders call for climate finance at forum",
             "Fiji, Australia sign defence cooperation pact",
             "Samoa's new PM visits Wellington"],
    split=3,
    paragraphs=P("""
NUKU'ALOFA -- The first aid flights from New Zealand and Australia landed at Fua'amotu International Airport in Tonga on Thursday carrying drinking water, shelter kits and communications equipment, five days after an undersea volcanic eruption and tsunami devastated the Pacific island kingdom.

A New Zealand Air Force C-130 Hercules delivered water containers and generators, while an Australian C-17 brought humanitarian supplies, the two countries' defence ministers said. The planes were unloaded without contact with Tongan staff to avoid bringing COVID-19 into the country, which has no cases.

New Zealand had earlier pledged an initial NZ$1 million (about $680,000) in emergency funding, and Australia committed A$1 million. The New Zealand navy ship HMNZS Wellington arrived on Tuesday with hydrographic teams and a helicopter.

Japan said it would send two C-130 aircraft from its Self-Defense Forces carrying drinking water and volcanic ash cleaning equipment, and China's embassy said Beijing would provide emergency supplies including water and food. The United States announced $100,000 in immediate assistance.

India on Wednesday announced $200,000 in immediate relief for Tonga.

The World Bank approved a grant of $8 million from its contingent emergency response fund, and the Asian Development Bank said it was preparing additional support.

Tonga's government has asked for help with water supplies, but has said it will not accept foreign personnel on the ground for fear of the coronavirus. "We have not requested any search and rescue teams," Tonga's acting high commissioner to Australia told reporters in Canberra.

Communications with the islands remain limited after the eruption cut the only undersea cable. Fiji's prime minister spoke with Tonga's king on Wednesday by satellite phone, Fiji's government said.

U.N. agencies said about 84,000 people, some 80 percent of the population, had been affected. The World Health Organization said it was sending medical supplies from its warehouse in Fiji.
"""),
))

# 19 ----------------------------------------------------------------------- Latin America, portal
ARTICLES.append(dict(
    slug="colombia-resumes-eln-peace-talks-in-havana",
    template="portal", id="e7b5c2", section="World", byline="Andrés Gómez, Bogotá",
    title="Colombia resumes peace talks with ELN rebels in Havana; guerrillas free six hostages",
    standfirst="Cuba and Norway act as guarantors; Washington criticises the move",
    published="2026-03-04T08:15:00-05:00", display_date="Wed 4 March 2026 08.15 COT",
    caption="Members of the government and ELN delegations at the opening session in Havana.",
    inline_related="Timeline: Colombia's attempts to make peace with the ELN",
    inline_after=1,
    related=["Ecuador, Colombia trade tariffs escalate",
             "Venezuela's foreign minister visits Bogotá",
             "US envoy meets Colombian president on drug policy"],
    paragraphs=P("""
Colombian government negotiators and the National Liberation Army (ELN) resumed peace talks in Havana on Tuesday after a five-month suspension, with Cuba and Norway acting as guarantors, both sides said.

The ELN freed six hostages, including two soldiers and a police officer, on Monday in Arauca province, handing them to a humanitarian commission made up of the Red Cross and the Catholic Church.

Colombia's foreign minister travelled to Havana for the opening session and held talks with his Cuban counterpart on Tuesday, thanking Cuba for its "unwavering support" for peace in Colombia. Cuba's foreign minister said Havana would keep hosting the negotiations for as long as both parties wished.

The United States, which returned Cuba to its list of state sponsors of terrorism last year, partly over Havana's refusal to extradite ELN leaders living on the island, criticised Bogotá's decision to resume the talks. A State Department spokesperson said the ELN had "shown no genuine will" to end violence.

Colombia's president has also asked Venezuela to act as a guarantor, and Venezuela's foreign minister said on Monday that Caracas was ready to host a future round of talks.

Colombia's president spoke by phone with his Venezuelan counterpart on Sunday about border security, the presidency said.

Norway's state secretary for foreign affairs said Oslo would contribute 50 million Norwegian crowns to a U.N.-administered fund to support the peace process in Colombia.

The talks were suspended in October after an ELN attack on a military base in Arauca killed four soldiers, and Colombia accused Venezuela of allowing the rebels to operate from its territory. Caracas denied sheltering the guerrillas.

The U.N. verification mission in Colombia welcomed the release of the hostages and called on the ELN to free all remaining captives, whose number the government puts at about 30.

Mexico, another guarantor, did not send a delegation to Havana this week, its foreign ministry said, citing scheduling reasons.
"""),
))

# 20 ----------------------------------------------------------------------- Caucasus, africa template
ARTICLES.append(dict(
    slug="armenia-azerbaijan-sign-border-protocol-in-tbilisi",
    template="africa", id="101288", section="World", byline="Nino Beridze, Tbilisi",
    title="Armenia, Azerbaijan sign border protocol in Tbilisi; protesters rally in Yerevan",
    published="2025-08-12T19:30:00+04:00", display_date="Tuesday, August 12, 2025",
    caption="The Armenian and Azerbaijani foreign ministers shake hands in Tbilisi.",
    tags=["Armenia", "Azerbaijan", "Georgia", "peace treaty"],
    subheads={3: "Reactions"},
    related=["Iran, Armenia hold talks on transit corridor",
             "Turkey and Armenia agree to reopen border for diplomats",
             "Azerbaijan, Russia trade accusations over plane crash"],
    recent=["Georgia's lari strengthens", "Qarabag reach Champions League playoffs",
            "Heatwave grips the Caucasus"],
    paragraphs=P("""
TBILISI -- The foreign ministers of Armenia and Azerbaijan signed a protocol on Monday on the delimitation of a 12-km section of their shared border, at a ceremony in Tbilisi hosted by Georgia's prime minister, in the latest step toward a peace treaty between the two South Caucasus neighbours.

Under the protocol, Armenia will hand over to Azerbaijani control two uninhabited hilltops near the village of Kirants, and Azerbaijan will withdraw its troops from a position overlooking an Armenian highway within 30 days.

Several thousand people rallied in Yerevan on Monday evening against the deal, accusing the government of ceding territory without anything in return. Police detained 38 protesters who tried to block a highway, the interior ministry said.

Russia's foreign ministry criticised the choice of venue, saying Moscow had offered to host the signing and that "outside players" were trying to push Russia out of the region. The Kremlin said on Tuesday it had not been informed of the final text in advance.

The European Union, which has kept about 200 civilian monitors on the Armenian side of the border since February 2023, welcomed the signing. The EU's foreign policy chief spoke by phone with both foreign ministers on Tuesday, the bloc said.

Turkey, Azerbaijan's closest ally, said it would move to normalise relations with Armenia once a peace treaty was signed. Turkish and Armenian special envoys met at the Alican-Margara border crossing in July to discuss reopening it.

Azerbaijan's president has demanded that Armenia amend its constitution to remove what Baku calls territorial claims to the former Nagorno-Karabakh region, which Azerbaijani forces retook in a lightning offensive in September 2023. Yerevan has rejected the demand, saying the constitution is a domestic matter.

Yerevan has also been diversifying its diplomacy. It formally recognised the State of Palestine last year, prompting Israel to summon Armenia's ambassador, and has frozen its participation in the Russian-led Collective Security Treaty Organization.

Georgia's prime minister said Tbilisi stood ready to host further rounds of talks between its two neighbours.

Iran, which borders both countries, said it opposed any change to international borders in the region.
"""),
))

# 21 ----------------------------------------------------------------------- Europe / Belarus, wire
ARTICLES.append(dict(
    slug="poland-to-send-more-troops-to-belarus-border",
    template="wire", id="20230804AA2951", agency_code="AA", agency_tag="Anadolu",
    section="World",
    title="Poland to send 1,000 more troops to Belarus border amid Wagner concerns",
    published="2023-08-04T16:40:00+03:00", display_date="2023-08-04 16:40",
    caption="Polish soldiers patrol the border fence with Belarus near Bialowieza.",
    tags=["Poland", "Belarus", "Wagner", "NATO"],
    related=["Lithuania, Latvia, Poland leaders meet on Wagner threat",
             "Belarus says Wagner fighters training its special forces",
             "EU adopts new sanctions on Minsk"],
    recent=["Turkish lira steadies", "Fenerbahce advance in Europe",
            "Wildfires spread in Greece"],
    paragraphs=P("""
WARSAW, Aug 4 (Anadolu) -- Poland said on Friday it would send around 1,000 additional troops to its border with Belarus, three days after it accused two Belarusian military helicopters of violating its airspace during exercises near the frontier.

The foreign ministry summoned Belarus's charge d'affaires on Tuesday over the incident, in which the helicopters flew at very low altitude over the town of Bialowieza. Minsk denied that its helicopters had entered Polish airspace and accused Warsaw of inventing the violation to justify a military build-up.

The additional soldiers will join about 10,000 troops already deployed along the 418-km border, the defence minister told state radio. The ministry said in July it had moved two army brigades toward the eastern frontier after several thousand fighters of Russia's Wagner mercenary group relocated to Belarus following their short-lived mutiny in Russia.

Poland, Lithuania and Latvia have warned they could close their borders with Belarus completely if there were a "critical incident" involving Wagner fighters. Lithuania's president said on Thursday the three countries were coordinating their response.

The Belarusian president's office said the Wagner fighters were training Belarusian troops and posed no threat to neighbours, and accused NATO of provoking tension by holding exercises near its borders. NATO troops held an exercise in Lithuania in July involving 2,000 soldiers.

Russia's Tass news agency quoted a Kremlin spokesman as saying Moscow was "closely following" the Polish deployment, which he called "a cause for concern."

Warsaw closed the last road border crossing with Belarus for trucks in February, after a Belarusian court sentenced a journalist from the country's Polish minority to eight years in prison.

The European Union has imposed several rounds of sanctions on Minsk for its role in Russia's invasion of Ukraine. EU foreign ministers are expected to discuss new measures at an informal meeting in Toledo, Spain, at the end of the month.
"""),
))

# 22 ----------------------------------------------------------------------- distractor: business, WordPress
ARTICLES.append(dict(
    slug="copper-hits-seven-year-high-as-chile-peru-output-slips",
    template="wp", id=39102, section="Business", byline="Tom Ridley",
    title="Copper hits seven-year high as Chile, Peru output slips",
    published="2020-11-12T15:05:00+00:00", display_date="November 12, 2020",
    caption="Haul trucks at an open-pit copper mine in Chile’s Atacama region.",
    tags=["copper", "Chile", "Peru", "China", "commodities"],
    related=["China and Australia hold trade talks as barley row drags on",
             "Chile’s president meets Xi, signs mining cooperation deal",
             "Peru summons Chilean ambassador over border remarks"],
    recent=["US imposes tariffs on Chinese steel", "EU, UK trade talks enter final week",
            "Opinion: Why the commodity supercycle is back"],
    paragraphs=P("""
Copper prices rose to their highest level in more than seven years on Thursday as weaker output from mines in Chile and Peru, the world’s two largest producers, coincided with strong buying from Chinese manufacturers recovering from the pandemic.

Benchmark three-month copper on the London Metal Exchange climbed 2.1% to $7,180 a tonne in afternoon trading, its highest since June 2013. The metal has gained nearly 60% since hitting a low in March, when coronavirus lockdowns shut factories from Europe to the United States.

Chile’s state copper agency said national production fell 3.4% in September from a year earlier, partly because mining companies reduced the number of workers at remote sites to limit the spread of the virus. In Peru, output dropped 8% in the first nine months of the year after the government imposed one of the world’s strictest lockdowns between March and June.

“Supply is tight, inventories are falling and China is buying everything it can get,” said Rachel Ong, a metals analyst at a brokerage in Singapore. “Unless the mines in South America get back to full speed, we could see $8,000 before the end of the year.”

Chinese imports of copper ore and concentrate hit a record in October, customs data showed on Saturday, as smelters in Jiangxi and Yunnan provinces ran at full capacity. Demand for the metal, used in power cables, electric vehicles and air conditioners, has also been boosted by Beijing’s spending on the electricity grid.

Stocks of copper in warehouses approved by the London Metal Exchange have fallen by more than a third since August to about 150,000 tonnes. In Shanghai, inventories are at their lowest in more than a decade.

The rally has lifted shares of mining companies. London-listed Antofagasta, which operates four mines in Chile, rose 3% on Thursday, while Canada’s First Quantum and Australia’s OZ Minerals also gained.

Some analysts warned that the rally could fade if a second wave of infections in Europe and the United States hits industrial demand. The International Copper Study Group forecast last month that the global market would move into a small surplus next year as new mines in Congo, Peru and Mongolia start production.

Aluminium, zinc and nickel also rose on Thursday, while gold slipped 0.4% as investors favoured riskier assets.
"""),
))

# 23 ----------------------------------------------------------------------- distractor: sport, portal
ARTICLES.append(dict(
    slug="ireland-beat-france-in-six-nations-opener",
    template="portal", id="b90d44", section="Sport", byline="Ciarán Walsh, Dublin",
    title="Ireland hold off France to win Six Nations opener in Dublin",
    standfirst="Late try seals 27-24 victory as Italy stun Wales in Rome",
    published="2026-02-01T18:30:00+00:00", display_date="Sun 1 February 2026 18.30 GMT",
    caption="Ireland's wing dives over for the decisive try at the Aviva Stadium.",
    inline_related="Six Nations 2026: fixtures, results and table",
    inline_after=2,
    related=["France and Germany leaders meet to settle budget dispute",
             "England to host Scotland in Calcutta Cup clash",
             "Italy and Wales ministers sign sports cooperation accord"],
    paragraphs=P("""
Ireland survived a furious French fightback to win their Six Nations opener 27-24 at the Aviva Stadium in Dublin on Sunday, with a try from their replacement wing four minutes from time sealing the victory.

France, who had trailed 20-6 at half-time, scored two tries in ten minutes after the break and took the lead for the first time through a penalty on 68 minutes. But Ireland's bench turned the match, and the hosts held on through a tense final passage in which the French attack went through 22 phases before knocking on.

"We showed a lot of character. France are a brilliant side and they threw everything at us," Ireland's captain said. "We'll enjoy this tonight, but we have to go to England next week and that's a different challenge."

The France coach said his side had given Ireland too much in the first half. "We made too many mistakes, and at this level you pay for every one," he said. France host Scotland in Paris next Saturday.

In Rome on Saturday, Italy beat Wales 22-17 for their third win over the Welsh in four years, while England edged Scotland 19-16 at Twickenham thanks to a late drop goal.

Italy's coach praised his pack after they won five scrum penalties. Wales, who have not won an away match in the championship since 2023, now face Ireland in Cardiff.

The French federation said it would appeal against the three-week suspension handed to its lock for a dangerous clear-out in the second half, after a disciplinary panel sanctioned him on Sunday evening.

Scotland, who travel to Paris next week, will be without their fly-half after he injured a shoulder against England. "It's a blow, but we have depth," said the Scotland coach, who is expected to name a replacement on Tuesday.

Tickets for the remaining home matches in Dublin have sold out, the Irish union said, while organisers said a record 2.3 million viewers in Britain had watched Saturday's games.
"""),
))

# 24 ----------------------------------------------------------------------- distractor: science, africa template
ARTICLES.append(dict(
    slug="ancient-ice-core-from-antarctica-reveals-climate-record",
    template="africa", id="71004", section="Science", byline="Continental Times science desk",
    title="Ancient Antarctic ice reveals 1.5 million years of climate history, study says",
    published="2019-10-17T10:00:00+02:00", display_date="Thursday, October 17, 2019",
    caption="Researchers handle an ice core at a drilling camp in East Antarctica.",
    tags=["science", "climate", "Antarctica"],
    subheads={4: "A race for the oldest ice"},
    related=["China and Russia agree to expand Arctic cooperation",
             "South Africa, Japan sign deal on space research",
             "Kenya hosts UN climate talks preparatory meeting"],
    recent=["Cape Town water levels rise", "Springboks in World Cup quarter-final",
            "Malaria vaccine trial expands"],
    paragraphs=P("""
Scientists have recovered ice from Antarctica that they say preserves a record of Earth's climate stretching back 1.5 million years, offering new clues about why the planet's ice ages became longer and more severe about a million years ago.

The researchers, from universities in Australia, Germany, Japan and the United States, analysed air bubbles trapped in a 2.7-km core drilled near Dome Fuji, a high plateau in East Antarctica, according to a study published in the journal Nature Geoscience on Wednesday.

The bubbles contain tiny samples of the ancient atmosphere, allowing scientists to measure past concentrations of carbon dioxide and methane. The team found that carbon dioxide levels fell gradually during a period known as the Mid-Pleistocene Transition, when the rhythm of glacial cycles shifted from about 41,000 years to about 100,000 years.

"This is the missing piece of the puzzle," said lead author Hannah Kessler, a glaciologist. "We can now see how the atmosphere changed at the moment the climate system reorganised itself."

Until now, the oldest continuous ice core record, drilled at Dome C by a European team, reached back about 800,000 years. Older ice has been found in a few places, including the Allan Hills in Antarctica's Victoria Land, but only in fragments.

Several groups are racing to drill even older ice. A European project is preparing to drill at a site called Little Dome C, while teams from China and Russia are surveying other parts of the East Antarctic plateau using radar.

The new study also showed that dust levels rose sharply during the longer glacial periods, suggesting that stronger winds carried more iron-rich dust from South America and Australia to the Southern Ocean, fertilising plankton that drew carbon dioxide out of the air.

The authors said the findings could help improve the computer models used to project future warming. Current carbon dioxide levels, above 410 parts per million, are higher than at any point in the 1.5 million years covered by the core.
"""),
))
