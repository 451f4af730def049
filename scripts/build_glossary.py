"""Source of truth of the shipped Musk–Trump glossary: writes ``musk-trump.tbx`` and ``musk-trump.csv``.

Every person, organisation, place, event, bill, title, outlet and slogan of ``corpus/musk-trump/source.ja.txt``
with the Japanese variants that occur in the article, the preferred English (AP/Reuters usage), admitted
alternatives and the forbidden renderings a literal engine produces (鷹潭 → "Yingtan", 超党派政治活動委員会 →
"bipartisan PAC", 銃規制 → "gun control" where the article means gun rights, MAGA(マジシャン) → "magician").

Run ``python scripts/build_glossary.py`` after editing; ``--check`` exits 1 when the shipped files differ
(tests/test_glossary_shipped.py does the same).

Term notation in the tables below: ``"+text"`` preferred, ``"text"`` admitted, ``"!text"`` forbidden,
``"~text"`` admitted but non-canonical (term-source-variant reports the preferred form). English names of
people, organisations, places and outlets are case-sensitive; forbidden renderings match in any case unless
the entry is a pure capitalisation error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_app.glossary.csvio import to_csv_text  # noqa: E402
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus  # noqa: E402
from review_app.glossary.tbx import to_tbx_bytes  # noqa: E402

NAME = "musk-trump"
VERSION = "1.0"
HERE = ROOT / "glossary"
TBX_PATH = HERE / f"{NAME}.tbx"
CSV_PATH = HERE / f"{NAME}.csv"

P, ORG, PL, EV, LAW, TI, SL, ME, OT = (ConceptType.PERSON, ConceptType.ORGANISATION, ConceptType.PLACE,
                                     ConceptType.EVENT, ConceptType.LAW, ConceptType.TITLE, ConceptType.SLOGAN,
                                     ConceptType.MEDIA, ConceptType.OTHER)
PROPER = {P, ORG, PL, ME}

# (id, type, definition, ja terms, en terms, options)
# options: single (one rendering per document), dnt (set of English forms that must stay verbatim),
# first (form → first-mention expansion), cs (extra case-sensitive forms), ci (proper forms matched in any case)
CONCEPTS: list[tuple[str, ConceptType, str, list[str], list[str], dict[str, Any]]] = [
    # ----------------------------------------------------------------------------------------- people
    ("elon-musk", P, "CEO of Tesla and SpaceX, owner of X; led DOGE in 2025.",
     ["+イーロン・マスク", "イーロン・マスク氏", "マスク氏", "マスク", "イーロン氏", "イーロン"],
     ["+Elon Musk", "Musk", "Elon", "!Mask", "!Mr. Mask"], {}),
    ("donald-trump", P, "45th and 47th President of the United States.",
     ["+ドナルド・トランプ", "トランプ氏", "トランプ大統領", "トランプ"],
     ["+Donald Trump", "Trump", "President Trump", "!playing cards", "!Mr. Playing Cards"], {}),
    ("ron-desantis", P, "Governor of Florida; 2024 Republican presidential candidate.",
     ["+ロン・デサンティス", "デサンティス氏", "デサンティス"],
     ["+Ron DeSantis", "DeSantis", "!Ron Desantis", "!De Santis"], {"cs": {"Ron Desantis"}}),
    ("vivek-ramaswamy", P, "Entrepreneur; named co-lead of DOGE in November 2024.",
     ["+ヴィヴェック・ラマスワミ", "ラマスワミ氏", "ラマスワミ"],
     ["+Vivek Ramaswamy", "Ramaswamy", "!Vivek Ramaswami", "!Ramaswami"], {}),
    ("karoline-leavitt", P, "White House Press Secretary (2025).",
     ["+キャロライン・リービット", "リービット氏", "リービット"],
     ["+Karoline Leavitt", "Leavitt", "!Caroline Leavitt", "!Caroline Levitt", "!Levitt"], {}),
    ("john-thune", P, "Senate Majority Leader (2025).",
     ["+ジョン・スーン", "スーン氏"], ["+John Thune", "Thune", "!John Soon", "!John Sun", "!John Thoon"], {}),
    ("stephen-miller", P, "White House Deputy Chief of Staff for Policy (2025).",
     ["+スティーブン・ミラー"], ["+Stephen Miller", "Miller", "!Steven Miller"], {}),
    ("tony-gonzales", P, "Republican U.S. Representative from Texas's 23rd district (includes Eagle Pass).",
     ["+トニー・ゴンザレス", "ゴンザレス氏"], ["+Tony Gonzales", "Gonzales", "!Tony Gonzalez"], {}),
    ("javier-milei", P, "President of Argentina since December 2023.",
     ["+ハビエル・ミレイ", "ミレイ氏", "ミレイ"], ["+Javier Milei", "Milei", "!Javier Millay", "!Milley"], {}),
    ("jeff-bezos", P, "Founder of Amazon and Blue Origin.",
     ["+ジェフ・ベゾス", "ベゾス氏"], ["+Jeff Bezos", "Bezos", "!Jeff Bezo"], {}),
    ("mark-zuckerberg", P, "CEO of Meta.",
     ["+マーク・ザッカーバーグ", "ザッカーバーグ氏"], ["+Mark Zuckerberg", "Zuckerberg", "!Mark Zackerberg"], {}),
    ("steve-bannon", P, "Former White House chief strategist and Trump campaign strategist.",
     ["+スティーブ・バノン", "バノン氏", "バノン"], ["+Steve Bannon", "Bannon", "!Banon"], {}),
    ("marjorie-taylor-greene", P, "Republican U.S. Representative from Georgia.",
     ["+マージョリー・テイラー・グリーン"], ["+Marjorie Taylor Greene", "Greene", "!Marjorie Taylor Green"], {}),
    ("michael-cohen", P, "Trump's former personal lawyer.",
     ["+マイケル・コーエン", "コーエン氏", "コーエン"], ["+Michael Cohen", "Cohen", "!Koen"], {}),
    ("jim-mattis", P, "Secretary of Defense 2017–2018; resigned over policy differences with Trump.",
     ["+ジム・マティス", "マティス"], ["+Jim Mattis", "Mattis", "!Matisse"], {}),
    ("joe-biden", P, "46th President of the United States.",
     ["+ジョー・バイデン", "バイデン氏", "バイデン大統領", "バイデン"],
     ["+Joe Biden", "Biden", "President Biden", "!Baiden"], {}),
    ("barack-obama", P, "44th President of the United States.",
     ["+バラク・オバマ", "オバマ氏", "オバマ"], ["+Barack Obama", "Obama"], {}),
    ("jeffrey-epstein", P, "Financier and convicted sex offender (died 2019).",
     ["+ジェフリー・エプスタイン", "エプスタイン"], ["+Jeffrey Epstein", "Epstein"], {}),
    # ----------------------------------------------------------------------------------------- titles
    ("press-secretary", TI, "White House Press Secretary.",
     ["+大統領報道官", "ホワイトハウス報道官"], ["+press secretary", "White House press secretary",
                                               "!presidential spokesman"], {}),
    ("senate-majority-leader", TI, "Leader of the majority party in the U.S. Senate.",
     ["+上院多数党院内総務"], ["+Senate Majority Leader", "majority leader", "!Senate majority floor manager"], {}),
    ("deputy-chief-of-staff", TI, "Stephen Miller's post since January 2025: White House deputy chief of staff "
     "for policy.",
     ["+大統領次席補佐官", "!副大統領首席補佐官"],
     ["+White House deputy chief of staff for policy", "deputy chief of staff for policy",
      "White House deputy chief of staff", "deputy chief of staff", "!vice president's chief of staff",
      "!Vice Presidential Chief of Staff"],
     {"note": "副大統領首席補佐官 in the source is a mistranslation of deputy chief of staff, not an aide to the "
              "Vice President; Japanese media write 大統領次席補佐官."}),
    ("chief-of-staff", TI, "White House Chief of Staff.", ["+首席補佐官"], ["+chief of staff"], {}),
    ("defense-secretary", TI, "U.S. Secretary of Defense.",
     ["+国防長官", "前国防長官"], ["+Defense Secretary", "Secretary of Defense", "former Defense Secretary",
                                 "!Minister of Defence", "!Defence Minister"], {}),
    ("governor-of-florida", TI, "Governor of the State of Florida.",
     ["+フロリダ州知事"],
     ["+Florida governor", "Governor of Florida", "Florida Gov.", "Florida's governor",
      "!Florida prefectural governor"], {}),
    ("president-elect", TI, "A candidate who has won the presidential election but not yet taken office.",
     ["+次期大統領"], ["+president-elect", "!next president"], {}),
    ("special-government-employee", TI, "Federal status of Musk at DOGE (limited to 130 days a year).",
     ["+特別政府職員", "特別に雇用された政府職員", "特別職員"],
     ["+special government employee", "!specially hired government staff"], {}),
    ("special-adviser", TI, "Musk's role as adviser to the President.",
     ["+特別顧問"], ["+special adviser", "senior adviser", "special advisor"], {}),
    ("business-advisory-councils", TI, "Trump's 2017 business advisory councils (the Strategic and Policy Forum "
     "and the Manufacturing Jobs Initiative), on which Musk sat until June 2017.",
     ["+ビジネス諮問委員会", "!経済顧問"],
     ["+business advisory councils", "business advisory council", "presidential advisory councils",
      "!economic adviser", "!economic advisor", "!economic advisers"],
     {"ci": True,
      "note": "The source's 経済顧問 (economic adviser) is a factual slip: Musk was never Trump's economic "
              "adviser; he sat on two business advisory councils."}),
    ("senator", TI, "Member of the U.S. Senate.", ["+上院議員"], ["+senator", "!upper house member"], {}),
    ("representative", TI, "Member of the U.S. House of Representatives.",
     ["+下院議員"], ["+Representative", "Rep.", "congressman", "congresswoman", "member of Congress",
                     "!lower house member"], {"ci": True}),
    # ---------------------------------------------------------------------------------- organisations
    ("doge", ORG, "Department of Government Efficiency: advisory body created by executive order on 20 January "
     "2025 to cut federal spending; led by Musk until May 2025.",
     ["+政府効率化省", "~政府効率化局", "DOGE", "!政府効率化委員会"],
     ["+Department of Government Efficiency", "DOGE", "!Government Efficiency Committee",
      "!Government Efficiency Bureau", "!Bureau of Government Efficiency", "!Ministry of Government Efficiency",
      "government efficiency commission"],
     {"dnt": {"DOGE"}, "first": {"DOGE": "Department of Government Efficiency (DOGE)"},
      "note": "政府効率化局 is common in Japanese media; 政府効率化委員会 is wrong (not a committee). "
              "'government efficiency commission' is admitted only for Musk's proposal of August 2024, "
              "before the department was named."}),
    ("republican-party", ORG, "The Republican Party (GOP).",
     ["+共和党"], ["+Republican Party", "Republicans", "Republican", "GOP", "!Republic Party"], {}),
    ("democratic-party", ORG, "The Democratic Party.",
     ["+民主党"], ["+Democratic Party", "Democrats", "Democratic", "!Democrat Party"], {}),
    ("white-house", ORG, "The executive residence and office of the U.S. President, and the administration.",
     ["+ホワイトハウス"], ["+White House"], {}),
    ("us-congress", ORG, "The United States Congress.",
     ["+議会"], ["+Congress", "lawmakers", "!parliament", "!the Diet"], {}),
    ("us-senate", ORG, "The United States Senate.", ["+上院"], ["+Senate", "!House of Lords", "!upper house"], {}),
    ("america-pac", ORG, "Musk's super PAC supporting Trump's 2024 campaign.",
     ["+アメリカPAC", "!アメリカンPAC"], ["+America PAC", "!American PAC"],
     {"cs": {"America PAC"}, "note": "The committee's name is America PAC (Japanese media: アメリカPAC); "
                                     "アメリカンPAC in the source is a garble."}),
    ("super-pac", ORG, "Independent-expenditure-only political action committee.",
     ["+スーパーPAC", "!超党派政治活動委員会"],
     ["+super PAC", "!bipartisan PAC", "!bipartisan political action committee",
      "!nonpartisan political action committee"],
     {"note": "超党派政治活動委員会 (bipartisan) in the source is a mistranslation of super PAC; America PAC "
              "is not bipartisan."}),
    ("fec", ORG, "Federal Election Commission.",
     ["+連邦選挙委員会", "米国連邦選挙委員会"],
     ["+Federal Election Commission", "FEC", "!Federal Election Committee"], {}),
    ("secret-service", ORG, "U.S. Secret Service.", ["+シークレットサービス"], ["+Secret Service"], {}),
    ("spacex", ORG, "Space Exploration Technologies Corp.", ["+スペースX"], ["+SpaceX", "!Space X"],
     {"cs": {"Space X"}}),
    ("tesla", ORG, "Tesla, Inc., electric-vehicle maker led by Musk.", ["+テスラ"], ["+Tesla", "!Tessla"], {}),
    ("cpac", ORG, "Conservative Political Action Conference (annual).",
     ["+CPAC", "CPACカンファレンス"], ["+CPAC", "Conservative Political Action Conference"], {"dnt": {"CPAC"}}),
    ("wall-street", ORG, "The U.S. financial industry.", ["+ウォール街"], ["+Wall Street", "!Wall Town"], {}),
    ("silicon-valley", PL, "The U.S. technology industry (San Francisco Bay Area).",
     ["+シリコンバレー"], ["+Silicon Valley"], {}),
    ("big-tech", ORG, "The largest U.S. technology companies.",
     ["+大手テクノロジー企業"], ["+Big Tech", "major tech companies", "large technology companies"], {"ci": True}),
    ("dow-jones", ORG, "Dow Jones Industrial Average.",
     ["+ダウ平均株価"], ["+Dow Jones Industrial Average", "the Dow", "Dow Jones", "!Dow average stock price"], {}),
    ("congressional-budget-office", ORG, "Congressional Budget Office (nonpartisan scorekeeper of legislation).",
     ["+議会予算局", "議会の独立機関"],
     ["+Congressional Budget Office", "CBO", "nonpartisan Congressional Budget Office",
      "independent congressional agency"], {}),
    ("oval-office", PL, "The President's office in the White House.",
     ["+大統領執務室"], ["+Oval Office", "!presidential office", "!President's office"], {}),
    ("cabinet", ORG, "The President's Cabinet.", ["+閣議", "全閣僚"], ["+Cabinet", "Cabinet meeting"], {"ci": True}),
    # ------------------------------------------------------------------------------- outlets, platforms
    ("x-platform", ME, "Social network formerly called Twitter, owned by Musk since October 2022.",
     ["+X", "Xプラットフォーム"], ["+X", "X platform"], {"dnt": {"X"}}),
    ("twitter", ME, "The social network's name before July 2023.",
     ["+Twitter", "旧Twitter"], ["+Twitter", "formerly Twitter"], {"dnt": {"Twitter"}}),
    ("twitter-spaces", ME, "Live audio feature of Twitter/X.",
     ["+Twitter Spaces"], ["+Twitter Spaces", "X Spaces"], {"dnt": {"Twitter Spaces"}}),
    ("twitter-files", EV, "Internal Twitter documents released by Musk from December 2022.",
     ["+Twitterファイル"], ["+Twitter Files", "the Twitter Files"], {}),
    ("truth-social", ME, "Trump's social network.", ["+Truth Social"], ["+Truth Social", "!Truth Society"],
     {"dnt": {"Truth Social"}}),
    ("axios", ME, "U.S. news website.", ["+アクシオス", "Axios"], ["+Axios", "!Axiom"], {}),
    ("new-york-times", ME, "The New York Times.",
     ["+ニューヨーク・タイムズ", "ニューヨーク・タイムズ紙"],
     ["+The New York Times", "New York Times", "NYT", "!New York Time"], {}),
    ("politico", ME, "U.S. political news outlet.", ["+ポリティコ"], ["+Politico", "POLITICO"], {}),
    ("washington-post", ME, "The Washington Post.",
     ["+ワシントン・ポスト", "ワシントン・ポスト紙"], ["+The Washington Post", "Washington Post"], {}),
    ("the-guardian", ME, "British daily newspaper.",
     ["+ガーディアン", "ガーディアン紙", "英国紙ガーディアン紙"], ["+The Guardian", "Guardian", "!Guardian newspaper"],
     {}),
    ("associated-press", ME, "The Associated Press news agency.",
     ["+AP通信"], ["+The Associated Press", "Associated Press", "AP", "!AP News Agency"], {}),
    ("anchorman", ME, "Anchorman: The Legend of Ron Burgundy (2004 comedy film).",
     ["+アンカーマン", "映画『アンカーマン』"], ["+Anchorman"], {}),
    ("dogecoin", OT, "Cryptocurrency promoted by Musk; DOGE's acronym alludes to it.",
     ["+ドージコイン"], ["+Dogecoin", "!Doge coin", "!Dodge coin"], {}),
    # ----------------------------------------------------------------------------------------- places
    ("eagle-pass", PL, "Border city in Texas visited by Musk on 28 September 2023.",
     ["+イーグルパス", "!鷹潭"], ["+Eagle Pass", "!Yingtan", "!Eagle Pool"],
     {"note": "鷹潭 (Yingtan, a city in Jiangxi, China) is a machine-translation artefact in the source."}),
    ("butler", PL, "Butler, Pennsylvania: site of the 13 July 2024 assassination attempt.",
     ["+バトラー"], ["+Butler", "!butler"], {"cs": {"butler"}}),
    ("mar-a-lago", PL, "Trump's club and residence in Palm Beach, Florida.",
     ["+マール・アー・ラーゴ"], ["+Mar-a-Lago", "!Marl Ah Lago", "!Mar Ah Lago"], {}),
    ("madison-square-garden", PL, "Arena in New York City (Trump rally of 27 October 2024).",
     ["+マディソン・スクエア・ガーデン"], ["+Madison Square Garden", "MSG"], {}),
    ("texas", PL, "U.S. state.", ["+テキサス州", "テキサス"], ["+Texas"], {}),
    ("florida", PL, "U.S. state.", ["+フロリダ州", "フロリダ"], ["+Florida"], {}),
    ("pennsylvania", PL, "U.S. state.", ["+ペンシルベニア州", "ペンシルベニア"], ["+Pennsylvania"], {}),
    ("iowa", PL, "U.S. state.", ["+アイオワ州", "アイオワ"], ["+Iowa"], {}),
    ("wisconsin", PL, "U.S. state.", ["+ウィスコンシン州", "ウィスコンシン"], ["+Wisconsin"], {}),
    ("california", PL, "U.S. state.", ["+カリフォルニア州", "カリフォルニア"], ["+California"], {}),
    ("washington-dc", PL, "Washington, D.C., the U.S. capital (and its political establishment).",
     ["+ワシントン"], ["+Washington", "Washington, D.C."], {}),
    ("new-york", PL, "New York City.", ["+ニューヨーク"], ["+New York", "New York City"], {}),
    ("us-mexico-border", PL, "The border between the United States and Mexico.",
     ["+米墨国境"], ["+U.S.-Mexico border", "US-Mexico border", "southern border", "!US-Ink border",
                     "!American-Ink border"], {"ci": True}),
    ("argentina", PL, "Country.", ["+アルゼンチン"], ["+Argentina", "Argentine", "Argentinian"], {}),
    ("venezuela", PL, "Country.", ["+ベネズエラ"], ["+Venezuela"], {}),
    ("china", PL, "People's Republic of China.", ["+中国"], ["+China", "Chinese"], {}),
    ("united-states", PL, "The United States of America.",
     ["+アメリカ合衆国", "米国", "アメリカ"], ["+United States", "U.S.", "US", "America", "American", "Americans"],
     {}),
    ("mars", PL, "The planet.", ["+火星"], ["+Mars"], {}),
    ("swing-states", PL, "States where the 2024 presidential vote was expected to be close.",
     ["+激戦州"], ["+swing states", "battleground states", "swing state", "!fierce battle states"], {"ci": True}),
    # ----------------------------------------------------------------------------------------- events
    ("butler-assassination-attempt", EV, "Shooting at Trump's rally in Butler, Pennsylvania, 13 July 2024.",
     ["+暗殺未遂事件", "暗殺未遂"], ["+assassination attempt", "attempted assassination"], {}),
    ("us-election-2024", EV, "The 2024 United States presidential election (5 November 2024).",
     ["+アメリカ大統領選挙", "アメリカ合衆国大統領選挙", "大統領選挙", "大統領選"],
     ["+presidential election", "presidential race", "2024 election", "presidential campaign", "presidential bid",
      "White House race", "election"], {}),
    ("inauguration", EV, "Trump's second inauguration, 20 January 2025.",
     ["+就任式"], ["+inauguration", "swearing-in", "oath of office", "sworn in",
                     "!inauguration ceremony party"], {}),
    ("midterms-2026", EV, "The 2026 U.S. midterm elections.",
     ["+中間選挙"], ["+midterm elections", "midterms", "midterm election", "!intermediate election"], {}),
    ("republican-primary", EV, "The 2024 Republican presidential primaries.",
     ["+党予備選", "予備選"], ["+primary", "primaries", "Republican primary"], {}),
    ("wisconsin-supreme-court-election", EV, "Wisconsin Supreme Court election of 1 April 2025: a regular "
     "election for the open seat of retiring Justice Ann Walsh Bradley.",
     ["+州最高裁判事選挙", "!最高裁判所補欠選挙"],
     ["+Wisconsin Supreme Court election", "Wisconsin Supreme Court", "state Supreme Court race",
      "!Supreme Court by-election", "!special election", "!by-election"],
     {"note": "最高裁判所補欠選挙 (by-election) in the source is a factual slip: the seat was open because the "
              "justice retired at the end of her term; it was a regular election."}),
    ("capitol-riot", EV, "The attack on the U.S. Capitol on 6 January 2021.",
     ["+議会暴動"], ["+Capitol riot", "January 6 attack", "Jan. 6", "!parliament riot"], {"ci": True}),
    ("trade-war", EV, "Trump's 2025 tariff escalation.",
     ["+貿易戦争", "貿易関税戦争"], ["+trade war", "tariff war"], {}),
    ("epstein-files", EV, "Government records of the Jeffrey Epstein investigation.",
     ["+エプスタインのファイル"], ["+Epstein files", "!Epstein's file"], {"ci": True}),
    # ------------------------------------------------------------------------------------ laws, bills
    ("one-big-beautiful-bill", LAW, "Trump's 2025 budget reconciliation bill (tax cuts and spending), "
     "enacted 4 July 2025 as the One Big Beautiful Bill Act.",
     ["+ビッグ・ビューティフル・ビル", "大きくて美しい法案", "大きく美しい法案"],
     ["+One Big Beautiful Bill", "Big Beautiful Bill", "One Big Beautiful Bill Act",
      "big, beautiful bill", "!Big and Beautiful Bill", "!big beautiful law", "!Big Beautiful Building"],
     {"single": True, "ci": True}),
    ("first-amendment", LAW, "First Amendment to the U.S. Constitution (freedom of speech).",
     ["+憲法修正第1条", "修正第1条"], ["+First Amendment", "!Constitution Amendment Article 1"], {}),
    ("second-amendment", LAW, "Second Amendment to the U.S. Constitution (right to keep and bear arms).",
     ["+憲法修正第2条", "修正第2条"], ["+Second Amendment", "!Amendment Article 2"], {}),
    ("gun-rights", LAW, "The right to keep and bear arms (Second Amendment); Musk's petition supported it.",
     ["+銃の所持権", "!銃規制"], ["+gun rights", "right to bear arms", "right to keep and bear arms", "!gun control"],
     {"note": "銃規制 (gun control) in the timeline contradicts the petition, which supported gun rights."}),
    ("free-speech", LAW, "Freedom of speech (First Amendment).",
     ["+言論の自由"], ["+free speech", "freedom of speech", "!freedom of discourse"], {}),
    ("paris-agreement", LAW, "2015 Paris climate agreement; Trump announced U.S. withdrawal in June 2017.",
     ["+パリ協定"], ["+Paris climate agreement", "Paris Agreement", "Paris climate accord", "!Paris Protocol"],
     {"ci": True}),
    ("tax-cuts-2017", LAW, "Tax Cuts and Jobs Act of 2017.",
     ["+2017年の減税"], ["+2017 tax cuts", "Tax Cuts and Jobs Act"], {"ci": True}),
    # ------------------------------------------------------------------------------ slogans and phrases
    ("maga", SL, "Make America Great Again: Trump's slogan and movement.",
     ["+MAGA", "!マジシャン"], ["+MAGA", "!magician", "!magicians"],
     {"dnt": {"MAGA"}, "note": "マジシャン (magician) after MAGA in the source is a mistranslation."}),
    ("dark-maga", SL, "Musk's self-description at Trump's October 2024 rallies.",
     ["+ダークMAGA", "ダークでゴシックなMAGA"], ["+Dark MAGA", "dark MAGA", "dark gothic MAGA", "!dark magician"],
     {}),
    ("make-america-great-again", SL, "Trump's campaign slogan.",
     ["+アメリカを再び偉大にする", "アメリカを再び偉大に"],
     ["+Make America Great Again", "make America great again", "makes America great again",
      "!Make America Great Once More", "!make America great again once more"],
     {"cs": {"Make America Great Again"}}),
    ("occupy-mars", SL, "Slogan on the T-shirt Musk wore at Madison Square Garden.",
     ["+Occupy Mars", "火星を占拠せよ"], ["+Occupy Mars", "!Seize Mars"], {"dnt": {"Occupy Mars"}}),
    ("musk-2024", SL, "Text on flags waved at CPAC 2025.", ["+Musk 2024"], ["+Musk 2024"], {"dnt": {"Musk 2024"}}),
    ("trump-musk-alliance", OT, "Nickname of the Trump–Musk partnership.",
     ["+トランプ・マスク同盟", "!テマ同盟"], ["+Trump-Musk alliance", "!Tema alliance"],
     {"ci": True, "note": "テマ同盟 in the source is an unexplained transliteration of Chinese 特马同盟 "
                          "(特 = Trump, 马 = Musk)."}),
    ("bull-artist", OT, "Trump's July 2022 insult of Musk (\"another bull---- artist\", rally in Anchorage).",
     ["+ホラ吹き", "!ブル・アーティスト"],
     ["+bull---- artist", "bullshit artist", "BS artist", "!bull artist"],
     {"ci": True, "note": "ブル・アーティスト in the source is a meaningless transliteration; news style prints the "
                          "word as bull----."}),
    ("deep-state", OT, "Conspiracy term for an unelected bureaucracy acting against the President.",
     ["+ディープステート", "!ディープガバメント"], ["+deep state", "!deep government"],
     {"note": "ディープガバメント in the source is a calque of Chinese 深层政府; the Japanese term is "
              "ディープステート."}),
    ("pork", OT, "Wasteful earmarked spending (pork-barrel).",
     ["+ポーク", "!豚肉"], ["+pork", "pork-barrel spending", "pork-filled", "!pig meat"],
     {"note": "豚肉 (pig meat) in the source is a literal rendering of the political slang 'pork'."}),
    ("debt-slavery", OT, "Musk's phrase for unsustainable federal debt.",
     ["+債務奴隷"], ["+debt slavery", "!debt slaves"], {}),
    ("deficit-hawks", OT, "Lawmakers who prioritise cutting the budget deficit.",
     ["+財政赤字タカ派"], ["+deficit hawks", "fiscal hawks", "!fiscal deficit eagles"], {}),
    ("teleprompter", OT, "Musk's jibe: 'the real president is the teleprompter'.",
     ["+テレプロンプター"], ["+teleprompter", "!telepromptor"], {}),
    ("chainsaw", OT, "The red chainsaw Milei gave Musk at CPAC 2025 ('chainsaw for bureaucracy').",
     ["+チェーンソー", "赤いチェーンソー"], ["+chainsaw", "chain saw"], {}),
    ("artificial-intelligence", OT, "Artificial intelligence; Musk has long warned of its risks.",
     ["+人工知能", "AI"], ["+artificial intelligence", "AI"], {"dnt": {"AI"}}),
    ("electric-vehicle", OT, "Battery electric car; subject of the EV tax credit.",
     ["+電気自動車"], ["+electric vehicle", "EV", "electric car", "electric vehicles", "EVs"], {}),
]


def _term(spec: str, lang: str, ctype: ConceptType, opts: dict[str, Any]) -> Term:
    status = TermStatus.ADMITTED
    non_canonical = False
    if spec[0] == "+":
        status, spec = TermStatus.PREFERRED, spec[1:]
    elif spec[0] == "!":
        status, spec = TermStatus.FORBIDDEN, spec[1:]
    elif spec[0] == "~":
        non_canonical, spec = True, spec[1:]
    dnt = spec in opts.get("dnt", set()) and lang == "en"
    case_sensitive = spec in opts.get("cs", set())
    if lang == "en" and status is not TermStatus.FORBIDDEN and ctype in PROPER and not opts.get("ci"):
        case_sensitive = True
    if lang == "ja" and spec.isascii() and spec.isupper():
        case_sensitive = True  # Latin acronyms in the Japanese source (X, MAGA, DOGE, CPAC)
    return Term(
        text=spec, lang=lang, status=status, case_sensitive=case_sensitive and not dnt, do_not_translate=dnt,
        first_mention=opts.get("first", {}).get(spec) if lang == "en" else None, non_canonical=non_canonical,
        term_type="acronym" if spec.isascii() and spec.isupper() and len(spec) > 1 else None,
    )


def build() -> Glossary:
    concepts = []
    for cid, ctype, definition, ja, en, opts in CONCEPTS:
        terms = [_term(s, "ja", ctype, opts) for s in ja] + [_term(s, "en", ctype, opts) for s in en]
        concepts.append(Concept(id=cid, type=ctype, terms=tuple(terms), definition=definition,
                                note=opts.get("note", ""), single_rendering=bool(opts.get("single"))))
    return Glossary(concepts=tuple(concepts), name=NAME, version=VERSION, source_lang="ja", target_lang="en",
                    description="Names, organisations, places, events, bills, titles, outlets and slogans of "
                    "corpus/musk-trump/source.ja.txt, with forbidden literal renderings.")


def outputs() -> dict[Path, bytes]:
    g = build()
    return {TBX_PATH: to_tbx_bytes(g), CSV_PATH: to_csv_text(g).encode("utf-8")}


def main(argv: list[str]) -> int:
    files = outputs()
    if "--check" in argv:
        stale = [p.name for p, data in files.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python scripts/build_glossary.py")
            return 1
        return 0
    for path, data in files.items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
