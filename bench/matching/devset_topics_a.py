"""Hand-written phrases of the development set, part A: intelligent systems and sensors.

Each topic is one capability. In each language: `core` sentences say what a provider does (a profile takes
two of them), `detail` sentences add a fact, `need` is how a defence unit describes the problem (written
from the user's side, without copying the providers' words where a user would not use them), `related` is a
partly relevant profile (a test facility, a component supplier: graded 1), `negative` a profile that shares
words but not meaning (graded 0: a hard negative).
"""

TOPICS_A = [
    {
        "key": "counter-drone", "areas": ["intelligent-systems", "sensors"], "cpv": ["35730000", "35613000"],
        "negative_cpv": ["92300000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij ontwikkelen systemen die kleine drones detecteren, identificeren en uitschakelen rond kazernes, "
                "vliegvelden en kampementen.",
                "Onze sensorkoppeling combineert radiofrequentiescanners, een compacte radar en elektro-optische "
                "camera's tot één luchtbeeld.",
                "Vijandige drones worden met gerichte storing van de besturings- en navigatiesignalen tot landen "
                "gedwongen.",
                "De software herkent dronetypes aan hun radiosignaal en waarschuwt de wachtpost binnen enkele "
                "seconden.",
            ],
            "detail": [
                "Het systeem is in Oekraïne beproefd tegen commerciële quadcopters en vleugeldrones.",
                "Een set past in twee koffers en is in een kwartier opgebouwd.",
            ],
            "need": "Onze compound in het uitzendgebied wordt bijna dagelijks overvlogen door kleine onbemande "
                    "toestellen die verkennen of explosieven afwerpen. Wij zoeken een oplossing die ze op tijd opmerkt "
                    "en onschadelijk maakt zonder onze eigen verbindingen te verstoren.",
            "related": "Testterrein voor anti-dronesystemen: wij bieden afgeschermd luchtruim, doeldrones en "
                       "meetapparatuur om detectie- en stoorapparatuur onafhankelijk te beproeven.",
            "negative": "Wij verzorgen droneshows met honderden verlichte drones voor festivals, bedrijfsfeesten en "
                        "gemeentelijke evenementen, inclusief vergunningen en verzekering.",
        },
        "en": {
            "core": [
                "We build counter-drone systems that detect, classify and defeat small unmanned aircraft around "
                "bases, airfields and forward camps.",
                "Our sensor fusion combines RF scanners, a compact 3D radar and electro-optical cameras into a "
                "single air picture.",
                "Hostile drones are forced to land by directional jamming of their control links and satellite "
                "navigation.",
                "The software recognises drone models from their radio signature and alerts the guard post within "
                "seconds.",
            ],
            "detail": [
                "The system has been proven in Ukraine against commercial quadcopters and fixed-wing drones.",
                "A complete kit fits in two cases and is set up in fifteen minutes.",
            ],
            "need": "Our deployed compound is overflown almost daily by small unmanned aircraft that scout or drop "
                    "explosives. We need a way to notice them early and neutralise them without disrupting our own "
                    "radios.",
            "related": "Test range for counter-UAS equipment: segregated airspace, target drones and instrumentation "
                       "to evaluate detection and jamming systems independently.",
            "negative": "Drone light shows with hundreds of synchronised illuminated drones for festivals, product "
                        "launches and city celebrations, including permits and insurance.",
        },
        "uk": {
            "core": [
                "Розробляємо комплекси протидії дронам, які виявляють, класифікують і нейтралізують малі "
                "безпілотники поблизу баз, аеродромів і позицій.",
                "Система поєднує радіочастотні сканери, компактний радар і оптико-електронні камери в єдину картину "
                "повітряної обстановки.",
                "Ворожі дрони примусово саджаються спрямованим придушенням каналів керування та супутникової "
                "навігації.",
                "Програмне забезпечення розпізнає моделі дронів за радіосигналом і за кілька секунд попереджає "
                "чергового.",
            ],
            "detail": [
                "Комплекс випробуваний на фронті проти комерційних квадрокоптерів і дронів літакового типу.",
                "Повний комплект вміщується у два кейси і розгортається за п'ятнадцять хвилин.",
            ],
            "need": "Над нашими позиціями щодня літають малі безпілотники противника, що ведуть розвідку та скидають "
                    "боєприпаси. Потрібне рішення, яке вчасно їх помічає і знешкоджує, не заважаючи власному "
                    "зв'язку.",
            "related": "Випробувальний полігон для засобів протидії дронам: відокремлений повітряний простір, "
                       "дрони-мішені та вимірювальне обладнання для незалежної перевірки систем виявлення і "
                       "придушення.",
            "negative": "Організовуємо світлові шоу з сотнями синхронізованих дронів для фестивалів, корпоративів і "
                        "міських свят, включно з дозволами та страхуванням.",
        },
    },
    {
        "key": "ugv-resupply", "areas": ["intelligent-systems"], "cpv": ["35400000", "35420000"],
        "negative_cpv": ["42990000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij bouwen onbemande rupsvoertuigen die munitie, water en gewonden vervoeren tussen de achterste "
                "linie en voorste posities.",
                "Het voertuig volgt zelfstandig een eerder gereden route of een soldaat te voet, ook 's nachts.",
                "Met een laadvermogen van 600 kg en een elektrische aandrijving is het stil en nauwelijks warm.",
                "Bediening gebeurt met een tablet of een afstandsbediening over een versleutelde radioverbinding.",
            ],
            "detail": [
                "Drie voertuigen zijn geleverd voor proeven bij de landmacht.",
                "De accu's worden in het veld gewisseld in minder dan tien minuten.",
            ],
            "need": "Infanteriegroepen sjouwen zware lasten over de laatste kilometers naar hun stellingen, vaak "
                    "onder vuur. Wij willen het bevoorraden en afvoeren van gewonden op die laatste kilometers "
                    "overlaten aan een voertuig zonder bestuurder.",
            "related": "Leverancier van elektrische aandrijflijnen en robuuste accupakketten voor zware "
                       "terreinvoertuigen "
                       "en werkmachines, met eigen testbank.",
            "negative": "Robotmaaiers en autonome veegmachines voor sportvelden, parken en bedrijventerreinen, met "
                        "onderhoudscontracten.",
        },
        "en": {
            "core": [
                "We build unmanned tracked vehicles that carry ammunition, water and casualties between the rear "
                "and forward positions.",
                "The vehicle autonomously follows a previously driven route or a soldier on foot, also at night.",
                "With a 600 kg payload and an electric drive it is quiet and has a low heat signature.",
                "It is controlled from a tablet or a handheld remote over an encrypted radio link.",
            ],
            "detail": [
                "Three vehicles have been delivered for army trials.",
                "Batteries are swapped in the field in under ten minutes.",
            ],
            "need": "Infantry squads carry heavy loads over the last kilometres to their positions, often under "
                    "fire. We want driverless vehicles to take over resupply and casualty evacuation on that last "
                    "stretch.",
            "related": "Supplier of electric drivetrains and rugged battery packs for heavy off-road vehicles and "
                       "construction machines, with an in-house test bench.",
            "negative": "Robotic lawn mowers and autonomous sweepers for sports fields, parks and business parks, "
                        "with maintenance contracts.",
        },
        "uk": {
            "core": [
                "Виробляємо безпілотні гусеничні платформи, що доставляють боєприпаси, воду та евакуюють поранених "
                "між тилом і передовими позиціями.",
                "Платформа самостійно повторює раніше пройдений маршрут або йде за бійцем, зокрема вночі.",
                "Вантажопідйомність 600 кг і електричний привід роблять її тихою та малопомітною в тепловому "
                "діапазоні.",
                "Керування з планшета або пульта через захищений радіоканал.",
            ],
            "detail": [
                "Платформи працюють у кількох бригадах на сході.",
                "Акумулятори замінюються в польових умовах менш ніж за десять хвилин.",
            ],
            "need": "Піхотні відділення носять важкі вантажі на останніх кілометрах до позицій, часто під обстрілом. "
                    "Потрібні наземні машини без водія для підвезення і евакуації поранених на цій ділянці.",
            "related": "Постачаємо електричні трансмісії та захищені акумуляторні батареї для важкої позашляхової "
                       "техніки, маємо власний випробувальний стенд.",
            "negative": "Роботизовані газонокосарки та автономні підмітальні машини для стадіонів, парків і "
                        "бізнес-центрів, з сервісним обслуговуванням.",
        },
    },
    {
        "key": "imagery-ai", "areas": ["intelligent-systems"], "cpv": ["35720000", "48000000"],
        "negative_cpv": ["33110000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Onze software vindt voertuigen, artilleriestukken en versterkingen automatisch in satelliet- en "
                "luchtfoto's.",
                "Modellen voor beeldherkenning worden getraind op eigen gelabelde beelden en draaien ook zonder "
                "internetverbinding.",
                "Analisten krijgen een lijst met verdachte objecten en veranderingen ten opzichte van eerdere "
                "opnamen.",
                "De toepassing verwerkt elektro-optische, infrarood- en radarbeelden van verschillende bronnen.",
            ],
            "detail": [
                "Een gebied van 1.000 km² wordt in minder dan een uur doorzocht.",
                "Wij werken samen met een universiteit aan uitlegbare kunstmatige intelligentie.",
            ],
            "need": "Onze inlichtingenanalisten krijgen dagelijks duizenden opnamen van satellieten en "
                    "verkenningsvliegtuigen en kunnen ze niet allemaal bekijken. Wij zoeken hulp om militaire "
                    "objecten en veranderingen in het terrein snel te vinden.",
            "related": "Wij labelen beelden en video voor het trainen van herkenningsmodellen: grote hoeveelheden, "
                       "gescreende medewerkers en een beveiligde werkomgeving.",
            "negative": "Software met kunstmatige intelligentie die radiologen helpt afwijkingen te vinden in "
                        "röntgenfoto's en CT-scans, gecertificeerd als medisch hulpmiddel.",
        },
        "en": {
            "core": [
                "Our software automatically finds vehicles, artillery pieces and fortifications in satellite and "
                "aerial images.",
                "Image recognition models are trained on our own labelled imagery and run without an internet "
                "connection.",
                "Analysts receive a list of suspicious objects and changes compared with earlier collections.",
                "The application handles electro-optical, infrared and radar imagery from different sources.",
            ],
            "detail": [
                "An area of 1,000 km² is searched in under an hour.",
                "We work with a university on explainable artificial intelligence.",
            ],
            "need": "Our intelligence analysts receive thousands of images from satellites and reconnaissance "
                    "aircraft every day and cannot look at them all. We need help to spot military objects and "
                    "changes in the terrain quickly.",
            "related": "We label images and video for training recognition models: large volumes, vetted staff and "
                       "a secure work environment.",
            "negative": "Artificial intelligence software that helps radiologists find abnormalities in X-rays and "
                        "CT scans, certified as a medical device.",
        },
        "uk": {
            "core": [
                "Наше програмне забезпечення автоматично знаходить техніку, артилерію та укріплення на супутникових "
                "і аерознімках.",
                "Моделі розпізнавання зображень навчені на власних розмічених даних і працюють без підключення до "
                "інтернету.",
                "Аналітики отримують перелік підозрілих об'єктів і змін порівняно з попередніми знімками.",
                "Рішення обробляє оптичні, інфрачервоні та радарні знімки з різних джерел.",
            ],
            "detail": [
                "Територія 1 000 км² аналізується менш ніж за годину.",
                "Співпрацюємо з університетом над пояснюваним штучним інтелектом.",
            ],
            "need": "Розвідники щодня отримують тисячі знімків із супутників і літаків-розвідників і не встигають "
                    "їх переглянути. Потрібна допомога, щоб швидко знаходити військові об'єкти та зміни на "
                    "місцевості.",
            "related": "Розмічаємо зображення та відео для навчання моделей розпізнавання: великі обсяги, перевірені "
                       "працівники та захищене робоче середовище.",
            "negative": "Програма зі штучним інтелектом допомагає лікарям-рентгенологам знаходити патології на "
                        "рентгенівських знімках і КТ, сертифікована як медичний виріб.",
        },
    },
    {
        "key": "gnss-free-navigation", "areas": ["intelligent-systems"], "cpv": ["38112000", "35613000"],
        "negative_cpv": ["48000000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij leveren navigatiemodules waarmee drones hun positie bepalen zonder GPS, door camerabeelden te "
                "vergelijken met kaarten.",
                "De module combineert visuele odometrie, een traagheidsmeeteenheid en een hoogtemeter.",
                "Ook bij storing of misleiding van satellietsignalen blijft de afwijking kleiner dan enkele tientallen "
                "meters per kilometer.",
                "De printplaat weegt 80 gram en past in de meeste vleugel- en multirotordrones.",
            ],
            "detail": [
                "Het algoritme is getest boven zee, bos en steden, overdag en met warmtebeeld 's nachts.",
                "Wij bieden integratie-ondersteuning voor dronebouwers.",
            ],
            "need": "Bij recente oefeningen raakten onze verkenningsdrones de weg kwijt zodra de tegenstander de "
                    "satellietnavigatie stoorde. Wij zoeken een manier om ze toch hun positie te laten bepalen en "
                    "naar huis te laten vliegen.",
            "related": "Testlocatie voor navigatiesystemen onder storing: wij simuleren en zenden gecontroleerd "
                       "stoorsignalen uit in een afgesloten gebied, met referentiemetingen van de werkelijke positie.",
            "negative": "Navigatie-app voor binnenruimtes: bezoekers van winkelcentra, ziekenhuizen en beurzen vinden "
                        "de weg met hun telefoon, zonder GPS.",
        },
        "en": {
            "core": [
                "We supply navigation modules that let drones determine their position without GPS by matching "
                "camera images to maps.",
                "The module combines visual odometry, an inertial measurement unit and an altimeter.",
                "Even when satellite signals are jammed or spoofed, drift stays within a few tens of metres per "
                "kilometre.",
                "The board weighs 80 grams and fits most fixed-wing and multirotor drones.",
            ],
            "detail": [
                "The algorithm has been tested over sea, forest and cities, by day and with thermal imagery at night.",
                "We offer integration support for drone manufacturers.",
            ],
            "need": "In recent exercises our reconnaissance drones lost their way as soon as the adversary jammed "
                    "satellite navigation. We are looking for a way to let them still know where they are and fly "
                    "home.",
            "related": "Test site for navigation under interference: we simulate and transmit controlled jamming in "
                       "a closed area, with reference measurements of the true position.",
            "negative": "Indoor navigation app: visitors to shopping centres, hospitals and trade fairs find their way "
                        "with their phone, without GPS.",
        },
        "uk": {
            "core": [
                "Постачаємо навігаційні модулі, які дозволяють дронам визначати місцезнаходження без GPS, "
                "порівнюючи зображення з камери з картою.",
                "Модуль поєднує візуальну одометрію, інерціальний вимірювальний блок і висотомір.",
                "Навіть за придушення чи підміни супутникових сигналів похибка не перевищує кількох десятків метрів "
                "на кілометр.",
                "Плата важить 80 грамів і встановлюється на більшість дронів літакового типу та мультикоптерів.",
            ],
            "detail": [
                "Алгоритм перевірено над морем, лісом і містами, вдень і вночі з тепловізором.",
                "Надаємо підтримку виробникам дронів під час інтеграції.",
            ],
            "need": "Під час навчань наші розвідувальні дрони втрачали орієнтацію, щойно противник глушив "
                    "супутникову навігацію. Шукаємо спосіб, щоб вони все одно знали своє положення і поверталися "
                    "додому.",
            "related": "Полігон для перевірки навігації в умовах завад: моделюємо та контрольовано випромінюємо "
                       "сигнали придушення на закритій території з еталонним вимірюванням положення.",
            "negative": "Мобільний застосунок для навігації всередині будівель: відвідувачі торгових центрів, "
                        "лікарень і виставок знаходять дорогу з телефоном без GPS.",
        },
    },
    {
        "key": "surveillance-radar", "areas": ["sensors"], "cpv": ["35722000", "35120000"],
        "negative_cpv": ["34900000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij maken compacte grondradars die mensen, voertuigen en laagvliegende objecten rond een terrein "
                "volgen.",
                "De radar werkt bij regen, mist en duisternis en dekt een omtrek van meerdere kilometers.",
                "Detecties worden automatisch doorgegeven aan camera's, die het doel volgen voor de operator.",
                "Het vermogen is laag genoeg voor gebruik op een mast, een voertuig of een schip.",
            ],
            "detail": [
                "Onze radars bewaken munitiedepots en marinebases in drie landen.",
                "Elke radar wordt in de eigen fabriek gekalibreerd en getest.",
            ],
            "need": "Wij moeten een groot munitieopslagterrein dag en nacht bewaken tegen indringers, ook als het "
                    "mistig is. Patrouilles en hekken alleen zijn niet genoeg; wij willen beweging rond het terrein "
                    "ruim op tijd zien aankomen.",
            "related": "Ontwerp en productie van galliumnitride-versterkers en zend-ontvangmodules voor radar- en "
                       "communicatiesystemen.",
            "negative": "Verkeershandhaving met snelheidsradar en trajectcontrole: wij plaatsen en onderhouden "
                        "flitspalen "
                        "voor gemeenten en de politie.",
        },
        "en": {
            "core": [
                "We make compact ground surveillance radars that track people, vehicles and low-flying objects "
                "around a site.",
                "The radar works in rain, fog and darkness and covers a perimeter of several kilometres.",
                "Detections are handed to cameras automatically, which follow the target for the operator.",
                "Power draw is low enough for a mast, a vehicle or a ship.",
            ],
            "detail": [
                "Our radars protect ammunition depots and naval bases in three countries.",
                "Each radar is calibrated and tested in our own factory.",
            ],
            "need": "We have to guard a large ammunition storage site day and night against intruders, also in fog. "
                    "Patrols and fences alone are not enough; we want to see movement around the site well before "
                    "it arrives.",
            "related": "Design and production of gallium nitride amplifiers and transmit-receive modules for radar "
                       "and communication systems.",
            "negative": "Traffic enforcement with speed radar and average speed checks: we install and maintain speed "
                        "cameras for municipalities and the police.",
        },
        "uk": {
            "core": [
                "Виробляємо компактні радари наземного спостереження, що супроводжують людей, техніку та "
                "низьколітні цілі навколо об'єкта.",
                "Радар працює в дощ, туман і темряву та охоплює периметр у кілька кілометрів.",
                "Виявлені цілі автоматично передаються камерам, які супроводжують ціль для оператора.",
                "Енергоспоживання дозволяє встановлення на щоглі, автомобілі або кораблі.",
            ],
            "detail": [
                "Наші радари охороняють склади боєприпасів і військово-морські бази у трьох країнах.",
                "Кожен радар калібрується та випробовується на власному заводі.",
            ],
            "need": "Потрібно цілодобово охороняти великий склад боєприпасів від проникнення, зокрема в туман. "
                    "Патрулів і огорожі недостатньо; хочемо бачити рух навколо складу задовго до наближення.",
            "related": "Проєктуємо та виготовляємо підсилювачі на нітриді галію та приймально-передавальні модулі для "
                       "радарів і систем зв'язку.",
            "negative": "Контроль швидкості на дорогах: встановлюємо та обслуговуємо радари і камери фіксації "
                        "порушень для міст і поліції.",
        },
    },
    {
        "key": "acoustic-artillery", "areas": ["sensors"], "cpv": ["35720000", "38430000"],
        "negative_cpv": ["90700000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Ons netwerk van akoestische sensoren lokaliseert vijandelijke artillerie, mortieren en "
                "sluipschutters aan de hand van het geluid van het schot.",
                "Elke sensor is zo groot als een schoenendoos, werkt op een accu en communiceert via een mesh-netwerk.",
                "Binnen enkele seconden krijgt de vuursteun de geschatte positie van de vuurmond.",
                "De algoritmen onderscheiden afvuren en inslagen en filteren windgeruis en voertuiglawaai.",
            ],
            "detail": [
                "De sensoren zijn goedkoop genoeg om te verliezen.",
                "Het systeem vult radar aan, die de tegenstander kan opsporen en uitschakelen.",
            ],
            "need": "Onze eenheden worden beschoten door mortieren en kanonnen waarvan wij de opstelling niet "
                    "kennen. Wij zoeken een passieve manier, zonder zelf uit te zenden, om de plaats van waaruit "
                    "geschoten wordt snel te bepalen.",
            "related": "Wij ontwikkelen MEMS-microfoonarrays en robuuste audiomodules voor industriële bewaking en "
                       "richtingsbepaling van geluid.",
            "negative": "Geluidsmetingen bij festivals, bouwplaatsen en vliegvelden: wij bewaken geluidsnormen voor "
                        "gemeenten en rapporteren overschrijdingen.",
        },
        "en": {
            "core": [
                "Our network of acoustic sensors locates enemy artillery, mortars and snipers from the sound of "
                "the shot.",
                "Each sensor is the size of a shoebox, runs on a battery and communicates over a mesh network.",
                "Within seconds the fire support cell receives the estimated position of the weapon.",
                "The algorithms distinguish launches from impacts and filter out wind noise and vehicle sound.",
            ],
            "detail": [
                "The sensors are cheap enough to lose.",
                "The system complements radar, which the adversary can detect and target.",
            ],
            "need": "Our units are shelled by mortars and guns whose firing positions we do not know. We are looking "
                    "for a passive way, without emitting ourselves, to find where the shots come from quickly.",
            "related": "We develop MEMS microphone arrays and rugged audio modules for industrial monitoring and sound "
                       "direction finding.",
            "negative": "Noise monitoring at festivals, construction sites and airports: we check noise limits for "
                        "municipalities and report exceedances.",
        },
        "uk": {
            "core": [
                "Наша мережа акустичних датчиків визначає місце артилерії, мінометів і снайперів противника за "
                "звуком пострілу.",
                "Кожен датчик розміром із коробку для взуття, живиться від акумулятора і зв'язується через "
                "mesh-мережу.",
                "За кілька секунд підрозділ вогневої підтримки отримує координати вогневої позиції.",
                "Алгоритми відрізняють постріли від розривів і відфільтровують шум вітру та техніки.",
            ],
            "detail": [
                "Датчики настільки дешеві, що їх втрата не критична.",
                "Система доповнює радари, які противник може виявити та знищити.",
            ],
            "need": "Наші підрозділи обстрілюють міномети і гармати, позиції яких невідомі. Потрібен пасивний "
                    "спосіб, без власного випромінювання, швидко визначати, звідки ведеться вогонь.",
            "related": "Розробляємо масиви MEMS-мікрофонів і захищені аудіомодулі для промислового моніторингу та "
                       "визначення напрямку на джерело звуку.",
            "negative": "Вимірювання шуму на фестивалях, будівельних майданчиках і в аеропортах: контролюємо норми "
                        "шуму для міст і звітуємо про перевищення.",
        },
    },
    {
        "key": "thermal-sights", "areas": ["sensors"], "cpv": ["38636000", "35810000"],
        "negative_cpv": ["71300000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij produceren warmtebeeldkijkers en opzetkijkers voor geweren waarmee soldaten 's nachts en door "
                "rook heen kunnen zien.",
                "De kijker herkent een persoon op meer dan 1.500 meter en weegt minder dan 500 gram.",
                "Het beeld kan draadloos worden gedeeld met de groepscommandant.",
                "De ongekoelde detector en de lenzen worden in Europa geproduceerd.",
            ],
            "detail": [
                "Een accuset houdt het acht uur vol bij vorst.",
                "Onze kijkers zijn schokbestendig getest op kaliber 7,62 mm.",
            ],
            "need": "Onze infanterie moet 's nachts en in rook tegenstanders kunnen zien die zich verbergen, zonder "
                    "zelf licht uit te stralen. De huidige restlichtversterkers zijn onvoldoende bij volledige "
                    "duisternis.",
            "related": "Productie van germanium- en chalcogenide-lenzen en infraroodoptiek op maat voor "
                       "camerafabrikanten.",
            "negative": "Thermografisch onderzoek van woningen en kantoren: wij vinden warmtelekken en vochtproblemen "
                        "met een warmtebeeldcamera en adviseren over isolatie.",
        },
        "en": {
            "core": [
                "We produce thermal imaging monoculars and weapon clip-on sights that let soldiers see at night and "
                "through smoke.",
                "The sight recognises a person at over 1,500 metres and weighs under 500 grams.",
                "The image can be shared wirelessly with the squad leader.",
                "The uncooled detector and lenses are produced in Europe.",
            ],
            "detail": [
                "A battery set lasts eight hours in freezing conditions.",
                "Our sights are shock-tested on 7.62 mm calibre.",
            ],
            "need": "Our infantry must see hidden opponents at night and in smoke without emitting any light "
                    "themselves. The current image intensifiers fall short in complete darkness.",
            "related": "Production of germanium and chalcogenide lenses and custom infrared optics for camera makers.",
            "negative": "Thermographic surveys of homes and offices: we find heat leaks and damp problems with a "
                        "thermal camera and advise on insulation.",
        },
        "uk": {
            "core": [
                "Виробляємо тепловізійні монокуляри та насадки на зброю, що дозволяють бійцям бачити вночі та крізь "
                "дим.",
                "Приціл розпізнає людину на відстані понад 1 500 метрів і важить менше 500 грамів.",
                "Зображення можна бездротово передати командиру відділення.",
                "Неохолоджуваний сенсор і лінзи виготовляються в Європі.",
            ],
            "detail": [
                "Комплекту батарей вистачає на вісім годин на морозі.",
                "Приціли пройшли ударні випробування на калібрі 7,62 мм.",
            ],
            "need": "Піхота має бачити прихованого противника вночі та в диму, не випромінюючи світла. Наявні "
                    "прилади нічного бачення не працюють у повній темряві.",
            "related": "Виготовляємо германієві та халькогенідні лінзи й інфрачервону оптику на замовлення "
                       "виробників камер.",
            "negative": "Тепловізійне обстеження будинків і офісів: знаходимо витоки тепла та вологу тепловізором і "
                        "консультуємо щодо утеплення.",
        },
    },
    {
        "key": "cbrn-detection", "areas": ["sensors"], "cpv": ["38430000", "35113000"],
        "negative_cpv": ["31625000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij ontwikkelen draagbare detectoren voor chemische strijdmiddelen en giftige industriële stoffen.",
                "Het apparaat herkent zenuwgassen en mosterdgas binnen seconden met ionenmobiliteitsspectrometrie.",
                "Meetgegevens worden met locatie en tijd doorgestuurd naar het commandosysteem.",
                "Een versie voor voertuigen bewaakt de lucht continu tijdens verplaatsingen.",
            ],
            "detail": [
                "Onze detectoren worden gebruikt door CBRN-eenheden en brandweerkorpsen.",
                "Onderhoud en kalibratie kunnen door de gebruiker zelf worden gedaan.",
            ],
            "need": "Onze verkenningseenheden moeten snel vaststellen of een gebied besmet is met giftige stoffen na "
                    "een aanval of een ongeluk in een fabriek. Wij zoeken lichte meetapparatuur die soldaten kunnen "
                    "meedragen.",
            "related": "Laboratorium voor het beproeven van CBRN-detectie- en beschermingsmiddelen met echte "
                       "strijdmiddelen en simulanten, geaccrediteerd volgens ISO 17025.",
            "negative": "Koolmonoxidemelders en rookmelders voor woningen, installatie en jaarlijkse controle voor "
                        "woningcorporaties.",
        },
        "en": {
            "core": [
                "We develop handheld detectors for chemical warfare agents and toxic industrial chemicals.",
                "The device identifies nerve agents and mustard within seconds using ion mobility spectrometry.",
                "Readings are sent with location and time to the command system.",
                "A vehicle version monitors the air continuously on the move.",
            ],
            "detail": [
                "Our detectors are used by CBRN units and fire services.",
                "Maintenance and calibration can be done by the user.",
            ],
            "need": "Our reconnaissance teams must establish quickly whether an area is contaminated with toxic "
                    "substances after an attack or an industrial accident. We are looking for light measuring "
                    "equipment soldiers can carry.",
            "related": "Laboratory for testing CBRN detection and protection equipment with live agents and simulants, "
                       "accredited to ISO 17025.",
            "negative": "Carbon monoxide alarms and smoke detectors for homes, with installation and yearly checks for "
                        "housing associations.",
        },
        "uk": {
            "core": [
                "Розробляємо портативні детектори бойових отруйних речовин і токсичних промислових хімікатів.",
                "Прилад за кілька секунд визначає нервово-паралітичні речовини та іприт методом спектрометрії "
                "рухливості іонів.",
                "Результати вимірювань із координатами та часом передаються до системи управління.",
                "Версія для техніки безперервно контролює повітря під час руху.",
            ],
            "detail": [
                "Детектори використовують підрозділи РХБЗ і рятувальні служби.",
                "Обслуговування та калібрування користувач виконує самостійно.",
            ],
            "need": "Розвідувальні групи мають швидко встановити, чи заражена місцевість токсичними речовинами "
                    "після удару або аварії на заводі. Потрібні легкі вимірювальні прилади, які бійці можуть носити "
                    "з собою.",
            "related": "Лабораторія випробувань засобів хімічного виявлення та захисту з реальними речовинами та "
                       "імітаторами, акредитована за ISO 17025.",
            "negative": "Датчики чадного газу та димові сповіщувачі для квартир, монтаж і щорічна перевірка для "
                        "ОСББ.",
        },
    },
]
