"""Hand-written phrases of the development set, part B: smart materials and space (see devset_topics_a)."""

TOPICS_B = [
    {
        "key": "composite-armour", "areas": ["smart-materials"], "cpv": ["35810000", "35420000"],
        "negative_cpv": ["34430000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij produceren lichte ballistische beschermingsplaten van keramiek en vezelversterkte composieten.",
                "Onze platen stoppen geweerkogels van 7,62 mm en wegen een derde minder dan stalen bepantsering.",
                "Naast kogelwerende vesten maken wij aanbouwpantser voor voertuigen en cabines van vrachtwagens.",
                "Het composiet wordt in autoclaven uitgehard en elke partij wordt beschoten voor vrijgave.",
            ],
            "detail": [
                "Wij gebruiken aramide- en polyetheenvezels van Europese leveranciers.",
                "De productiecapaciteit is 20.000 platen per jaar.",
            ],
            "need": "Onze logistieke voertuigen rijden zonder bescherming en worden geraakt door scherven en "
                    "handvuurwapens. Wij zoeken een manier om cabines te beschermen zonder dat het voertuig te zwaar "
                    "wordt voor de bruggen en het laadvermogen te veel daalt.",
            "related": "Ballistisch testlaboratorium: beschieting van pantser, vesten en glas volgens STANAG 4569 en "
                       "NIJ, met hogesnelheidscamera's en rapportage.",
            "negative": "Wij bouwen lichtgewicht fietsframes en wielen van koolstofvezel voor wielrenners en "
                        "triatleten, op maat en met levenslange garantie.",
        },
        "en": {
            "core": [
                "We produce lightweight ballistic protection plates from ceramics and fibre-reinforced composites.",
                "Our plates stop 7.62 mm rifle rounds and weigh a third less than steel armour.",
                "Besides body armour we make add-on armour for vehicles and truck cabs.",
                "The composite is cured in autoclaves and every batch is shot before release.",
            ],
            "detail": [
                "We use aramid and polyethylene fibres from European suppliers.",
                "Production capacity is 20,000 plates a year.",
            ],
            "need": "Our logistics trucks drive unprotected and are hit by fragments and small arms fire. We need to "
                    "protect the cabs without making the vehicle too heavy for bridges or cutting its payload too "
                    "much.",
            "related": "Ballistic test laboratory: firing trials on armour, vests and glass to STANAG 4569 and NIJ, "
                       "with high-speed cameras and reporting.",
            "negative": "We build lightweight carbon fibre bicycle frames and wheels for cyclists and triathletes, "
                        "custom-made with a lifetime warranty.",
        },
        "uk": {
            "core": [
                "Виробляємо легкі балістичні захисні плити з кераміки та армованих волокном композитів.",
                "Наші плити зупиняють гвинтівкові кулі 7,62 мм і на третину легші за сталеву броню.",
                "Крім бронежилетів, виготовляємо навісну броню для техніки та кабін вантажівок.",
                "Композит затвердіває в автоклавах, кожна партія перед відвантаженням проходить обстріл.",
            ],
            "detail": [
                "Використовуємо арамідні та поліетиленові волокна європейських постачальників.",
                "Виробнича потужність — 20 000 плит на рік.",
            ],
            "need": "Наші вантажівки підвозу їздять без захисту й уражаються уламками та стрілецькою зброєю. "
                    "Потрібно захистити кабіни так, щоб машина не стала заважкою для мостів і не втратила багато "
                    "вантажопідйомності.",
            "related": "Балістична лабораторія: випробування броні, бронежилетів і скла обстрілом за STANAG 4569 і "
                       "NIJ, з високошвидкісною зйомкою та протоколами.",
            "negative": "Виготовляємо легкі велосипедні рами та колеса з вуглецевого волокна для велосипедистів і "
                        "тріатлоністів, на замовлення, з довічною гарантією.",
        },
    },
    {
        "key": "additive-spares", "areas": ["smart-materials"], "cpv": ["42990000", "50630000"],
        "negative_cpv": ["33130000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij printen metalen reserveonderdelen voor voertuigen en wapensystemen met poederbedfusie en "
                "draadgebaseerde 3D-printers.",
                "Onze containerwerkplaats brengt een industriële 3D-printer, nabewerking en kwaliteitscontrole naar "
                "het veld.",
                "Oude onderdelen waarvan geen tekening meer bestaat, scannen wij en zetten wij om in een printbaar "
                "ontwerp.",
                "Geprinte onderdelen worden gekwalificeerd met trekproeven en computertomografie.",
            ],
            "detail": [
                "Wij werken met staal, titanium, aluminium en nikkellegeringen.",
                "Een digitale catalogus bevat meer dan 400 goedgekeurde onderdelen.",
            ],
            "need": "Onze voertuigen staan wekenlang stil omdat een klein onderdeel niet meer leverbaar is of lang "
                    "onderweg is naar het inzetgebied. Wij willen vervangende onderdelen dicht bij de eenheid zelf "
                    "kunnen maken.",
            "related": "Wij produceren metaalpoeders voor additieve productie en testen materiaaleigenschappen in ons "
                       "eigen laboratorium.",
            "negative": "3D-geprinte tandheelkundige modellen, boorgeleiders en kronen voor tandartspraktijken en "
                        "tandtechnische laboratoria.",
        },
        "en": {
            "core": [
                "We print metal spare parts for vehicles and weapon systems with powder-bed fusion and wire-based 3D "
                "printers.",
                "Our container workshop brings an industrial 3D printer, post-processing and quality control to the "
                "field.",
                "Legacy parts without drawings are scanned and turned into a printable design.",
                "Printed parts are qualified with tensile tests and computed tomography.",
            ],
            "detail": [
                "We work with steel, titanium, aluminium and nickel alloys.",
                "A digital catalogue holds more than 400 approved parts.",
            ],
            "need": "Our vehicles are grounded for weeks because a small part is no longer available or takes too "
                    "long to reach the theatre. We want to make replacement parts close to the unit itself.",
            "related": "We produce metal powders for additive manufacturing and test material properties in our own "
                       "laboratory.",
            "negative": "3D-printed dental models, drilling guides and crowns for dental practices and dental "
                        "laboratories.",
        },
        "uk": {
            "core": [
                "Друкуємо металеві запчастини для техніки та озброєння методами селективного лазерного сплавлення і "
                "наплавлення дроту.",
                "Наша майстерня в контейнері доставляє промисловий 3D-принтер, обробку та контроль якості в польові "
                "умови.",
                "Застарілі деталі без креслень скануємо і перетворюємо на модель для друку.",
                "Надруковані деталі проходять випробування на розтяг і комп'ютерну томографію.",
            ],
            "detail": [
                "Працюємо зі сталлю, титаном, алюмінієм і нікелевими сплавами.",
                "Цифровий каталог містить понад 400 затверджених деталей.",
            ],
            "need": "Наша техніка тижнями простоює, бо дрібної деталі вже не випускають або її довго везуть у район "
                    "бойових дій. Хочемо виготовляти запасні частини поруч із підрозділом.",
            "related": "Виробляємо металеві порошки для адитивного виробництва та досліджуємо властивості матеріалів у "
                       "власній лабораторії.",
            "negative": "Надруковані на 3D-принтері стоматологічні моделі, хірургічні шаблони та коронки для "
                        "стоматологічних клінік і зуботехнічних лабораторій.",
        },
    },
    {
        "key": "camouflage", "areas": ["smart-materials"], "cpv": ["35800000", "39522000"],
        "negative_cpv": ["18000000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij maken multispectrale camouflagenetten die voertuigen en stellingen verbergen voor zicht, "
                "warmtebeeld en radar.",
                "Het materiaal dempt de warmtestraling van motoren en generatoren en verstrooit radargolven.",
                "Netten worden in kleurpatronen voor bos, woestijn en sneeuw geleverd en zijn brandvertragend.",
                "Een bemanning zet het net in minder dan tien minuten over een voertuig.",
            ],
            "detail": [
                "De netten zijn getest met warmtebeeldcamera's van drones.",
                "Wij produceren in Nederland en Polen.",
            ],
            "need": "Drones van de tegenstander vinden onze voertuigen en artillerie snel, ook 's nachts met "
                    "warmtebeeld. Wij zoeken een manier om onze opstellingen onzichtbaar te maken voor die sensoren.",
            "related": "Meetfaciliteit voor signaturen: wij meten de zichtbare, infrarode en radarsignatuur van "
                       "voertuigen en materialen in het veld en in een meetkamer.",
            "negative": "Jachtkleding en camouflagepakken voor jagers en natuurfotografen, in bosprint en "
                        "geruisloze stoffen.",
        },
        "en": {
            "core": [
                "We make multispectral camouflage nets that hide vehicles and positions from visual, thermal and "
                "radar sensors.",
                "The material dampens heat radiation from engines and generators and scatters radar waves.",
                "Nets come in woodland, desert and snow patterns and are flame retardant.",
                "A crew puts the net over a vehicle in under ten minutes.",
            ],
            "detail": [
                "The nets have been tested against thermal cameras on drones.",
                "We produce in the Netherlands and Poland.",
            ],
            "need": "Enemy drones find our vehicles and artillery quickly, also at night with thermal imaging. We "
                    "need a way to make our positions invisible to those sensors.",
            "related": "Signature measurement facility: we measure the visual, infrared and radar signature of "
                       "vehicles and materials in the field and in a chamber.",
            "negative": "Hunting clothing and camouflage suits for hunters and wildlife photographers, in woodland "
                        "print and silent fabrics.",
        },
        "uk": {
            "core": [
                "Виготовляємо багатоспектральні маскувальні сітки, що приховують техніку та позиції від оптичних, "
                "теплових і радарних засобів розвідки.",
                "Матеріал знижує теплове випромінювання двигунів і генераторів та розсіює радіохвилі.",
                "Сітки постачаються у лісовому, пустельному та зимовому забарвленні й не підтримують горіння.",
                "Екіпаж накриває машину сіткою менш ніж за десять хвилин.",
            ],
            "detail": [
                "Сітки перевірені проти тепловізорів на дронах.",
                "Виробництво у Львові та Польщі.",
            ],
            "need": "Дрони противника швидко знаходять нашу техніку та артилерію, зокрема вночі за допомогою "
                    "тепловізорів. Потрібно зробити позиції непомітними для цих засобів.",
            "related": "Лабораторія вимірювання сигнатур: вимірюємо видиму, інфрачервону та радарну помітність "
                       "техніки й матеріалів у полі та в камері.",
            "negative": "Одяг для полювання та маскувальні костюми для мисливців і фотографів природи, з лісовим "
                        "принтом і безшумними тканинами.",
        },
    },
    {
        "key": "sar-satellites", "areas": ["space"], "cpv": ["35720000", "38221000"],
        "negative_cpv": ["92220000"], "related_kind": "organisation",
        "nl": {
            "core": [
                "Wij bouwen en exploiteren kleine radarsatellieten die de aarde door wolken en in het donker "
                "fotograferen.",
                "Met synthetische-apertuurradar zien wij schepen, voertuigen en veranderingen in het terrein tot op "
                "een halve meter.",
                "Een constellatie van twaalf satellieten bezoekt elk punt in Europa meerdere keren per dag.",
                "Klanten bestellen opnamen via een webportaal en ontvangen beelden binnen enkele uren.",
            ],
            "detail": [
                "De satellieten worden in onze cleanroom in Delft geassembleerd.",
                "Gevoelige beelden worden alleen aan goedgekeurde overheden geleverd.",
            ],
            "need": "Wij moeten troepenbewegingen in een gebied met vaak bewolking elke dag kunnen volgen, ook 's "
                    "nachts. Optische opnamen vanuit de ruimte zijn daar meestal onbruikbaar.",
            "related": "Wij analyseren satellietbeelden voor overheden: detectie van schepen, vliegtuigen en "
                       "infrastructuur, met rapporten binnen een dag.",
            "negative": "Satelliettelevisie en schotelantennes voor vakantiehuizen en campings, installatie en "
                        "abonnementen met Nederlandse zenders.",
        },
        "en": {
            "core": [
                "We build and operate small radar satellites that image the earth through clouds and in darkness.",
                "With synthetic aperture radar we see ships, vehicles and terrain changes down to half a metre.",
                "A constellation of twelve satellites revisits every point in Europe several times a day.",
                "Customers order acquisitions through a web portal and receive images within hours.",
            ],
            "detail": [
                "The satellites are assembled in our clean room in Delft.",
                "Sensitive imagery is delivered to approved governments only.",
            ],
            "need": "We have to follow troop movements in an often cloudy region every day, also at night. Optical "
                    "images from space are mostly useless there.",
            "related": "We analyse satellite imagery for governments: detection of ships, aircraft and "
                       "infrastructure, with reports within a day.",
            "negative": "Satellite television and dish antennas for holiday homes and campsites, installation and "
                        "subscriptions with Dutch channels.",
        },
        "uk": {
            "core": [
                "Створюємо та експлуатуємо малі радарні супутники, що знімають землю крізь хмари та в темряві.",
                "Радар із синтезованою апертурою бачить кораблі, техніку та зміни місцевості з роздільністю до "
                "півметра.",
                "Угруповання з дванадцяти супутників знімає кожну точку Європи кілька разів на добу.",
                "Замовники оформлюють зйомку через вебпортал і отримують знімки за кілька годин.",
            ],
            "detail": [
                "Супутники збираються в нашій чистій кімнаті в Києві.",
                "Чутливі знімки надаються лише погодженим урядам.",
            ],
            "need": "Потрібно щодня стежити за переміщенням військ у регіоні, де часто хмарно, зокрема вночі. "
                    "Оптичні знімки з космосу там здебільшого непридатні.",
            "related": "Аналізуємо супутникові знімки для державних замовників: виявлення кораблів, літаків та "
                       "інфраструктури, звіти протягом доби.",
            "negative": "Супутникове телебачення та антени-тарілки для дач і кемпінгів, встановлення та пакети "
                        "каналів.",
        },
    },
    {
        "key": "satcom-on-the-move", "areas": ["space"], "cpv": ["32531000", "32532000"],
        "negative_cpv": ["64210000"], "related_kind": "test-facility",
        "nl": {
            "core": [
                "Wij ontwikkelen satellietcommunicatieterminals die tijdens het rijden of varen verbinding houden.",
                "De vlakke elektronisch gestuurde antenne volgt de satelliet zonder bewegende delen.",
                "De terminal werkt met geostationaire en lage-baansatellieten en schakelt automatisch over.",
                "Versleuteling en een laag uitgestraald vermogen maken de verbinding moeilijk te onderscheppen.",
            ],
            "detail": [
                "De antenne is 8 cm hoog en past op het dak van een terreinwagen.",
                "Wij leveren ook aan kustwachten en hulporganisaties.",
            ],
            "need": "Onze colonnes en patrouilleboten verliezen hun verbinding met de staf zodra zij buiten bereik "
                    "van de radiomasten komen. Wij zoeken breedbandige verbindingen onderweg, overal in het "
                    "inzetgebied.",
            "related": "Antennemeetfaciliteit: wij meten antennediagrammen, volgnauwkeurigheid en interferentie van "
                       "satellietterminals op een draaitafel en in een echovrije kamer.",
            "negative": "Satellietinternet voor campers en boten: abonnementen, montage en een storingsdienst voor "
                        "particulieren.",
        },
        "en": {
            "core": [
                "We develop satellite communication terminals that stay connected while driving or sailing.",
                "The flat electronically steered antenna tracks the satellite without moving parts.",
                "The terminal works with geostationary and low earth orbit satellites and switches automatically.",
                "Encryption and low radiated power make the link hard to intercept.",
            ],
            "detail": [
                "The antenna is 8 cm high and fits on the roof of an off-road vehicle.",
                "We also supply coast guards and relief organisations.",
            ],
            "need": "Our convoys and patrol boats lose contact with headquarters as soon as they leave the range of "
                    "radio masts. We need broadband links on the move anywhere in the area of operations.",
            "related": "Antenna measurement facility: we measure antenna patterns, tracking accuracy and interference "
                       "of satellite terminals on a turntable and in an anechoic chamber.",
            "negative": "Satellite internet for camper vans and boats: subscriptions, fitting and a helpdesk for "
                        "private customers.",
        },
        "uk": {
            "core": [
                "Розробляємо термінали супутникового зв'язку, що тримають з'єднання під час руху суходолом або морем.",
                "Пласка антена з електронним керуванням променем супроводжує супутник без рухомих частин.",
                "Термінал працює з геостаціонарними та низькоорбітальними супутниками й перемикається автоматично.",
                "Шифрування та низька потужність випромінювання ускладнюють перехоплення.",
            ],
            "detail": [
                "Антена заввишки 8 см встановлюється на дах позашляховика.",
                "Постачаємо також прикордонникам і гуманітарним організаціям.",
            ],
            "need": "Колони та патрульні катери втрачають зв'язок зі штабом, щойно виходять із зони покриття "
                    "радіовеж. Потрібен широкосмуговий зв'язок у русі в будь-якій точці району дій.",
            "related": "Вимірювальний комплекс для антен: вимірюємо діаграми спрямованості, точність супроводу та "
                       "завади супутникових терміналів на поворотному столі та в безлунній камері.",
            "negative": "Супутниковий інтернет для автобудинків і човнів: тарифи, монтаж і служба підтримки для "
                        "приватних клієнтів.",
        },
    },
    {
        "key": "space-awareness", "areas": ["space"], "cpv": ["38630000", "73410000"],
        "negative_cpv": ["38630000"], "related_kind": "knowledge-institution",
        "nl": {
            "core": [
                "Wij volgen satellieten en ruimtepuin met een netwerk van robotische telescopen en radarmetingen.",
                "Onze catalogus geeft banen van objecten in een lage en geostationaire baan en waarschuwt voor "
                "bijna-botsingen.",
                "Wij signaleren manoeuvres van buitenlandse satellieten die dicht bij eigen satellieten komen.",
                "Gegevens zijn beschikbaar via een beveiligde interface voor operators en defensiestaven.",
            ],
            "detail": [
                "Telescopen staan in Spanje, Chili en Australië voor dekking dag en nacht.",
                "Wij werken samen met het Europese programma voor ruimtebewaking.",
            ],
            "need": "Onze eigen communicatie- en aardobservatiesatellieten kunnen worden benaderd of verstoord door "
                    "andere satellieten. Wij willen weten wat er rond onze satellieten gebeurt en op tijd gewaarschuwd "
                    "worden.",
            "related": "Universitaire onderzoeksgroep baanmechanica: wij ontwikkelen methoden voor baanbepaling en "
                       "botsingsrisico en begeleiden promovendi in ruimtebewaking.",
            "negative": "Winkel in telescopen en verrekijkers voor amateursterrenkundigen, met sterrenkijkavonden en "
                        "cursussen voor beginners.",
        },
        "en": {
            "core": [
                "We track satellites and space debris with a network of robotic telescopes and radar measurements.",
                "Our catalogue gives orbits of objects in low and geostationary orbit and warns of close approaches.",
                "We detect manoeuvres of foreign satellites that come close to own satellites.",
                "Data is available through a secure interface for operators and defence staffs.",
            ],
            "detail": [
                "Telescopes in Spain, Chile and Australia give coverage day and night.",
                "We work with the European space surveillance and tracking programme.",
            ],
            "need": "Our own communication and earth observation satellites can be approached or interfered with by "
                    "other satellites. We want to know what happens around our satellites and be warned in time.",
            "related": "University research group in orbital mechanics: we develop methods for orbit determination and "
                       "collision risk and supervise doctoral students in space surveillance.",
            "negative": "Shop for telescopes and binoculars for amateur astronomers, with stargazing evenings and "
                        "beginner courses.",
        },
        "uk": {
            "core": [
                "Відстежуємо супутники та космічне сміття мережею роботизованих телескопів і радарних вимірювань.",
                "Наш каталог містить орбіти об'єктів на низькій і геостаціонарній орбітах та попереджає про "
                "небезпечні зближення.",
                "Виявляємо маневри іноземних супутників, що наближаються до власних апаратів.",
                "Дані доступні через захищений інтерфейс для операторів і військових штабів.",
            ],
            "detail": [
                "Телескопи в Іспанії, Чилі та Австралії забезпечують спостереження вдень і вночі.",
                "Співпрацюємо з європейською програмою космічного спостереження.",
            ],
            "need": "До наших супутників зв'язку та спостереження Землі можуть наближатися або створювати їм завади "
                    "інші апарати. Хочемо знати, що відбувається навколо наших супутників, і вчасно отримувати "
                    "попередження.",
            "related": "Університетська група небесної механіки: розробляємо методи визначення орбіт і ризику "
                       "зіткнень, готуємо аспірантів у галузі космічного спостереження.",
            "negative": "Магазин телескопів і біноклів для астрономів-аматорів, з вечорами спостережень зоряного неба "
                        "та курсами для початківців.",
        },
    },
]
