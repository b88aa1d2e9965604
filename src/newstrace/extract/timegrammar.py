"""The grammar of time expressions: one regular expression, compiled at import, with a named group per rule.

Each top-level alternative is a rule (``md``: "April 10, 2025", ``ago``: "two years ago", ...); its parts are
named ``<rule>_<part>`` so that the normalizer in :mod:`newstrace.extract.times` can read them. Alternatives
are tried in order at each position, so longer and more specific rules come first. Spans follow TimeML:
determiners and modifiers ("the past three months", "early April") are inside, prepositions are not.
"""

from __future__ import annotations

import re

from newstrace.dates import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from newstrace.extract.numbers import DIGIT_NUMBER, WORD_NUMBER

#: A month's three-letter abbreviation → its number.
MONTH_NUMBERS = {abbr: i for i, abbr in enumerate(MONTH_ABBREVIATIONS, 1)}
#: Unit words, singular, as the grammar matches them (the plural "s" is optional after each).
UNIT_WORDS = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year",
              "decade", "century", "centuries", "millennium", "millennia")
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

_FULL_MONTHS = "|".join(m.capitalize() for m in MONTHS)
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
MONTH = r"(?-i:" + _FULL_MONTHS + "|" + _ABBR + r"\.(?=\s*\d)|" + _ABBR + r"(?=\s+\d))"
WEEKDAY = r"(?-i:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d|\d)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d|\s*(?:%|percent|per\s+cent)\b)"
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ies)|millenni(?:um|a))"
UNIT_NO_SECOND = UNIT.replace("second|", "")
SEASON = r"(?:spring|summer|autumn|fall|winter)"
POD = r"(?:morning|afternoon|evening|night)"
# "some" and "a few" as amounts, "about"/"nearly" as qualifiers that TimeML keeps inside the span
AMOUNT = (r"(?:" + DIGIT_NUMBER + "|" + WORD_NUMBER
          + r"|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|few|several|some|many|a|an|one)")
APPROX = (r"(?:about|around|nearly|almost|roughly|approximately|some|more\s+than|less\s+than|at\s+least|"
          r"up\s+to|just\s+over|just\s+under|over|under)")
REL = r"(?:last|next|this|this\s+past|this\s+coming|coming|past)"
#: Modifiers that keep the value of what they modify (TimeML ``mod``): "early April", "the end of 2024".
MOD = (r"(?:(?:early|mid|late)\s*-\s*|(?:early|late|mid)\s+|end\s*-\s*|"
       r"(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close|turn|rest|remainder|first\s+half|"
       r"second\s+half)\s+of\s+(?:the\s+)?)")
#: Holidays by name (case-sensitive); their dates are in :mod:`newstrace.extract.timenorm`.
HOLIDAY = (r"Christmas\s+Eve|Christmas\s+Day|Christmas(?!\s+(?:trees?|cards?|carols?|lights|ornaments?|decorations?|"
           r"markets?|songs?|movies?|films?|specials?|presents?|gifts?|jumpers?|sweaters?|stockings?|puddings?|"
           r"cakes?|cookies?|crackers?|albums?|Island))|New\s+Year['’]s\s+Eve|New\s+Year['’]s(?:\s+Day)?|Halloween|"
           r"Valentine['’]s\s+Day|Boxing\s+Day|Thanksgiving(?:\s+Day)?|Black\s+Friday|Cyber\s+Monday|Labor\s+Day|"
           r"Memorial\s+Day|(?:the\s+)?Fourth\s+of\s+July|July\s+Fourth|"
           r"(?:Martin\s+Luther\s+King(?:,?\s+Jr\.?)?|M\.?L\.?K\.?)(?:['’]s)?\s+Day|Presidents['’]?\s+Day|"
           r"Veterans['’]?\s+Day|Remembrance\s+Day|Armistice\s+Day|Columbus\s+Day|Election\s+Day|"
           r"Easter\s+Monday|Easter\s+Sunday|Easter(?!\s+Island)|Good\s+Friday|Mother['’]s\s+Day|Father['’]s\s+Day|"
           r"(?:St\.?|Saint)\s+Patrick['’]s\s+Day|Groundhog\s+Day|Bastille\s+Day|Canada\s+Day|Juneteenth")
ZONE = (r"(?:(?-i:GMT|UTC|EST|EDT|CET|CEST|BST|PST|PDT|CST|CDT|ET|PT|MSK|EET|EEST|IST|JST|AEST|AEDT)(?![\w])|"
        r"local\s+time|(?-i:[A-Z][a-z]+)\s+time)")


def _rules() -> list[tuple[str, str]]:
    return [
        ("iso", r"(?<![\d/.-])(?P<iso_y>" + YEAR + r")-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
                r"(?:T(?P<iso_t>[0-2]\d:[0-5]\d))?(?![\d])"),
        ("slash", r"(?<![\d/.])(?P<sl_a>[01]?\d|[23]\d)/(?P<sl_b>[0-3]?\d)/(?P<sl_y>(?:19|20)\d\d|\d\d)(?![\d/])"),
        ("named", r"(?<![\d/])(?P<nm_911>9/11)(?![\d/])|(?-i:Sept(?:\.|ember)?)\s+11(?:th)?(?=,?\s+(?:attacks?|terror|"
                  r"terrorist|hijack|hijackings|[Cc]ommission|memorial|anniversary|victims?|era|strikes)\b)"),
        ("mdy", r"(?:(?P<mdy_wd>" + WEEKDAY + r"),?\s+)?(?:(?P<mdy_mod>early|mid|late)\s*-?\s*)?(?P<mdy_mon>"
                + MONTH + r")\s*(?P<mdy_day>" + DAY + r")(?:,?\s+(?P<mdy_y>" + YEAR + r"))?"),
        ("dmy", r"(?:(?P<dmy_wd>" + WEEKDAY + r"),?\s+)?(?:the\s+)?(?<![\d,.])(?P<dmy_day>" + DAY
                + r")\s+(?:of\s+)?(?P<dmy_mon>" + MONTH + r")(?:,?\s+(?P<dmy_y>" + YEAR + r"))?"),
        ("my", r"(?P<my_mod>" + MOD + r")?(?P<my_mon>" + MONTH + r"),?\s+(?:of\s+)?(?P<my_y>" + YEAR + ")"),
        ("quarter", r"(?P<q_mod>" + MOD + r")?(?:(?:(?P<q_py>" + YEAR + r")|(?P<q_prel>last|this|next)\s+year)"
                    r"['’]s\s+(?:fiscal\s+)?"
                    r"(?=(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:quarter|half)))?"
                    r"(?:the\s+(?P<q_last>final|last)|(?:the\s+)?(?P<q_ord>first|second|third|fourth|final|1st|2nd|"
                    r"3rd|4th))(?:[\s-]+"
                    r"(?:fiscal|calendar))?[\s-]+(?P<q_unit>quarter|half)(?:\s+of\s+(?:(?:fiscal\s+)?(?P<q_y>"
                    + YEAR + r")|(?P<q_rel>this|last|next|the)\s+(?:fiscal\s+)?year))?"
                    r"|(?-i:(?P<q_q>Q[1-4]|H[12]))(?:\s+|\s*-\s*|\s*')?(?P<q_qy>" + YEAR + r"|\d\d(?!\d))?(?!\w)"),
        ("holiday", r"(?:the\s+(?=(?-i:[A-Z])))?(?-i:(?P<hd>" + HOLIDAY + r"))(?:\s+(?P<hd_we>weekend)(?!\w))?"
                    r"(?:,?\s+(?P<hd_y>" + YEAR + "))?"),
        ("decade", r"(?:the\s+)?(?:(?P<dec_mod>early|mid|late)[\s-]+)?(?<!his\s)(?<!her\s)(?<!their\s)"
                   r"(?<![\w$€£])(?:(?P<dec_y>1[5-9]\d0|20\d0)['’]?s|['’](?P<dec_s>\d0)['’]?s)(?![\w])"
                   r"|the\s+(?:(?P<dec_mod2>early|mid|late)[\s-]+)?(?P<dec_w>twenties|thirties|forties|fifties|"
                   r"sixties|seventies|eighties|nineties)"),
        ("century", r"(?:the\s+)?(?:(?P<cen_mod>early|mid|late)[\s-]+)?(?:(?P<cen_n>1\d|2[01])(?:st|nd|rd|th)"
                    r"|(?P<cen_w>fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
                    r"twenty[\s-]first))[\s-]+century"),
        ("endof", r"(?:the\s+)?(?P<eo_m>end|start|beginning|middle|close|turn|rest|remainder|first\s+half|"
                  r"second\s+half)\s+of\s+the\s+(?P<eo_u>year|month|week|day|decade|century|quarter)"
                  r"|(?P<eo_ye>year[\s-]end|month[\s-]end|quarter[\s-]end)(?!\w)"),
        ("dayrel", r"(?:(?P<dr_el>earlier|later|early|late)\s+)?(?P<dr_day>the\s+day\s+before\s+yesterday|the\s+day\s+"
                   r"after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:\s+(?P<dr_pod>" + POD + r"))?(?![\w-])"
                   r"|(?P<dr_this>this|last|tomorrow)\s+(?P<dr_pod2>" + POD + r")(?!\w)"
                   r"|(?P<dr_on>overnight)(?![\w-])"),
        ("earlier", r"(?P<el>earlier|later)\s+(?P<el_how>in\s+the|this|that)\s+(?P<el_u>day|week|month|year|"
                    r"morning|afternoon|evening|decade|century|quarter)(?!\w)"),
        ("theday", r"the\s+(?P<tb_u>day|night|week|month|year)\s+(?P<tb_d>before|after|earlier|later|prior)"
                   r"(?=\s*[,.;:)!?\"”]|\s+(?:and|but|when|as|while|that|which|he|she|they|it)\b|$)"),
        ("ago", r"(?P<ag_pl>years|months|weeks|days|decades|centuries)\s+ago(?!\w)"
                r"|(?:(?P<ag_q>" + APPROX + r")\s+)?(?P<ag_n>" + AMOUNT + r")\s+(?P<ag_u>" + UNIT_NO_SECOND
                + r")s?\s+(?P<ag_d>ago|earlier|later|back|from\s+now|hence|prior(?!\s+to\b)|"
                r"before(?=\s*[,.;:)!?\"”]|\s+(?:and|but|when|that|which)\b|$)|"
                r"after(?=\s*[,.;:)!?\"”]|\s+(?:and|but|when|that|which)\b|$))"),
        ("npast", r"(?P<np_the>the\s+)?(?P<np_rel>past|last|next|previous|coming|first|final|following|recent|"
                  r"preceding)\s+(?P<np_n>" + AMOUNT + r")\s+(?P<np_u>" + UNIT + r")s?(?!\w)"),
        ("set", r"(?P<st_every>every|each|per)\s+(?:(?P<st_n>other|" + DIGIT_NUMBER + "|" + WORD_NUMBER
                + r")\s+)?(?:(?P<st_u>" + UNIT + ")|(?P<st_wd>" + WEEKDAY + ")|(?P<st_se>" + SEASON
                + ")|(?P<st_pod>" + POD + r"))s?(?!\w)"
                r"|(?P<st_adv>daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|biweekly|"
                r"fortnightly|semi-?annually|biannually)(?!\w)"
                r"|(?P<st_f>once|twice|thrice|(?:" + DIGIT_NUMBER + "|" + WORD_NUMBER + r")\s+times)\s+(?:a|an|per|"
                r"each|every)\s+(?P<st_fu>" + UNIT + r")(?!\w)"),
        ("relunit", r"(?P<ru_mod>" + MOD + r")?(?P<ru_rel>last|next|this|coming|current|the\s+(?:past|last|"
                    r"previous|prior|coming|next|current|following|same|present|preceding)|that|this\s+past|"
                    r"this\s+coming|the(?=\s+weekend)|(?P<ru_the>the)(?=\s+(?:year|quarter|month|week|decade)(?![\w-])"
                    r"(?!\s+(?:of\b|ended\b|ending\b|before\b|after\b|earlier\b|later\b|prior\b|\d)))|same)"
                    r"\s+(?P<ru_u>week|weekend|fortnight|month|quarter|year|decade|"
                    r"century|day|night|morning|afternoon|evening)(?![\w-])"),
        ("refs", r"(?P<rf_new>the\s+new\s+year)(?![\w'’-])"
                 r"|(?P<rf_now>now|currently|presently|at\s+present|nowadays|these\s+days|"
                 r"the\s+present(?:\s+day)?(?=\s*[,.;:)!?\"”]|\s+(?:and|but|or)\b|$))"
                 r"(?![\w-])|(?P<rf_past>recently|lately|recent\s+(?:days|weeks|months|years|decades|"
                 r"times)|the\s+past(?=\s*[,.;:)!?\"”]|\s+(?:and|but|or|when|as|he|she|they|it|we|I|the|a|was|"
                 r"were|is|has|have|had)\b|$))"
                 r"|(?P<rf_fut>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|(?:the\s+)?coming\s+(?:days|weeks|"
                 r"months|years|decades)|the\s+(?:days|weeks|months|years)\s+(?:ahead|to\s+come))(?!\w)"),
        ("time", r"(?<![\d:.])(?P<tm_h>[01]?\d|2[0-3])(?:[:.](?P<tm_m>[0-5]\d))?\s*(?P<tm_ap>[ap]\.\s?m\.?|"
                 r"[ap]m(?!\w))(?:\s+(?P<tm_tz>" + ZONE + r"))?"
                 r"|(?<![\d:.,])(?P<tm_h2>[01]?\d|2[0-3]):(?P<tm_m2>[0-5]\d)(?![\d:])(?:\s*(?:hours|hrs|h)\b)?"
                 r"(?:\s+(?P<tm_tz2>" + ZONE + r"))?"
                 r"|(?P<tm_w>noon|midday|midnight)(?!\w)"
                 r"|(?<![\d:.,])(?P<tm_h3>[01]\d|2[0-3])(?P<tm_m3>[0-5]\d)\s*(?:(?P<tm_tz3>(?-i:GMT|UTC|Z))(?!\w)|"
                 r"hours?\b|hrs\b|local\s+time)"),
        ("season", r"(?P<se_mod>early|mid|late)?[\s-]*(?:(?P<se_rel>last|this|next|this\s+past|coming|past)\s+"
                   r"|(?P<se_the>the)\s+)?(?P<se>" + SEASON + r")(?:\s+(?:of\s+)?(?P<se_y>" + YEAR + r"))?(?!\w)"),
        ("weekday", r"(?:(?P<wd_mod>early|late)\s+)?(?:(?P<wd_rel>last|next|this\s+past|this\s+coming|this|coming|"
                    r"past)\s+)?(?P<wd>" + WEEKDAY
                    + r")(?P<wd_pl>s)?(?:\s+(?P<wd_pod>" + POD + r"))?(?!\w)"),
        ("month", r"(?P<mo_mod>" + MOD + r")?(?:(?P<mo_rel>last|next|this|this\s+past|this\s+coming|coming)\s+)?"
                  r"(?P<mo>" + MONTH + r")(?![\w-]|\s*\d|\.\w)"),
        ("year", r"(?:(?P<yr_mod>" + MOD + r")|(?P<yr_fy>fiscal\s+(?:year\s+)?|FY\s*)|the\s+year\s+|"
                 r"(?<![\w$€£¥.,/:#-]))(?P<yr>" + YEAR + r")(?![\w-]|['’]s)"),
        ("dur", r"(?:(?P<du_q>" + APPROX + r")\s+)?(?:(?P<du_n>" + AMOUNT + r")(?:\s+and\s+a\s+half)?(?:\s+|\s*-\s*)"
                r"(?:(?:consecutive|straight|successive|running|single|full|whole|entire)\s+)?"
                r"(?P<du_u>" + UNIT_NO_SECOND + r"|seconds)(?P<du_s>s)?(?:\s+and\s+a\s+half)?(?P<du_old>-old|\s+old)?"
                r"|(?P<du_h>half\s+an?|a\s+half)\s+(?P<du_hu>hour|day|year|century|decade)"
                r"|(?:(?<=for\s)|(?<=over\s)|(?<=within\s)|(?<=during\s)|(?<=in\s)|(?<=after\s)|(?<=take\s)|"
                r"(?<=took\s)|(?<=takes\s)|(?<=taking\s)|(?<=last\s)|(?<=lasted\s)|(?<=lasts\s)|(?<=lasting\s))"
                r"(?P<du_pl>years|months|weeks|days|hours|decades|centuries|minutes)"
                r"|(?P<du_pl2>years|months|weeks|days|hours|minutes)(?=\s+(?:after|later|before|earlier)\b))(?![\w])"),
    ]


RULES = _rules()
GRAMMAR = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in RULES), re.IGNORECASE)
