"""The default topics issue 14 names, in German and in the portal's languages. Each
municipality gets its own copy (topics/actions.py) and edits it; the translations are made
from the German revision they start with, so an edited German text marks them outdated."""
from .models import Icon

# key, icon, {language: (title, short text)}
DEFAULTS = [
    ("ankommen", Icon.ARRIVAL, {
        "de": ("Ankommen und Behörden", "Anmelden, Aufenthalt, Ausweise: die ersten Wege in der Stadt."),
        "en": ("Arrival and public offices", "Registering, residence, documents: your first steps in town."),
        "ar": ("الوصول والدوائر الرسمية", "التسجيل والإقامة والوثائق: خطواتك الأولى في المدينة."),
        "tr": ("Varış ve resmi daireler", "Kayıt, oturum, kimlikler: şehirdeki ilk adımlar."),
        "uk": ("Прибуття та установи", "Реєстрація, перебування, документи: перші кроки в місті."),
        "ru": ("Прибытие и учреждения", "Регистрация, пребывание, документы: первые шаги в городе."),
        "fa": ("ورود و ادارات", "ثبت‌نام، اقامت، مدارک: نخستین قدم‌ها در شهر."),
    }),
    ("deutsch-lernen", Icon.LANGUAGE, {
        "de": ("Deutsch lernen", "Integrationskurse, Sprachcafés und Deutsch für Kinder."),
        "en": ("Learning German", "Integration courses, language cafés and German for children."),
        "ar": ("تعلّم اللغة الألمانية", "دورات الاندماج ومقاهي اللغة والألمانية للأطفال."),
        "tr": ("Almanca öğrenmek", "Uyum kursları, dil kafeleri ve çocuklar için Almanca."),
        "uk": ("Вивчення німецької", "Інтеграційні курси, мовні кафе та німецька для дітей."),
        "ru": ("Изучение немецкого", "Интеграционные курсы, языковые кафе и немецкий для детей."),
        "fa": ("یادگیری زبان آلمانی", "دوره‌های ادغام، کافه‌های زبان و آلمانی برای کودکان."),
    }),
    ("arbeit", Icon.WORK, {
        "de": ("Arbeit und Ausbildung", "Arbeit finden, Abschlüsse anerkennen lassen, eine Ausbildung beginnen."),
        "en": ("Work and training", "Finding work, getting qualifications recognised, starting vocational training."),
        "ar": ("العمل والتدريب المهني", "إيجاد عمل، الاعتراف بالشهادات، بدء تدريب مهني."),
        "tr": ("İş ve meslek eğitimi", "İş bulmak, diplomaları tanıtmak, meslek eğitimine başlamak."),
        "uk": ("Робота та навчання", "Знайти роботу, визнати дипломи, почати професійне навчання."),
        "ru": ("Работа и обучение", "Найти работу, признать дипломы, начать профессиональное обучение."),
        "fa": ("کار و آموزش حرفه‌ای", "یافتن کار، به رسمیت شناختن مدارک، شروع آموزش حرفه‌ای."),
    }),
    ("wohnen", Icon.HOUSING, {
        "de": ("Wohnen", "Eine Wohnung finden, Miete, Strom und Nachbarschaft."),
        "en": ("Housing", "Finding a flat, rent, electricity and neighbours."),
        "ar": ("السكن", "العثور على شقة، الإيجار، الكهرباء والجيران."),
        "tr": ("Konut", "Ev bulmak, kira, elektrik ve komşuluk."),
        "uk": ("Житло", "Знайти квартиру, оренда, електрика та сусіди."),
        "ru": ("Жильё", "Найти квартиру, аренда, электричество и соседи."),
        "fa": ("مسکن", "یافتن خانه، اجاره، برق و همسایگی."),
    }),
    ("gesundheit", Icon.HEALTH, {
        "de": ("Gesundheit", "Ärztinnen und Ärzte, Krankenversicherung und Hilfe in Krisen."),
        "en": ("Health", "Doctors, health insurance and help in a crisis."),
        "ar": ("الصحة", "الأطباء والتأمين الصحي والمساعدة في الأزمات."),
        "tr": ("Sağlık", "Doktorlar, sağlık sigortası ve kriz anında yardım."),
        "uk": ("Здоров'я", "Лікарі, медичне страхування та допомога в кризі."),
        "ru": ("Здоровье", "Врачи, медицинская страховка и помощь в кризисе."),
        "fa": ("سلامت", "پزشکان، بیمه درمانی و کمک در بحران."),
    }),
    ("familie", Icon.FAMILY, {
        "de": ("Kinder und Familie", "Kita, Schule, Familienzentren und Hilfe für Eltern."),
        "en": ("Children and family", "Day care, school, family centres and help for parents."),
        "ar": ("الأطفال والعائلة", "الروضة والمدرسة ومراكز الأسرة والمساعدة للوالدين."),
        "tr": ("Çocuklar ve aile", "Kreş, okul, aile merkezleri ve ebeveynlere yardım."),
        "uk": ("Діти та сім'я", "Дитсадок, школа, сімейні центри та допомога батькам."),
        "ru": ("Дети и семья", "Детский сад, школа, семейные центры и помощь родителям."),
        "fa": ("کودکان و خانواده", "مهدکودک، مدرسه، مراکز خانواده و کمک به والدین."),
    }),
    ("beratung", Icon.ADVICE, {
        "de": ("Beratung", "Wer bei Fragen hilft – kostenlos und vertraulich."),
        "en": ("Advice", "Who helps with questions – free and confidential."),
        "ar": ("الاستشارة", "من يساعدك في أسئلتك – مجانًا وبسرية."),
        "tr": ("Danışmanlık", "Sorularınızda kim yardımcı olur – ücretsiz ve gizli."),
        "uk": ("Консультації", "Хто допоможе з питаннями – безкоштовно й конфіденційно."),
        "ru": ("Консультации", "Кто поможет с вопросами – бесплатно и конфиденциально."),
        "fa": ("مشاوره", "چه کسی در پرسش‌ها کمک می‌کند – رایگان و محرمانه."),
    }),
    ("freizeit", Icon.LEISURE, {
        "de": ("Freizeit und Begegnung", "Sport, Vereine, Treffpunkte und Feste."),
        "en": ("Leisure and meeting people", "Sport, clubs, meeting places and festivals."),
        "ar": ("أوقات الفراغ واللقاءات", "الرياضة والنوادي وأماكن اللقاء والاحتفالات."),
        "tr": ("Boş zaman ve buluşma", "Spor, dernekler, buluşma yerleri ve şenlikler."),
        "uk": ("Дозвілля та зустрічі", "Спорт, клуби, місця зустрічей і свята."),
        "ru": ("Досуг и встречи", "Спорт, клубы, места встреч и праздники."),
        "fa": ("اوقات فراغت و دیدار", "ورزش، انجمن‌ها، محل‌های دیدار و جشن‌ها."),
    }),
]
