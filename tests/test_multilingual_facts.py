"""Times, places and numbers in Russian, Ukrainian, Arabic, Turkish, Azerbaijani and Armenian (#12), and the
same fact told in English, Russian and Arabic aligning in compare."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.annotate.places_multilingual import find_places_multilingual
from rashomon.annotate.quantities_multilingual import find_counts
from rashomon.annotate.times_multilingual import find_times_multilingual, lexicon
from rashomon.model import Document, PlaceMention

KHANKENDI = 146970


def times_of(language: str, text: str, published: str | None = "2023-09-20", places=()):
    document = Document(id="d", text=text, hash="h", published=published)
    return find_times_multilingual(document, language, [(0, len(text))], list(places))


def one(language: str, text: str, published: str | None = "2023-09-20", places=()):
    found = times_of(language, text, published, places)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


@pytest.mark.parametrize("language,text,value,utc", [
    ("ru", "в 12:00 по московскому времени", "2023-09-20T12:00", "2023-09-20T09:00:00Z"),
    ("ru", "запланировано на 16:30 по мск", "2023-09-20T16:30", "2023-09-20T13:30:00Z"),
    ("ru", "в 13:00 (GMT+4)", "2023-09-20T13:00", "2023-09-20T09:00:00Z"),
    ("ru", "в 11:00 UTC+3", "2023-09-20T11:00", "2023-09-20T08:00:00Z"),
    ("ru", "в 8 вечера по киевскому времени", "2023-09-20T20:00", "2023-09-20T17:00:00Z"),
    ("uk", "о 13:00 за київським часом", "2023-09-20T13:00", "2023-09-20T10:00:00Z"),
    ("ar", "الساعة ٩:٤٥ بتوقيت غرينتش", "2023-09-20T09:45", "2023-09-20T09:45:00Z"),
    ("ar", "الساعة 00:00 بتوقيت موسكو", "2023-09-20T00:00", "2023-09-19T21:00:00Z"),
    ("ar", "السابعة والنصف صباحاً بتوقيت مكة المكرمة", "2023-09-20T07:30", "2023-09-20T04:30:00Z"),
    ("tr", "TSİ 16.30'da", "2023-09-20T16:30", "2023-09-20T13:30:00Z"),
    ("tr", "Moskova saatiyle 12:00", "2023-09-20T12:00", "2023-09-20T09:00:00Z"),
    ("az", "Bakı vaxtı ilə saat 13:00-da", "2023-09-20T13:00", "2023-09-20T09:00:00Z"),
    ("hy", "Երևանի ժամանակով ժամը 13:00-ին", "2023-09-20T13:00", "2023-09-20T09:00:00Z"),
])
def test_multilingual_clock_and_zone(language, text, value, utc):
    clocks = [t for t in times_of(language, text) if t.type == "TIME"]
    assert clocks[0].value == value and clocks[0].utc == utc


def test_multilingual_arabic_gloss_shares_the_instant():
    """"الرابعة مساء (14,00 ت غ)": the local clock glossed in GMT is the same instant."""
    found = times_of("ar", "في تمام الرابعة مساء (14,00 ت غ)")
    assert {t.utc for t in found} == {"2023-09-20T14:00:00Z"}


def test_multilingual_local_time_uses_the_place_zone():
    place = PlaceMention(doc="d", start=0, end=3, text="غزة", geonames_id=281133, timezone="Asia/Gaza")
    t = times_of("ar", "غزة: تبدأ الهدنة عند السابعة صباحاً بالتوقيت المحلي", "2023-11-24", [place])[-1]
    assert t.value == "2023-11-24T07:00" and t.utc == "2023-11-24T05:00:00Z"


def test_multilingual_moscow_time_across_dst():
    """Moscow has kept UTC+3 since 2014; Kyiv time moves with DST (zoneinfo)."""
    assert one("ru", "в 12:00 по московскому времени", "2013-01-15").utc == "2013-01-15T08:00:00Z"
    assert one("uk", "о 12:00 за київським часом", "2023-01-15").utc == "2023-01-15T10:00:00Z"
    assert one("uk", "о 12:00 за київським часом", "2023-07-15").utc == "2023-07-15T09:00:00Z"


@pytest.mark.parametrize("language,text,value", [
    ("ru", "19 сентября", "2023-09-19"),
    ("ru", "9-10 ноября 2020 года", "2020-11-09/2020-11-10"),
    ("ru", "в сентябре", "2023-09"),
    ("ru", "вчера", "2023-09-19"),
    ("ru", "позавчера", "2023-09-18"),
    ("ru", "завтра", "2023-09-21"),
    ("ru", "вчера вечером", "2023-09-19TEV"),
    ("ru", "10.11.2020", "2020-11-10"),
    ("uk", "10 листопада 2020 року", "2020-11-10"),
    ("uk", "у листопаді", "2023-11"),
    ("uk", "вчора", "2023-09-19"),
    ("ar", "10 نوفمبر 2020", "2020-11-10"),
    ("ar", "٢٠ مايو (أيار)", "2023-05-20"),
    ("ar", "أمس", "2023-09-19"),
    ("ar", "غداً", "2023-09-21"),
    ("ar", "مساء اليوم", "2023-09-20TEV"),
    ("ar", "20 تشرين الثاني", "2023-11-20"),
    ("tr", "22 Temmuz 2022", "2022-07-22"),
    ("tr", "dün", "2023-09-19"),
    ("tr", "yarın", "2023-09-21"),
    ("az", "10 noyabr 2020-ci il", "2020-11-10"),
    ("az", "dünən", "2023-09-19"),
    ("hy", "2020 թ. նոյեմբերի 10-ին", "2020-11-10"),
    ("hy", "երեկ", "2023-09-19"),
    ("tr", "10 Eylül'de", "2023-09-10"),  # a case suffix after the month's apostrophe stays in the extent
    ("tr", "yarından", "2023-09-21"),
    ("tr", "çarşamba günü", "2023-09-20"),
    ("az", "sabahdan", "2023-09-21"),
    ("tr", "2018 yılında", "2018"),
    ("hy", "2016 թվականի ապրիլին", "2016-04"),
    ("tr", "önümüzdeki hafta", "2023-W39"),  # the ISO week after the publication's (2023-W38)
    ("hy", "Հաջորդ շաբաթ", "2023-W39"),  # "շաբաթ" is the week here, not Saturday
    ("az", "keçən ay", "2023-08"),
    ("tr", "akşam saatlerinde", "2023-09-20TEV"),  # a part of day alone: the day of its context
    ("hy", "կեսօրին", "2023-09-20TAF"),
    ("hy", "այսօր առավոտյան", "2023-09-20TMO"),
    ("tr", "2021 sonbaharında", "2021-FA"),  # a season with its year
    ("az", "2021-ci ilin payızında", "2021-FA"),
    ("hy", "2021 թվականի աշնանը", "2021-FA"),
    ("ru", "осенью 2021 года", "2021-FA"),
    ("uk", "восени 2021 року", "2021-FA"),
    ("tr", "18 Eylül Pazartesi günü sabah saatlerinde", "2023-09-18TMO"),  # date, weekday and part: one TIME
    ("hy", "սեպտեմբերի 18-ին, երկուշաբթի առավոտյան", "2023-09-18TMO"),
    ("hy", "Երեկ՝ երեքշաբթի", "2023-09-19"),  # yesterday, Tuesday: one DATE
])
def test_multilingual_dates(language, text, value):
    t = one(language, text)
    assert t.value == value and t.type == ("TIME" if value[-3:] in {"TMO", "TAF", "TEV", "TNI"} else "DATE")
    assert t.anchor == ("explicit" if value[:4] != "2023" or "202" in text else "dct")


@pytest.mark.parametrize("language,text,value", [
    # 20 September 2023 is a Wednesday: the verb's tense decides which Tuesday / Friday
    ("ru", "Переговоры прошли во вторник.", "2023-09-19"),
    ("ru", "Переговоры состоятся во вторник.", "2023-09-26"),
    ("uk", "Переговори відбудуться у вівторок.", "2023-09-26"),
    ("ru", "Он заявил в пятницу.", "2023-09-15"),
    ("ar", "ستبدأ الهدنة يوم الجمعة", "2023-09-22"),
    ("ar", "أعلنت قطر الخميس", "2023-09-21"),  # no tense marker: the nearest Thursday
    ("tr", "Salı günü imzalandı.", "2023-09-19"),
    ("hy", "երեքշաբթի օրը", "2023-09-19"),
])
def test_multilingual_weekday_direction(language, text, value):
    weekdays = [t for t in times_of(language, text) if t.type == "DATE"]
    assert weekdays[0].value == value


def test_multilingual_today_named_with_its_weekday_takes_that_weekday():
    """A Xinhua dateline of 10 November published on the 11th: "اليوم (الثلاثاء)" is Tuesday the 10th."""
    found = times_of("ar", "موسكو 10 نوفمبر 2020 (شينخوا) أصدر الرؤساء بيانا اليوم (الثلاثاء)", "2020-11-11")
    assert [t.value for t in found] == ["2020-11-10", "2020-11-10"]
    assert one("ar", "مساء اليوم الاثنين", "2023-05-22").value == "2023-05-22TEV"


@pytest.mark.parametrize("language,text,value,type_", [
    ("ru", "переговоры длились 4 дня", "P4D", "DURATION"),
    ("ru", "два дня назад", "2023-09-18", "DATE"),
    ("ru", "в течение 6 часов", "PT6H", "DURATION"),
    ("ru", "ежедневно", "P1D", "SET"),
    ("uk", "протягом п'ятдесяти днів", "P50D", "DURATION"),
    ("ar", "لمدة 4 أيام", "P4D", "DURATION"),
    ("ar", "تمديد يومين", "P2D", "DURATION"),
    ("ar", "لمدة أسبوع", "P1W", "DURATION"),
    ("ar", "قبل يومين", "2023-09-18", "DATE"),
    ("ar", "يومياً", "P1D", "SET"),
    ("tr", "4 günlük ateşkes", "P4D", "DURATION"),
    ("az", "5 il", "P5Y", "DURATION"),
    ("hy", "3 օր առաջ", "2023-09-17", "DATE"),
    ("tr", "savaş 34 gündür sürüyor", "P34D", "DURATION"),  # "-dür": for 34 days
    ("tr", "önümüzdeki günlerde", "PXD", "DURATION"),  # as English "the coming days"
])
def test_multilingual_durations_sets_and_ago(language, text, value, type_):
    t = one(language, text)
    assert (t.value, t.type) == (value, type_)


@pytest.mark.parametrize("language,text,extent,value", [
    ("tr", "Görüşmeler yaklaşık 4 saat sürdü.", "yaklaşık 4 saat", "PT4H"),
    ("hy", "Կրակոցները դադարել են մոտ երկու ժամ անց։", "մոտ երկու ժամ", "PT2H"),
])
def test_multilingual_approximate_durations_keep_their_qualifier(language, text, extent, value):
    assert [(t.text, t.value) for t in times_of(language, text)] == [(extent, value)]


@pytest.mark.parametrize("language,text,extent,value", [
    ("hy", "Երթևեկությունը դադարեցվել է դեկտեմբերի 12-ին, երկուշաբթի, ժամը 10:30-ին։",
     "դեկտեմբերի 12-ին, երկուշաբթի", "2022-12-12"),
    ("hy", "Երեկ՝ ապրիլի 11-ին, կրակ են բացել։", "Երեկ՝ ապրիլի 11-ին", "2022-04-11"),
])
def test_multilingual_glossed_days_are_one_date(language, text, extent, value):
    """A date with the weekday after it, and "yesterday" glossed by its date, are one DATE (README "Times")."""
    dates = [(t.text, t.value) for t in times_of(language, text, "2022-12-14" if "դեկտ" in text else "2022-04-12")
             if t.type == "DATE"]
    assert dates == [(extent, value)]


def test_armenian_full_stop_ends_the_clock_sentence():
    """"։" ends a sentence: a clock takes its day from its own sentence, not from the next one's "tomorrow"."""
    from rashomon.annotate.nlp import load_blank

    text = "ԵՐԵՎԱՆ, 13 ՍԵՊՏԵՄԲԵՐԻ։ Հրադադարը հաստատվել է ժամը 09:00-ից։ Խորհուրդը կհավաքվի վաղը։"
    sentences = [(s.start_char, s.end_char) for s in load_blank("hy")(text).sents]
    assert len(sentences) == 3
    document = Document(id="d", text=text, hash="h", published="2022-09-13")
    clock = next(t for t in find_times_multilingual(document, "hy", sentences, []) if t.type == "TIME")
    assert clock.value == "2022-09-13T09:00"


def test_multilingual_age_is_not_a_duration():
    assert times_of("ar", "تقل أعمارهم عن 18 عاماً") == []
    assert times_of("ru", "в возрасте 18 лет") == []


def test_multilingual_clock_day_stays_in_its_clause():
    """"The day before it was reported that the signing is set for 16:30": the day before dates the report."""
    found = times_of("ru", "Накануне сообщалось, что подписание запланировано на 16:30 по мск.", "2022-07-22")
    assert [t.value for t in found] == ["2022-07-21", "2022-07-22T16:30"]
    assert found[1].utc == "2022-07-22T13:30:00Z"


def test_multilingual_clock_with_its_own_day():
    """"الساعة 4 من عصر غد الجمعة" is one expression: 16:00 tomorrow, Friday."""
    (t,) = times_of("ar", "الساعة 4 من عصر غد الجمعة", "2023-11-23")
    assert t.value == "2023-11-24T16:00" and t.type == "TIME"
    (t,) = times_of("ar", "في تمام السابعة صباح الجمعة", None)
    assert t.value == "XXXX-WXX-5T07:00" and t.anchor == "unresolved"
    assert one("ar", "مساء أمس الخميس", None).value == "XXXX-WXX-4TEV"


def test_multilingual_weekday_and_its_date_are_one_expression():
    assert one("ru", "в четверг, 20 ноября", "2031-11-18").value == "2031-11-20"
    assert one("ar", "يوم الخميس 21 نوفمبر", "2031-11-18").value == "2031-11-21"


def test_multilingual_arabic_vowel_marks_do_not_hide_words():
    (count,) = find_counts("قالت مصادر إن ١٨ شخصاً على الأقل قُتلوا", "ar")
    assert (count.kind, count.low, count.high, count.text) == ("killed", 18, None, "١٨ شخصاً على الأقل قُتلوا")
    t = one("ar", "تبدأ الهدنة في تمام السّابعة صباحاً", "2023-11-24")
    assert t.value == "2023-11-24T07:00" and t.text == "تمام السّابعة صباحاً"


def test_multilingual_undated_clock_keeps_its_weekday_and_gloss():
    """No publication date: the clocks still say which weekday, and the GMT gloss shares it."""
    text = ("تبدأ الهدنة في تمام السابعة صباح الجمعة (05,00 ت غ) وتسليم الدفعة في تمام الرابعة مساء (14,00 ت غ) "
            "من يوم الجمعة")
    values = [t.value for t in times_of("ar", text, None) if t.type == "TIME"]
    assert values == ["XXXX-WXX-5T07:00", "XXXX-WXX-5T05:00", "XXXX-WXX-5T16:00", "XXXX-WXX-5T14:00"]


def test_multilingual_relative_without_dct_is_unresolved():
    t = one("ru", "вчера", None)
    assert t.value == "PAST_REF" and t.anchor == "unresolved"


def test_multilingual_environment_is_not_wednesday():
    assert times_of("ru", "защита окружающей среды") == []
    assert times_of("ru", "в среду")[0].value == "2023-09-20"


def test_multilingual_number_without_clock_cue_is_not_a_clock():
    assert times_of("ru", "около 12 человек") == []
    assert times_of("ar", "الثانية من نوعها") == []


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["ru", "uk", "ar", "tr", "az", "hy"]))
def test_multilingual_any_utc_clock_is_its_own_instant(hour, minute, language):
    digits = f"{hour:02d}:{minute:02d}"
    if language == "ar":
        digits = digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    clocks = [t for t in times_of(language, f"{digits} GMT") if t.type == "TIME"]
    assert clocks and clocks[0].utc == f"2023-09-20T{hour:02d}:{minute:02d}:00Z"


def test_multilingual_lexicons_name_every_month_and_weekday():
    for language in ("ru", "uk", "ar", "tr", "az", "hy"):
        lex = lexicon(language)
        assert set(lex.months.values()) == set(range(1, 13)) and set(lex.weekdays.values()) == set(range(7))


def places_of(language: str, text: str) -> list[tuple[str, int | None]]:
    document = Document(id="d", text=text, hash="h")
    found = find_places_multilingual(document, language)
    assert all(text[p.start:p.end] == p.text for p in found)
    return [(p.text, p.geonames_id) for p in found]


@pytest.mark.parametrize("language,text,surface,gid", [
    ("ru", "Обстрел в Степанакерте продолжился.", "Степанакерте", KHANKENDI),
    ("ru", "Делегации прибыли в Стамбуле.", "Стамбуле", 745044),
    ("ru", "Суда вышли из Одессы.", "Одессы", 698740),
    ("ru", "Бои в Нагорном Карабахе.", "Нагорном Карабахе", -1001),
    ("ru", "Жителей Косовска-Митровицы призвали", "Косовска-Митровицы", 789225),
    ("ar", "بالتنسيق مع الولايات المتحده الامريكية", "الولايات المتحده", 6252001),  # heh for taa marbuta
    ("ar", "رئيس اذربيجان", "اذربيجان", 587116),  # no hamza on the alef
    ("ar", "مؤتمر صحفي عقد في الدوحة", "الدوحة", 290030),  # Doha, not a village of the same name
    ("uk", "Переговори у Києві.", "Києві", 703448),
    ("ar", "غارات على مدينة بغزة", "غزة", 281133),
    ("ar", "وصل الوفد والقاهرة", "القاهرة", 360630),
    ("ar", "في ستيباناكيرت", "ستيباناكيرت", KHANKENDI),
    ("ar", "في ناغورنو-كاراباخ وممر لاتشين", "ممر لاتشين", -1004),
    ("tr", "Anlaşma İstanbul'da imzalandı.", "İstanbul'da", 745044),  # the whole word, as "Bakıda"
    ("tr", "KİEV (AA) – Görüşmeler Kiev'de sürüyor.", "KİEV", 703448),  # a dotted capital İ in a dateline
    ("hy", "ԵՐԵՎԱՆ, ապրիլի 12։", "ԵՐԵՎԱՆ", 616052),  # capitals write the ligature և as ԵՎ
    ("hy", "Կրակոցներ Սյունիքի մարզի Թեղ գյուղի մոտ։", "Թեղ", 174743),  # a village inside a sentence
    ("hy", "Զոհեր կան։ Գյումրու բնակիչները հավաքվել են։", "Գյումրու", 616635),  # -ի names decline on -ու
    ("az", "Bakı, 23 aprel – Azərbaycan Ermənistanla sərhəddə məntəqə qurub.", "Ermənistanla", 174982),
    ("az", "Partlayış Kəlbəcər rayonunda baş verib.", "Kəlbəcər", 586047),  # "the X district" is the district
    ("az", "Nümayəndələr Bakıda görüşdü.", "Bakıda", 587084),
    ("az", "Xankəndi şəhərində", "Xankəndi", KHANKENDI),
    ("hy", "Ստեփանակերտում կրակոցներ", "Ստեփանակերտում", KHANKENDI),
    ("hy", "Մոսկվայի բանակցություններ", "Մոսկվայի", 524901),
    ("uk", "з президентами РФ та Азербайджану", "РФ", 2017370),
    ("ar", "موسكو (شينخوا) أصدر رئيس أذربيجان", "أذربيجان", 587116),
])
def test_multilingual_inflected_and_cliticised_places(language, text, surface, gid):
    assert (surface, gid) in places_of(language, text)


@pytest.mark.parametrize("language,text", [
    ("ru", "Такой документ подпишет министр."),  # an adjective at a sentence start, not the town Tāki
    ("ru", "Фото: MOD Russia / via Globallookpress.com"),  # Latin credits in a Cyrillic text
    ("ar", "وقف إطلاق النار يوم الخميس"),  # "ceasefire" and "Thursday", not Al Waqf and Khemis Miliana
    ("ar", "بتوقيت موسكو"),  # a clock, not where anything happened
    ("ar", "قالت مصادر طبية في المدينة"),  # "the city", not Medina
    ("ar", "وجاء في البيان المشترك"),  # "the statement", not the village Bayān
    ("tr", "Moskova saatiyle 12:00"),
    ("tr", "Devlet Başkanı Vladimir Putin'in talimatı."),  # a given name before a surname, not the town
    ("tr", "İnsani ara sürüyor. Aranın pazartesi bitmesi bekleniyor."),  # a common word opening a sentence
    ("az", "Bundan əvvəl atışma olub."),  # "from this", not a place called Bun
    ("az", "Xəbəri APA yayıb."),  # an agency's initials name no town
    ("tr", "Hamas bugün ateşkes ilan etti. Hamas yetkilileri konuştu."),  # the movement, not Hamm (an alternate name)
])
def test_multilingual_common_words_are_not_places(language, text):
    assert places_of(language, text) == []


@pytest.mark.parametrize("language,text,kind,low,high", [
    ("ru", "не менее 12 погибших", "killed", 12, None),
    ("ru", "погибли не менее 12 человек", "killed", 12, None),
    ("ru", "более 200 раненых", "wounded", 201, None),
    ("ru", "около 120 тысяч беженцев", "refugees", 114000, 126000),
    ("ru", "десятки заложников", "hostages", 24, 99),
    ("ru", "двенадцати пленных", "prisoners", 12, 12),
    ("uk", "щонайменше 12 загиблих", "killed", 12, None),
    ("ar", "ما لا يقل عن 12 قتيلا", "killed", 12, None),
    ("ar", "أكثر من ٢٠٠ جريح", "wounded", 201, None),
    ("ar", "نحو 50 رهينة", "hostages", 47.5, 52.5),
    ("ar", "50 أسيراً", "prisoners", 50, 50),
    ("ar", "تبادل 50 أسيراً", "exchanged", 50, 50),  # as English reads "exchange of 50 prisoners"
    ("ar", "سيتم الإفراج عن 3 أسرى", "released", 3, 3),
    ("ar", "380 مركبة", "vehicles", 380, 380),
    ("ar", "مقابل 150 من الفلسطينيين", "exchanged", 150, 150),
    ("ru", "в обмен на 20 военнослужащих", "exchanged", 20, 20),
    ("ru", "число погибших достигло 15", "killed", 15, 15),
    ("ru", "погибли двадцать пять человек", "killed", 25, 25),
    ("ru", "сто двадцать раненых", "wounded", 120, 120),
    ("ar", "مقتل خمسة وعشرين شخصا", "killed", 25, 25),
    ("tr", "on iki kişi öldü", "killed", 12, 12),
    ("uk", "кількість загиблих зросла до 20", "killed", 20, 20),
    ("ar", "عدد المفرج عنهم سيكون 13", "released", 13, 13),
    ("tr", "ölü sayısı 12'ye yükseldi", "killed", 12, 12),
    ("ar", "عشرات الضحايا", "killed", 24, 99),
    ("tr", "en az 12 kişi öldü", "killed", 12, None),
    ("tr", "200'den fazla yaralı", "wounded", 201, None),
    ("az", "ən azı 12 nəfər həlak olub", "killed", 12, None),
    ("hy", "առնվազն 12 զոհ", "killed", 12, None),
    # verb-final clauses: what happened to those counted comes last
    ("hy", "հայկական կողմից 4 զինծառայող զոհվել է", "killed", 4, 4),
    ("tr", "ara süresince 50 rehinenin serbest bırakılacağını söyledi", "released", 50, 50),
    ("tr", "39 Filistinli kadın ve çocuk serbest bırakıldı", "released", 39, 39),
    ("hy", "զոհվել է 49 զինծառայող", "killed", 49, 49),
    ("hy", "վիրավորվել՝ ավելի քան 100-ը", "wounded", 101, None),
    ("tr", "2 bin 700'den fazla kişinin tahliye edildiğini bildirdi", "displaced", 2701, None),
    ("tr", "10 milyondan fazla kişi evlerini terk etti", "displaced", 10000001, None),
    ("tr", "Nova Kahovka'da 7 kişinin kaybolduğunu açıkladı", "missing", 7, 7),
    ("tr", "215 asker takas edildi", "exchanged", 215, 215),
    ("az", "32 hərbçi dəyişdirilib", "exchanged", 32, 32),
    ("hy", "90-ից ավելի զոհ", "killed", 91, None),  # "more than" after the ablative number
    ("uk", "загинули щонайменше двоє", "killed", 2, None),  # a collective numeral
    ("tr", "doksan iki kişi öldü", "killed", 92, 92),
])
def test_multilingual_counts_as_ranges(language, text, kind, low, high):
    (count,) = find_counts(text, language)
    assert (count.kind, count.low, count.high) == (kind, low, high)
    assert text[count.start:count.end] == count.text


def test_multilingual_coordinated_counts_share_the_final_verb():
    text = "atışmada 2 azərbaycanlı hərbçi və 3 erməni polisi həlak olmuşdu"
    assert [(c.kind, c.low) for c in find_counts(text, "az")] == [("killed", 2), ("killed", 3)]


@pytest.mark.parametrize("language,text", [
    ("tr", "Patlama bir kamyonda gerçekleşti."),  # "a truck": the article, not one truck
    ("az", "martın 5-də həlak olanlar anılıb"),  # a day of the month is not a count of the dead
    ("hy", "ապրիլի 11-ին զոհվել է"),  # nor here, before what happened
])
def test_multilingual_articles_and_days_are_not_counts(language, text):
    assert find_counts(text, language) == []


def test_multilingual_stray_foreign_town_is_dropped():
    """"Ибара" in a report about Kosovo and Skopje: the river Ibar, not Ibara in Japan."""
    text = "Переговоры в Скопье. Жителей Косовска-Митровицы призвали не подходить к берегу Ибара."
    assert [gid for _, gid in places_of("ru", text)] == [785842, 789225]


def test_multilingual_year_is_not_a_count():
    assert find_counts("в 2020 году погибли люди", "ru") == []
    assert find_counts("освобождены 5 сентября", "ru") == []  # a date, not five released


@pytest.mark.slow
def test_multilingual_same_fact_in_three_languages_aligns():
    """One shelling told in English, Russian and Arabic: one instant, one place, one toll, each value shown
    in its own words."""
    from rashomon.annotate.pipeline import annotate
    from rashomon.compare.dates import instant_facts
    from rashomon.compare.facts import number_facts, place_facts

    texts = {
        "en": ("At least 12 people were killed in Khankendi at 13:00 (GMT+4) on 20 September 2023, "
               "officials said."),
        "ru": "20 сентября 2023 года в 12:00 по московскому времени в Степанакерте: не менее 12 погибших.",
        "ar": "قتل ما لا يقل عن 12 شخصا في ستيباناكيرت عند الساعة 9:00 بتوقيت غرينتش يوم 20 سبتمبر 2023.",
    }
    documents = []
    for language, text in texts.items():
        document = Document(id=language, text=text, hash=language * 8, published="2023-09-20")
        document.language = language  # set by the language stage in the pipeline
        documents.append(document)
    anns = list(annotate(documents))
    (instant,) = [f for f in instant_facts(anns) if f.key == "instant 2023-09-20T09:00Z"]
    assert {v.value for v in instant.values} == {"13:00 (GMT+4)", "12:00 по московскому времени",
                                                 "الساعة 9:00 بتوقيت غرينتش"}
    (place,) = [f for f in place_facts(anns) if f"GeoNames {KHANKENDI}" in f.key]
    assert {v.value for v in place.values} == {"Khankendi", "Степанакерте", "ستيباناكيرت"}
    (toll,) = [f for f in number_facts(anns) if f.key == "killed"]
    assert toll.verdict == "agree" and len(toll.values) == 3
    assert {v.value for v in toll.values} >= {"не менее 12 погибших", "قتل ما لا يقل عن 12"}


@st.composite
def written_dates(draw):
    """A day, any written form of a month of one language's lexicon, and a year."""
    language = draw(st.sampled_from(["ru", "uk", "ar", "tr", "az", "hy"]))
    forms = lexicon(language).months
    word = draw(st.sampled_from(sorted(w for w in forms if len(w) > 3)))
    day, year = draw(st.integers(1, 28)), draw(st.integers(1990, 2035))
    return language, f"{day} {word} {year}", f"{year:04d}-{forms[word]:02d}-{day:02d}"


@given(written_dates())
def test_multilingual_every_month_form_reads_as_its_month(case):
    language, text, value = case
    dates = [t for t in times_of(language, text) if t.type == "DATE"]
    assert dates and dates[0].value == value and dates[0].anchor == "explicit", (text, dates)


@pytest.mark.parametrize("language,text,times,places,counts", [
    ("tr", "Tahıl koridoru anlaşması 22 Temmuz'da İstanbul'da imzalandı. Tören TSİ 16.30'da başladı; "
           "çatışmalarda en az 12 kişi öldü.",
     {"22 Temmuz'da": "2022-07-22", "TSİ 16.30'da": "2022-07-22T16:30"}, {"İstanbul'da": 745044},
     {("killed", 12, None)}),
    ("az", "Noyabrın 10-da Bakı vaxtı ilə saat 01:00-da atəşkəs qüvvəyə minib. Şuşada ən azı 12 nəfər həlak olub.",
     {"Noyabrın 10-da": "2020-11-10", "Bakı vaxtı ilə saat 01:00-da": "2020-11-10T01:00"}, {"Şuşada": 147105},
     {("killed", 12, None)}),
    ("hy", "Նոյեմբերի 10-ին Երևանի ժամանակով ժամը 01:00-ին Ստեփանակերտում կրակը դադարեց, առնվազն 12 զոհ։",
     {"Նոյեմբերի 10-ին": "2020-11-10", "Երևանի ժամանակով ժամը 01:00-ին": "2020-11-10T01:00"},
     {"Ստեփանակերտում": KHANKENDI}, {("killed", 12, None)}),
])
def test_multilingual_news_sentences(language, text, times, places, counts):
    """A report's sentence in Turkish, Azerbaijani or Armenian: its times, places and counts together."""
    published = "2022-07-22" if language == "tr" else "2020-11-10"
    found = {t.text: t.value for t in times_of(language, text, published)}
    assert found == times
    assert dict(places_of(language, text)) == places
    assert {(c.kind, c.low, c.high) for c in find_counts(text, language)} == counts
