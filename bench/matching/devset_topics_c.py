"""Hand-written phrases of the development set, part C: quantum, maritime, ammunition (see devset_topics_a)."""

TOPICS_C = [
    {
        "key": "quantum-key-distribution", "areas": ["quantum"], "cpv": ["32570000", "48732000"],
        "negative_cpv": ["44520000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij leveren systemen voor kwantumsleuteldistributie die encryptiesleutels uitwisselen via "
                "glasvezel.",
                "Elke poging tot afluisteren verstoort de kwantumtoestand van de fotonen en wordt opgemerkt.",
                "De sleutels voeden bestaande versleutelingsapparatuur van netwerken tussen overheidslocaties.",
                "Ons systeem overbrugt 100 km glasvezel zonder vertrouwde tussenstations.",
            ],
            "detail": [
                "Wij nemen deel aan het Europese netwerk voor kwantumcommunicatie.",
                "De apparatuur past in een standaard 19-inch rek.",
            ],
            "need": "Wij verwachten dat tegenstanders vandaag versleuteld verkeer tussen onze staven opslaan om het "
                    "later te ontcijferen. Wij zoeken een manier om sleutels tussen onze locaties uit te wisselen die "
                    "ook op lange termijn niet te breken is.",
            "related": "Wij maken supergeleidende enkelvoudige-fotondetectoren met hoge efficiëntie voor "
                       "kwantumcommunicatie en kwantumoptica-onderzoek.",
            "negative": "Slotenmaker en sleutelservice: sleutels bijmaken, cilindersloten vervangen en "
                        "inbraakbeveiliging "
                        "voor woningen en bedrijven.",
        },
        "en": {
            "core": [
                "We supply quantum key distribution systems that exchange encryption keys over optical fibre.",
                "Any eavesdropping attempt disturbs the quantum state of the photons and is detected.",
                "The keys feed existing encryption devices on networks between government sites.",
                "Our system spans 100 km of fibre without trusted intermediate nodes.",
            ],
            "detail": [
                "We take part in the European quantum communication infrastructure.",
                "The equipment fits a standard 19-inch rack.",
            ],
            "need": "We expect adversaries to store encrypted traffic between our headquarters today in order to "
                    "decrypt it later. We are looking for a way to exchange keys between our sites that cannot be "
                    "broken in the long run either.",
            "related": "We make superconducting single-photon detectors with high efficiency for quantum "
                       "communication and quantum optics research.",
            "negative": "Locksmith and key service: key cutting, replacing cylinder locks and burglary protection for "
                        "homes and businesses.",
        },
        "uk": {
            "core": [
                "Постачаємо системи квантового розподілу ключів, що обмінюються ключами шифрування оптичним "
                "волокном.",
                "Будь-яка спроба перехоплення порушує квантовий стан фотонів і виявляється.",
                "Ключі передаються наявним засобам шифрування в мережах між державними установами.",
                "Система працює на відстані 100 км волокна без довірених проміжних вузлів.",
            ],
            "detail": [
                "Беремо участь у європейській інфраструктурі квантового зв'язку.",
                "Обладнання вміщується у стандартну 19-дюймову стійку.",
            ],
            "need": "Очікуємо, що противник уже зараз записує зашифрований обмін між нашими штабами, щоб розшифрувати "
                    "його пізніше. Шукаємо спосіб обмінюватися ключами між об'єктами, який не вдасться зламати й у "
                    "майбутньому.",
            "related": "Виготовляємо надпровідні детектори одиночних фотонів із високою ефективністю для квантового "
                       "зв'язку та досліджень у квантовій оптиці.",
            "negative": "Слюсарна майстерня: виготовлення ключів, заміна циліндрових замків і захист від зламу для "
                        "квартир і офісів.",
        },
    },
    {
        "key": "quantum-magnetometers", "areas": ["quantum", "sensors"], "cpv": ["38290000", "35720000"],
        "negative_cpv": ["37400000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij ontwikkelen kwantummagnetometers op basis van stikstofgebreken in diamant en optisch gepompte "
                "atomen.",
                "De sensoren meten minieme verstoringen van het aardmagnetisch veld door onderzeeboten, zeemijnen en "
                "begraven objecten.",
                "Een gevoeligheid van picotesla's maakt detectie mogelijk vanaf een drone of een sleep onder een "
                "schip.",
                "Het meetsysteem werkt zonder cryogene koeling en verbruikt enkele watts.",
            ],
            "detail": [
                "Wij zijn een spin-off van een Nederlandse technische universiteit.",
                "Een prototype is getest boven de Noordzee.",
            ],
            "need": "Onze marine moet zeemijnen en kleine onderzeeërs vinden in ondiep, troebel water, waar sonar "
                    "slecht werkt door golven en bodemechos. Wij zoeken nieuwe meetprincipes die metalen objecten "
                    "onder water op afstand kunnen opmerken.",
            "related": "Magnetisch afgeschermde meetruimte en een magnetisch stil testveld voor het kalibreren van "
                       "gevoelige magnetometers.",
            "negative": "Metaaldetectoren voor hobbyisten en schattenzoekers, met cursussen over zoeken op het strand "
                        "en in akkers.",
        },
        "en": {
            "core": [
                "We develop quantum magnetometers based on nitrogen-vacancy centres in diamond and optically pumped "
                "atoms.",
                "The sensors measure tiny disturbances of the earth's magnetic field caused by submarines, sea mines "
                "and buried objects.",
                "Picotesla sensitivity allows detection from a drone or a towed body behind a ship.",
                "The system needs no cryogenic cooling and draws a few watts.",
            ],
            "detail": [
                "We are a spin-off of a Dutch technical university.",
                "A prototype has been tested over the North Sea.",
            ],
            "need": "Our navy has to find sea mines and small submarines in shallow, murky water, where sonar works "
                    "poorly because of waves and seabed echoes. We are looking for new sensing principles that can "
                    "notice metal objects under water from a distance.",
            "related": "Magnetically shielded room and a magnetically quiet test field for calibrating sensitive "
                       "magnetometers.",
            "negative": "Metal detectors for hobbyists and treasure hunters, with courses on searching beaches and "
                        "fields.",
        },
        "uk": {
            "core": [
                "Розробляємо квантові магнітометри на основі азотно-вакансійних центрів в алмазі та атомів з "
                "оптичним накачуванням.",
                "Датчики вимірюють найменші збурення магнітного поля Землі від підводних човнів, морських мін і "
                "закопаних об'єктів.",
                "Чутливість на рівні пікотесла дозволяє виявлення з дрона або буксированого носія за кораблем.",
                "Система не потребує кріогенного охолодження і споживає кілька ватів.",
            ],
            "detail": [
                "Ми — спін-оф технічного університету.",
                "Прототип випробувано над Чорним морем.",
            ],
            "need": "Флот має знаходити морські міни та малі підводні човни на мілководді з каламутною водою, де "
                    "сонар погано працює через хвилі та відбиття від дна. Шукаємо нові принципи вимірювання, що "
                    "дозволяють помітити металеві об'єкти під водою на відстані.",
            "related": "Магнітоекранована кімната та магнітно тихий полігон для калібрування чутливих магнітометрів.",
            "negative": "Металошукачі для любителів і шукачів скарбів, з курсами пошуку на пляжах і полях.",
        },
    },
    {
        "key": "atomic-clocks", "areas": ["quantum"], "cpv": ["38550000", "38112000"],
        "negative_cpv": ["18520000"], "related_kind": "knowledge-institution",
        "nl": {
            "core": [
                "Wij bouwen compacte atoomklokken die nauwkeurige tijd en frequentie leveren als satellietsignalen "
                "wegvallen.",
                "Onze klok op chipschaal verliest minder dan een microseconde per dag.",
                "Radio's, radars en netwerken blijven gesynchroniseerd, ook bij langdurige GNSS-storing.",
                "De module is schokbestendig en geschikt voor voertuigen, schepen en drones.",
            ],
            "detail": [
                "De productie vindt plaats in een eigen cleanroom.",
                "Wij leveren ook aan telecomoperators en energienetbeheerders.",
            ],
            "need": "Onze verbindingsmiddelen en sensoren halen hun tijdsynchronisatie uit satellietsignalen. Als "
                    "die worden gestoord, valt na korte tijd het netwerk uit. Wij zoeken een eigen, zeer stabiele "
                    "tijdsbron in elk voertuig.",
            "related": "Nationaal laboratorium voor tijd en frequentie: kalibratie van klokken en oscillatoren en "
                       "onderzoek naar optische atoomklokken.",
            "negative": "Juwelier en horlogemaker: verkoop en reparatie van klokken en horloges, batterijen vervangen "
                        "en gravures.",
        },
        "en": {
            "core": [
                "We build compact atomic clocks that provide accurate time and frequency when satellite signals are "
                "lost.",
                "Our chip-scale clock drifts less than a microsecond per day.",
                "Radios, radars and networks stay synchronised even during prolonged GNSS jamming.",
                "The module is shock-resistant and suitable for vehicles, ships and drones.",
            ],
            "detail": [
                "Production takes place in our own clean room.",
                "We also supply telecom operators and power grid operators.",
            ],
            "need": "Our communication equipment and sensors take their time synchronisation from satellite "
                    "signals. When those are jammed, the network fails after a short while. We want a stable time "
                    "source of our own in every vehicle.",
            "related": "National time and frequency laboratory: calibration of clocks and oscillators and research "
                       "into optical atomic clocks.",
            "negative": "Jeweller and watchmaker: sale and repair of clocks and watches, battery replacement and "
                        "engraving.",
        },
        "uk": {
            "core": [
                "Створюємо компактні атомні годинники, що забезпечують точний час і частоту за відсутності "
                "супутникових сигналів.",
                "Наш годинник масштабу мікросхеми відхиляється менш ніж на мікросекунду на добу.",
                "Радіостанції, радари та мережі залишаються синхронізованими навіть за тривалого придушення GNSS.",
                "Модуль ударостійкий і придатний для техніки, кораблів і дронів.",
            ],
            "detail": [
                "Виробництво здійснюється у власній чистій кімнаті.",
                "Постачаємо також операторам зв'язку та енергомереж.",
            ],
            "need": "Засоби зв'язку та датчики беруть синхронізацію часу із супутникових сигналів. Коли їх глушать, "
                    "мережа невдовзі перестає працювати. Потрібне власне дуже стабільне джерело часу в кожній "
                    "машині.",
            "related": "Національна лабораторія часу та частоти: калібрування годинників і генераторів, дослідження "
                       "оптичних атомних годинників.",
            "negative": "Ювелірна майстерня та годинникар: продаж і ремонт годинників, заміна батарейок і гравіювання.",
        },
    },
    {
        "key": "usv-mine-countermeasures", "areas": ["maritime", "intelligent-systems"],
        "cpv": ["34500000", "35500000"], "negative_cpv": ["14000000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij bouwen onbemande oppervlaktevaartuigen die zeemijnen opsporen en neutraliseren zonder mensen in "
                "het mijnenveld.",
                "Het vaartuig sleept een zijzichtsonar en zet een onderwaterrobot uit om contacten te identificeren.",
                "Autonome software plant de zoekbanen en vermijdt scheepvaart volgens de bakenregels.",
                "Vanaf een moederschip of de wal bewaakt één operator meerdere vaartuigen.",
            ],
            "detail": [
                "Het vaartuig is 12 meter lang en past in een standaardcontainer op een vrachtwagen.",
                "Wij werken samen met een Belgische werf.",
            ],
            "need": "Het vrijmaken van vaarroutes en havens van zeemijnen is gevaarlijk en duurt lang met bemande "
                    "mijnenjagers. Wij willen dat werk doen met vaartuigen zonder bemanning aan boord, zodat schepen "
                    "en mensen buiten het gevaarlijke gebied blijven.",
            "related": "Testhaven en oefengebied voor autonome schepen, met oefenmijnen, bewaakte vaarwegen en "
                       "meetapparatuur om navigatie en detectie te beoordelen.",
            "negative": "Mijnbouwbedrijf: winning van zand, grind en klei, met eigen baggerschepen en overslag naar "
                        "binnenvaartschepen.",
        },
        "en": {
            "core": [
                "We build unmanned surface vessels that find and neutralise sea mines without people in the "
                "minefield.",
                "The vessel tows a side-scan sonar and launches an underwater robot to identify contacts.",
                "Autonomy software plans the search lanes and avoids traffic according to collision regulations.",
                "From a mother ship or ashore one operator supervises several vessels.",
            ],
            "detail": [
                "The vessel is 12 metres long and fits a standard container on a truck.",
                "We work with a Belgian shipyard.",
            ],
            "need": "Clearing shipping lanes and ports of sea mines is dangerous and slow with crewed minehunters. We "
                    "want to do that work with vessels without a crew on board, so that ships and people stay out of "
                    "the danger area.",
            "related": "Test harbour and exercise area for autonomous ships, with practice mines, controlled "
                       "waterways and instrumentation to assess navigation and detection.",
            "negative": "Mining company: extraction of sand, gravel and clay, with our own dredgers and transfer to "
                        "inland barges.",
        },
        "uk": {
            "core": [
                "Будуємо безекіпажні катери, що знаходять і знешкоджують морські міни без людей на мінному полі.",
                "Катер буксирує гідролокатор бокового огляду і випускає підводного робота для ідентифікації "
                "контактів.",
                "Автономне програмне забезпечення планує галси пошуку та розходиться з суднами за правилами МППСС.",
                "З корабля-носія або з берега один оператор контролює кілька катерів.",
            ],
            "detail": [
                "Довжина катера 12 метрів, він поміщається у стандартний контейнер на вантажівці.",
                "Співпрацюємо з верф'ю в Миколаєві.",
            ],
            "need": "Розмінування фарватерів і портів кораблями з екіпажем небезпечне й повільне. Хочемо виконувати "
                    "цю роботу суднами без людей на борту, щоб кораблі та моряки залишалися поза небезпечною зоною.",
            "related": "Випробувальна гавань і полігон для автономних суден із навчальними мінами, контрольованими "
                       "фарватерами та апаратурою оцінки навігації та виявлення.",
            "negative": "Гірничодобувна компанія: видобуток піску, гравію та глини власними земснарядами з "
                        "перевантаженням на річкові баржі.",
        },
    },
    {
        "key": "diver-detection-sonar", "areas": ["maritime", "sensors"], "cpv": ["38113000", "35120000"],
        "negative_cpv": ["37400000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Ons sonarsysteem beschermt havens en schepen tegen duikers en onderwaterdrones met kwade bedoelingen.",
                "De actieve sonar detecteert een duiker op 800 meter en volgt hem automatisch.",
                "Alarmen verschijnen op het havenbeveiligingsscherm samen met camera- en radarbeelden.",
                "Het systeem onderscheidt duikers van vissen, zeehonden en scheepsschroeven.",
            ],
            "detail": [
                "De sonarkop kan aan een steiger of onder een schip worden gemonteerd.",
                "Geïnstalleerd in marinehavens en bij energie-installaties op zee.",
            ],
            "need": "Onze marinehaven en de schepen aan de kade zijn kwetsbaar voor sabotage van onder water, "
                    "bijvoorbeeld "
                    "door zwemmers of kleine onbemande onderzeeërs. Wij willen een tijdige waarschuwing als iemand "
                    "onder water nadert.",
            "related": "Akoestisch testbassin en meetlocatie in een meer voor het beproeven van sonars, hydrofoons en "
                       "onderwatervoertuigen.",
            "negative": "Fishfinders en dieptemeters met sonar voor sportvissers en kleine boten, verkocht via "
                        "hengelsportwinkels.",
        },
        "en": {
            "core": [
                "Our sonar system protects harbours and ships against divers and underwater drones with hostile "
                "intent.",
                "The active sonar detects a diver at 800 metres and tracks him automatically.",
                "Alarms appear on the port security display together with camera and radar images.",
                "The system tells divers apart from fish, seals and ship propellers.",
            ],
            "detail": [
                "The sonar head can be mounted on a jetty or under a ship.",
                "Installed in naval bases and at offshore energy installations.",
            ],
            "need": "Our naval base and the ships alongside are vulnerable to sabotage from under water, for example "
                    "by swimmers or small unmanned submarines. We want a timely warning when someone approaches "
                    "under water.",
            "related": "Acoustic test tank and lake measurement site for testing sonars, hydrophones and underwater "
                       "vehicles.",
            "negative": "Fish finders and depth sounders with sonar for anglers and small boats, sold through fishing "
                        "tackle shops.",
        },
        "uk": {
            "core": [
                "Наш гідролокаційний комплекс захищає порти та кораблі від підводних диверсантів і підводних дронів.",
                "Активний сонар виявляє плавця на відстані 800 метрів і автоматично його супроводжує.",
                "Тривоги відображаються на екрані охорони порту разом із зображеннями камер і радарів.",
                "Система відрізняє плавців від риби, тюленів і гребних гвинтів.",
            ],
            "detail": [
                "Антена сонара кріпиться до причалу або під днищем корабля.",
                "Встановлено на військово-морських базах і морських енергетичних об'єктах.",
            ],
            "need": "Наша військово-морська база та кораблі біля причалу вразливі до диверсій з-під води, наприклад "
                    "бойових плавців або малих безекіпажних підводних апаратів. Потрібне своєчасне попередження, "
                    "коли хтось наближається під водою.",
            "related": "Акустичний випробувальний басейн і озерний полігон для перевірки сонарів, гідрофонів і "
                       "підводних апаратів.",
            "negative": "Ехолоти та ехолокатори для рибалок і невеликих човнів, продаж через рибальські магазини.",
        },
    },
    {
        "key": "hybrid-propulsion", "areas": ["maritime"], "cpv": ["31100000", "35500000"],
        "negative_cpv": ["63500000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij ontwerpen hybride en elektrische voortstuwing voor patrouilleschepen, fregatten en "
                "ondersteuningsschepen.",
                "Elektromotoren op de schroefas maken stil varen mogelijk bij het zoeken naar onderzeeboten.",
                "Ons energiebeheersysteem verdeelt vermogen tussen dieselgeneratoren, accu's en wapensystemen.",
                "Ombouw van bestaande schepen vermindert brandstofverbruik en onderhoud.",
            ],
            "detail": [
                "Wij leveren aan werven in Nederland, Duitsland en Noorwegen.",
                "Onze systemen voldoen aan de klassenregels voor marineschepen.",
            ],
            "need": "Onze nieuwe fregatten moeten onderzeeboten kunnen opsporen terwijl ze zelf zo min mogelijk geluid "
                    "onder water maken, en tegelijk veel elektrisch vermogen leveren voor sensoren. De huidige "
                    "dieselmotoren zijn daarvoor te luid.",
            "related": "Wij leveren scheepsaccusystemen met lithium-ijzerfosfaatcellen, brandveilig en "
                       "klassegoedgekeurd, voor werkboten en veerboten.",
            "negative": "Verhuur van elektrische sloepen voor rondvaarten door de grachten, met of zonder schipper.",
        },
        "en": {
            "core": [
                "We design hybrid and electric propulsion for patrol vessels, frigates and support ships.",
                "Electric motors on the shaft allow silent running when hunting submarines.",
                "Our power management system shares power between diesel generators, batteries and weapon systems.",
                "Retrofits of existing ships reduce fuel consumption and maintenance.",
            ],
            "detail": [
                "We supply shipyards in the Netherlands, Germany and Norway.",
                "Our systems meet the class rules for naval ships.",
            ],
            "need": "Our new frigates must hunt submarines while making as little underwater noise as possible, and "
                    "at the same time deliver a lot of electrical power for sensors. The current diesel engines are "
                    "too loud for that.",
            "related": "We supply marine battery systems with lithium iron phosphate cells, fire-safe and "
                       "class-approved, for workboats and ferries.",
            "negative": "Rental of electric boats for canal tours, with or without a skipper.",
        },
        "uk": {
            "core": [
                "Проєктуємо гібридні та електричні силові установки для патрульних кораблів, фрегатів і суден "
                "забезпечення.",
                "Електродвигуни на гребному валу забезпечують безшумний хід під час пошуку підводних човнів.",
                "Система керування енергією розподіляє потужність між дизель-генераторами, акумуляторами та "
                "озброєнням.",
                "Модернізація наявних кораблів зменшує витрату пального та обсяг обслуговування.",
            ],
            "detail": [
                "Постачаємо верфям у Нідерландах, Німеччині та Норвегії.",
                "Наші системи відповідають правилам класифікації для військових кораблів.",
            ],
            "need": "Нові фрегати мають шукати підводні човни, створюючи якомога менше підводного шуму, і водночас "
                    "давати багато електроенергії для датчиків. Наявні дизельні двигуни для цього надто гучні.",
            "related": "Постачаємо суднові акумуляторні системи на літій-залізо-фосфатних елементах, пожежобезпечні та "
                       "схвалені класифікаційним товариством, для робочих суден і поромів.",
            "negative": "Прокат електричних човнів для прогулянок каналами, зі шкіпером або без.",
        },
    },
    {
        "key": "artillery-ammunition", "areas": [], "cpv": ["35330000", "35300000"],
        "negative_cpv": ["24613200"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij produceren artilleriegranaten van 155 mm en de metalen hulzen en granaatlichamen daarvoor.",
                "Een nieuwe productielijn verhoogt onze capaciteit tot 100.000 granaten per jaar.",
                "De granaten zijn gekwalificeerd voor NAVO-houwitsers volgens de gezamenlijke ballistische "
                "afspraken.",
                "Vullen, assembleren en testen gebeurt in onze eigen fabriek onder strikte veiligheidsregels.",
            ],
            "detail": [
                "Staal komt van twee Europese staalfabrieken.",
                "Wij zoeken langlopende contracten om de uitbreiding te financieren.",
            ],
            "need": "Onze voorraden munitie voor de houwitsers zijn door leveringen aan Oekraïne sterk gedaald en de "
                    "levertijden zijn jaren. Wij zoeken Europese producenten die snel grote aantallen granaten kunnen "
                    "leveren, eventueel samen met partnerlanden.",
            "related": "Productie van drijfladingen, nitrocellulose en explosieven voor munitiefabrikanten, met "
                       "eigen beproevingsterrein.",
            "negative": "Vuurwerkfabrikant en importeur: consumentenvuurwerk en professionele vuurwerkshows voor "
                        "evenementen en oud en nieuw.",
        },
        "en": {
            "core": [
                "We produce 155 mm artillery shells and the metal casings and shell bodies for them.",
                "A new production line raises our capacity to 100,000 shells a year.",
                "The shells are qualified for NATO howitzers under the joint ballistics memorandum.",
                "Filling, assembly and testing take place in our own plant under strict safety rules.",
            ],
            "detail": [
                "Steel comes from two European steel mills.",
                "We are seeking long-term contracts to finance the expansion.",
            ],
            "need": "Our ammunition stocks for the howitzers have dropped sharply after deliveries to Ukraine and "
                    "lead times are years. We are looking for European producers that can deliver large numbers of "
                    "shells quickly, possibly together with partner nations.",
            "related": "Production of propellant charges, nitrocellulose and explosives for ammunition makers, with "
                       "our own proving ground.",
            "negative": "Fireworks manufacturer and importer: consumer fireworks and professional firework displays "
                        "for events and New Year.",
        },
        "uk": {
            "core": [
                "Виробляємо 155-мм артилерійські снаряди, а також металеві гільзи та корпуси для них.",
                "Нова виробнича лінія збільшує потужність до 100 000 снарядів на рік.",
                "Снаряди сертифіковані для гаубиць НАТО відповідно до спільних балістичних домовленостей.",
                "Спорядження, складання та випробування відбуваються на власному заводі з дотриманням суворих правил "
                "безпеки.",
            ],
            "detail": [
                "Сталь постачають два європейські металургійні комбінати.",
                "Шукаємо довгострокові контракти для фінансування розширення.",
            ],
            "need": "Запаси боєприпасів для гаубиць різко скоротилися, а строки постачання становлять роки. Шукаємо "
                    "європейських виробників, які швидко поставлять велику кількість снарядів, можливо спільно з "
                    "країнами-партнерами.",
            "related": "Виробництво метальних зарядів, нітроцелюлози та вибухових речовин для виробників "
                       "боєприпасів, власний полігон.",
            "negative": "Виробник і імпортер піротехніки: феєрверки для населення та професійні піротехнічні шоу для "
                        "свят і Нового року.",
        },
    },
]
