"""Hand-written phrases of the development set shared by all topics: company facts, names, places, civil
companies that are no defence suppliers at all, and financiers with mandates."""

FILLERS = {
    "nl": [
        "Het bedrijf is gevestigd in {city} en heeft {n} medewerkers.",
        "Opgericht in {year}; gecertificeerd volgens ISO 9001 en AQAP 2110.",
        "Klanten zijn krijgsmachten, overheden en systeemintegratoren in Europa.",
        "Wij zoeken partners om de productie op te schalen.",
        "Wij nemen deel aan het regionale netwerk van defensie-innovatie.",
    ],
    "en": [
        "Based in {city}, with {n} employees.",
        "Founded in {year}; certified to ISO 9001 and AQAP 2110.",
        "Customers include armed forces, government agencies and system integrators across Europe.",
        "We are looking for partners to scale up production.",
        "Member of a regional defence innovation cluster.",
    ],
    "uk": [
        "Компанія розташована в місті {city} і має {n} працівників.",
        "Заснована у {year} році; має сертифікати ISO 9001 і AQAP 2110.",
        "Серед замовників — Збройні сили України, державні установи та іноземні партнери.",
        "Шукаємо партнерів для спільного виробництва в Європі.",
        "Учасник регіонального кластера оборонних технологій.",
    ],
}

CIVIL_FILLERS = {
    "nl": ["Het bedrijf is gevestigd in {city} en heeft {n} medewerkers.", "Opgericht in {year}."],
    "en": ["Based in {city}, with {n} employees.", "Founded in {year}."],
    "uk": ["Компанія розташована в місті {city} і має {n} працівників.", "Заснована у {year} році."],
}

PLACES = {
    "nl": [("Eindhoven", "NL-NB"), ("Delft", "NL-ZH"), ("Enschede", "NL-OV"), ("Groningen", "NL-GR"),
           ("Rotterdam", "NL-ZH"), ("Den Helder", "NL-NH"), ("Geleen", "NL-LI"), ("Breda", "NL-NB"),
           ("Apeldoorn", "NL-GE"), ("Vlissingen", "NL-ZE")],
    "en": [("Leiden", "NL-ZH"), ("Eindhoven", "NL-NB"), ("Bristol", "GB-BST"), ("Portsmouth", "GB-POR"),
           ("Aberdeen", "GB-ABE"), ("Glasgow", "GB-GLG"), ("Twente", "NL-OV")],
    "uk": [("Київ", "UA-30"), ("Львів", "UA-46"), ("Дніпро", "UA-12"), ("Харків", "UA-63"), ("Одеса", "UA-51"),
           ("Миколаїв", "UA-48"), ("Запоріжжя", "UA-23")],
}

NAMES = {
    "nl": ["Valk", "Noordzee", "Kompas", "Helder", "Vuurtoren", "Dijkhuis", "Polder", "Zwaluw", "Eiland", "Meridiaan",
           "Baken", "Horizon", "Orion", "Zeeland", "Veluwe", "Delta", "Schild", "Anker", "Wadden", "Kempen"],
    "en": ["Northgate", "Ironbridge", "Bluefin", "Greystone", "Silverline", "Redkite", "Blackwater", "Sentinel",
           "Kestrel", "Harbourside", "Westmark", "Skyforge", "Tidewater", "Granite", "Lodestar", "Fairhaven"],
    "uk": ["Сокіл", "Оберіг", "Карпати", "Дніпро-Тех", "Горизонт", "Січ", "Берегиня", "Бастіон", "Перун", "Ятрань",
           "Степ", "Славутич", "Орель", "Вежа", "Кремінь", "Зоря"],
}

SUFFIXES = {
    "nl": ["Systemen B.V.", "Techniek", "Defence B.V.", "Solutions", "Industries", "Technologies B.V."],
    "en": ["Systems Ltd", "Dynamics", "Technologies", "Engineering", "Defence Ltd", "Labs"],
    "uk": ["Системи", "Технології", "Інжиніринг", "Оборонні рішення", "Груп"],
}

TITLES = {
    "organisation": {"nl": "{name} {suffix}", "en": "{name} {suffix}", "uk": "ТОВ «{name} {suffix}»"},
    "test-facility": {"nl": "Testcentrum {name}", "en": "{name} Test Centre", "uk": "Випробувальний центр «{name}»"},
    "knowledge-institution": {"nl": "Kenniscentrum {name}", "en": "{name} Institute", "uk": "Інститут «{name}»"},
    "financier": {"nl": "{name} Capital", "en": "{name} Ventures", "uk": "Фонд «{name}»"},
    "civil": {"nl": "{name} {suffix}", "en": "{name} {suffix}", "uk": "ФОП «{name}»"},
}
CIVIL_SUFFIXES = {"nl": ["& Zonen", "Groep", "B.V.", "Service", "Holding"], "en": ["& Co", "Group", "Ltd", "Services"],
                  "uk": [""]}

# Companies with no defence link at all: the bulk of any real registry.
CIVIL = {
    "nl": [
        "Ambachtelijke bakkerij met drie winkels: brood, taart en catering voor bedrijfslunches.",
        "Accountantskantoor voor het mkb: jaarrekeningen, belastingaangiften en salarisadministratie.",
        "Wij verhuizen particulieren en bedrijven door heel Nederland en bieden opslag in containers.",
        "Installatiebedrijf voor warmtepompen, zonnepanelen en vloerverwarming in nieuwbouw en renovatie.",
        "Webbureau: websites, webwinkels en online marketing voor lokale ondernemers.",
        "Hoveniersbedrijf voor aanleg en onderhoud van tuinen, daktuinen en bedrijfsgroen.",
        "Schoonmaakbedrijf voor kantoren, scholen en zorginstellingen, ook glasbewassing.",
        "Fietsenwinkel met werkplaats: verkoop, reparatie en lease van elektrische fietsen.",
        "Uitzendbureau voor logistiek en productie, met huisvesting voor arbeidsmigranten.",
        "Drukkerij voor folders, verpakkingen en grootformaat reclame, ook duurzaam papier.",
    ],
    "en": [
        "Craft brewery and taproom producing ales and lagers for pubs and supermarkets.",
        "Recruitment agency for finance and office roles, with temporary and permanent placements.",
        "Wedding and event planning: venues, catering, music and decoration arranged for you.",
        "Online language school offering English and Dutch courses for professionals.",
        "Property management for landlords: tenant screening, rent collection and repairs.",
        "Veterinary clinic for pets and horses, with emergency service at weekends.",
        "Software consultancy building customer portals and mobile apps for retailers.",
        "Commercial laundry for hotels and restaurants: linen hire, washing and delivery.",
        "Furniture maker producing solid oak tables and cabinets to order.",
        "Travel agency for group tours and business travel across Europe.",
    ],
    "uk": [
        "Пекарня та кондитерська: хліб, торти та кейтеринг для офісів.",
        "Бухгалтерські послуги для малого бізнесу: звітність, податки та зарплата.",
        "Вантажні перевезення та переїзди по Україні, складське зберігання.",
        "Монтаж сонячних електростанцій і теплових насосів для приватних будинків.",
        "Розробка сайтів та інтернет-магазинів, реклама в соціальних мережах.",
        "Ландшафтний дизайн, озеленення та догляд за садами.",
        "Клінінгова компанія: прибирання офісів, квартир і миття вікон.",
        "Магазин і майстерня велосипедів та електросамокатів.",
        "Кадрове агентство для виробничих і логістичних підприємств.",
        "Друкарня: листівки, пакування та широкоформатний друк.",
    ],
}

# Financiers, each with its mandate (stored as metadata). Not judged for the needs: they are distractors
# for the evaluation and test material for the mandate logic.
FINANCIERS = [
    ("nl", "Wij investeren in Nederlandse technologiebedrijven in defensie en veiligheid, van eerste klanten tot "
           "groei, met tickets van 250.000 tot 3 miljoen euro.",
     {"stages": ["seed", "series a"], "trl_min": 4, "trl_max": 8, "ticket_min_eur": 250_000,
      "ticket_max_eur": 3_000_000, "areas": ["intelligent-systems", "sensors", "quantum"],
      "exclusions": ["munitions", "nuclear weapons"]}),
    ("nl", "Regionale ontwikkelingsmaatschappij: leningen en participaties voor innovatieve mkb-bedrijven in de "
           "maakindustrie, ook dual-use.",
     {"stages": ["seed", "growth"], "ticket_min_eur": 100_000, "ticket_max_eur": 2_000_000,
      "exclusions": ["weapons"]}),
    ("en", "Growth equity for European defence and security suppliers scaling production, tickets of 5 to 40 million "
           "euros.",
     {"stages": ["growth"], "trl_min": 7, "trl_max": 9, "ticket_min_eur": 5_000_000, "ticket_max_eur": 40_000_000}),
    ("en", "Early-stage venture fund for deep tech: quantum, photonics and space start-ups from university spin-offs.",
     {"stages": ["pre-seed", "seed"], "trl_min": 2, "trl_max": 6, "ticket_min_eur": 100_000,
      "ticket_max_eur": 1_500_000, "areas": ["quantum", "space"], "exclusions": ["weapons"]}),
    ("uk", "Фонд підтримує українські оборонні стартапи грантами та інвестиціями на етапі прототипу й першого "
           "виробництва.",
     {"stages": ["pre-seed", "seed"], "trl_min": 3, "trl_max": 7, "ticket_min_eur": 25_000,
      "ticket_max_eur": 500_000, "areas": ["intelligent-systems", "sensors"]}),
]
