"""A Hypothesis grammar of the transcription family (``../shared/CONVENTIONS.md``).

A generated transcript is built from parts, the way the family is built:

    transcript = header layout + opener lines + body blocks + closer lines + notes
    text       = the blocks laid out by a line layout (blank lines, single
                 newlines, no blank line at all, or hard-wrapped PDF text)

Each header layout, block kind and sign inside a paragraph is one small
function ``kind(draw, doc)``; a rule picks one function of a tuple, which
Hypothesis shrinks towards the first. (Plain functions instead of a strategy
per part: a fresh strategy object per draw costs more than the conversion.)
Numbered, glued and ``x/`` note markers are counted in a :class:`Draft` while
the paragraphs are drawn, so that every marker in the text has its note at the
end, as in a real document. All wording is invented.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from hypothesis import strategies as st

# --- vocabulary --------------------------------------------------------------------------

MONTHS = "January February March April May June July August September October November December".split()
SURNAMES = "Novak Weber Kovalev Lindqvist Okafor Silva Horvath Petrescu Marek Tanaka Dorzh Balint".split()
TITLED = [
    "the Ambassador", "Comrade Novak", "Deputy Minister Weber", "Premier Kim", "the Counsellor",
    "Comrade Ionescu", "the Chargé d'Affaires", "Vice Premier Dorzh", "Ambassador Pan",
]  # fmt: skip
SUBJECTS = ["The delegation", "The Soviet side", "Our side", "He", "The Minister", "The Korean comrades", "They"]
PREDICATES = [
    "raised the question of coal deliveries for the next year",
    "said that the situation on the border had improved",
    "asked for a reply before the end of the month",
    "expressed agreement with the proposal of the Ministry",
    "did not comment on the question of the consular treaty",
    "promised to inform the Central Committee without delay",
    "stressed the importance of the trade agreement",
    "described the harvest in the northern provinces as poor",
    "repeated the position set out in the earlier note",
    "noted the arrival of the railway experts",
    "complained about the late delivery of machine tools",
    "proposed to continue the talks in the spring",
]
QUOTES = [
    "We cannot accept this", "The question is closed", "Time will show who was right",
    "Our people will not forget this help", "This is an internal matter",
]  # fmt: skip
HEADINGS = [
    "Economic questions", "On the situation in Laos", "Trade", "The border question", "Conclusions",
    "Cultural exchange", "Questions of the international movement", "Livestock", "Other matters",
]  # fmt: skip
ITEMS = [
    "the late arrival of the machine tools", "the quality of the tobacco", "the prices of rose oil",
    "coal", "two lathes and spare parts", "the training of students", "a railway survey",
]  # fmt: skip
CITIES = "Moscow Beijing Pyongyang Warsaw Hanoi Bucharest Sofia Berlin Budapest Havana Prague".split()
ORGANS = [
    "the Ministry of Foreign Affairs", "the Central Committee", "the Embassy in Pyongyang",
    "the Fourth Division", "the Ministry of Foreign Trade", "the Party Committee",
]  # fmt: skip
GLOSSES = [
    '"ganbu" [cadre]', '"kuaisu" [quickly]', "banishment [ssylka]", "reduce [curtail]", '"doitsu" [unity]',
    '"juche" [self-reliance]', "Ivanov [Molotov]", "Filippov [Stalin]", "Petrov [Mikoyan]",
]  # fmt: skip
KOREAN_FAMILY = "Kim Pak Ri Choe Han Jeong".split()
KOREAN_SYLLABLES = "Byeong Yeong Song Ju Geum Hun Cheol Jik Nam Il Seong Deok".split()
ARCHIVES = [
    "AVPRF, fond 0102, opis 21, papka 105, delo 32", "PRC FMA 109-02833-03", "AAN, KC PZPR, XI A/88",
    "PA AA, MfAA, A 8412", "MNL OL, XIX-J-1-j, Kuba, 12. doboz", "AMSZ, zespół Departament II, wiązka 14",
    "Mongolian Foreign Ministry Archive, fond 2, dans 1, kh/n 88",
]  # fmt: skip
ROLES = [
    "Translated by {a}", "Contributed by {a}", "Obtained for NKIDP by {a}", "Translated for CWIHP by {a}",
    "Contributed, transcribed, and translated by {a}", "Obtained by {a} and translated by {b}",
    "Translated by {a} and {b}",
]  # fmt: skip
TRANSLATORS = ["Anna Kowalska", "Peter Lindholm", "Mira Sato", "Oleg Danilov", "Ruth Ambler", "Kang Min-ho"]
FUNDERS = [
    "MacArthur Foundation", "the Henry Luce Foundation and the Korea Foundation", "Leon Levy Foundation",
    "the Korea Foundation", "Carnegie Corporation of New York",
]  # fmt: skip
LANGUAGES = ["Chinese", "Russian", "Korean", "Hungarian", "Polish, Russian", "German, Russian", "Mongolian", "English"]
CONTENTS = ["Translation - English", "English Translation", "Transcript - English"]
RESIDUE = "Digital Archive International History Declassified"


# --- the document being drawn ------------------------------------------------------------


@dataclass
class Block:
    """Lines that belong together; ``wrap``: prose a PDF would hard-wrap."""

    lines: list[str]
    wrap: bool = False


@dataclass
class Draft:
    """One transcript while it is drawn: its habits, and what the body leaves for the end (notes, summary)."""

    note_style: str  # "bracketed" word[1] | "glued" NOWAK1 | "slash" x/
    markdown: bool = False
    pages: tuple[int, int] = (10, 14)  # the cited page range
    notes: list[str] = field(default_factory=list)  # note markers in the order they were drawn
    asterisk: bool = False  # an asterisk marker waits for its note after the block
    after_body: list[Block] = field(default_factory=list)


Draw = st.DrawFn
T = TypeVar("T")


def one(draw: Draw, values: Sequence[T]) -> T:
    """One of the values; shrinks towards the first."""
    return values[draw(st.integers(0, len(values) - 1))]


def number(draw: Draw, low: int, high: int) -> int:
    return draw(st.integers(low, high))


def coin(draw: Draw) -> bool:
    return draw(st.booleans())


# --- dates and names ---------------------------------------------------------------------


def ymd(draw: Draw) -> tuple[int, int, int]:
    return number(draw, 1949, 1975), number(draw, 1, 12), number(draw, 1, 28)


def long_date(date: tuple[int, int, int]) -> str:
    year, month, day = date
    return f"{MONTHS[month - 1]} {day}, {year}"


def running_date(draw: Draw, doc: Draft | None = None) -> str:
    """A date as the text writes it, also with the year completed in brackets."""
    year, month, day = ymd(draw)
    name = MONTHS[month - 1]
    forms = [
        f"{day} {name} {year}", f"{day} {name} [{year}]", f"{day} {name} [19]{year % 100}", f"{day}.{month}.{year}",
        f"{month}.{day}.{year}", f"{day}/{month}-{year % 100}", f"[{day}?] {name}", f"{day} [{day + 1}?] {name}",
        f"{name} [{year}]",
    ]  # fmt: skip
    return one(draw, forms)


def person(draw: Draw) -> str:
    return one(draw, TITLED) if coin(draw) else f"Comrade {one(draw, SURNAMES)}"


# --- signs inside a paragraph (one function each) ----------------------------------------


def supplied(draw: Draw, doc: Draft) -> str:
    return one(draw, ["[North] Korea", "[we]", "[the] Ministry", "[Yuri] Andropov", "[Chinese] Embassy", "[it]"])


def omission(draw: Draw, doc: Draft) -> str:
    return one(draw, ["...", "…", "[...]", "[…]", "[….]"])


def archival_page(draw: Draw, doc: Draft) -> str:
    """A bracketed number: a page when it lies in the cited range, else not."""
    low, high = doc.pages
    return f"[{number(draw, low - 2, high + 2)}]"


def note_reference(draw: Draw, doc: Draft) -> str:
    """A marker glued to its word; its note is written at the end of the document."""
    count = len(doc.notes) + 1
    if doc.note_style == "glued":
        name = one(draw, SURNAMES).upper()
        doc.notes.append(str(count))
        return one(draw, [name, f"{name},", f"{name}, "]) + str(count)
    if doc.note_style == "slash":
        doc.notes.append("x/" * min(count, 3))
        return f"{one(draw, SURNAMES)} {doc.notes[-1]}"
    doc.notes.append(f"[{count}]")
    return one(draw, ["agreement", "Berlin.", "1962.", "treaty,", "Tsedenbal"]) + f"[{count}]"


def asterisk(draw: Draw, doc: Draft) -> str:
    doc.asterisk = True
    return one(draw, ["peoples\\*", "question\\*", "revisionists*", "\\*"])


def gloss(draw: Draw, doc: Draft) -> str:
    return one(draw, GLOSSES)


def sic(draw: Draw, doc: Draft) -> str:
    return one(draw, ["deliverd [sic]", "rubles [sic!]", "[sic]", "Moscew [sic]"])


def illegible(draw: Draw, doc: Draft) -> str:
    forms = ["[illegible]", "[Illegible]", "[three words illegible]", "[[signature illegible]]", "14[illegible]"]
    return one(draw, forms)


def description(draw: Draw, doc: Draft) -> str:
    return one(
        draw,
        [
            '[Stamp: "Received 21 MAR 1958"]', "[stamp: Archive, No. 88]", '[handwritten: "agreed"]',
            '[handwritten in the margin: "check the figure!"]', "[crossed out: twice]", "[signature]", "[signed]",
            "[handwritten note:]", "[Letterhead: Embassy of the People's Republic]",
        ],
    )  # fmt: skip


def bracket_note(draw: Draw, doc: Draft) -> str:
    return one(
        draw,
        [
            "[in Russian]", "[in Czech]", "[Ed. note: the second page is missing]",
            "[Editor's Note: the figures are given as in the original]",
            "[Translator's note: so in the original, the text repeats]", "D[efense] M[inister]", "G[eorgi]",
            "No. [311]", "[[V. Orlov?]]", "[28?]",
        ],
    )  # fmt: skip


def romanization(draw: Draw, doc: Draft) -> str:
    """A name and the same name in another romanization: Kim Byeong-jik [Kim Pyong Jik]."""
    family, first, second = one(draw, KOREAN_FAMILY), one(draw, KOREAN_SYLLABLES), one(draw, KOREAN_SYLLABLES)
    other = f"{first} {second}".replace("eo", "o").replace("eu", "u").replace("B", "P").replace("G", "K")
    return f"{family} {first}-{second.lower()} [{family} {other}]"


def quotation(draw: Draw, doc: Draft) -> str:
    opening, closing = one(draw, [("“", "”"), ('"', '"'), ("'", "'"), ("‘", "’")])
    return f"{person(draw)} said: {opening}{one(draw, QUOTES)}.{closing}"


def unbalanced(draw: Draw, doc: Draft) -> str:
    return one(draw, ["[the delegation", "said]", '"not in a hurry', "“so-called", "[[", "]]", "(see"])


def page_marker(draw: Draw, doc: Draft) -> str:
    return f"(p. {number(draw, 2, 9)})"


def damage(draw: Draw, doc: Draft) -> str:
    """Left as written by earlier processing: lost apostrophes and diacritics, OCR slips, dropped words."""
    return one(draw, ["the Worker s Party", "Dvo??k", "??d?", "Kim II Sung", "Moscew", "sigued by", "ShinmunSinmun",
                      "sent a note to the on Friday", "arrived at and left at"])  # fmt: skip


def markup_residue(draw: Draw, doc: Draft) -> str:
    return one(draw, ["<br />", "<sup>o</sup>", "\\[Interjection: Correct\\!\\]", "N<sup>o</sup> 70", "**"])


Sign = Callable[[Draw, Draft], str]
SIGNS: tuple[Sign, ...] = (
    supplied, omission, archival_page, note_reference, asterisk, gloss, sic, illegible, description, bracket_note,
    romanization, quotation, running_date, unbalanced, page_marker, damage, markup_residue,
)  # fmt: skip


QUIET_SIGNS = tuple(kind for kind in SIGNS if kind not in (note_reference, asterisk))  # for a summary


def sign(draw: Draw, doc: Draft, signs: tuple[Sign, ...] = SIGNS) -> str:
    return one(draw, signs)(draw, doc)


# --- prose -------------------------------------------------------------------------------


def sentence(draw: Draw) -> str:
    subject = one(draw, SUBJECTS) if coin(draw) else person(draw)
    end = one(draw, [".", ".", ".", "?", "!", ";", ":"])
    return f"{subject[0].upper()}{subject[1:]} {one(draw, PREDICATES)}{end}"


def prose(draw: Draw, doc: Draft, sentences: int = 4, signs: tuple[Sign, ...] = SIGNS) -> str:
    """Invented sentences with zero to three signs between their words."""
    words = " ".join(sentence(draw) for _ in range(number(draw, 1, sentences))).split(" ")
    for _ in range(number(draw, 0, 3)):
        words.insert(number(draw, 0, len(words)), sign(draw, doc, signs))
    return " ".join(words)


def short_text(draw: Draw, doc: Draft) -> str:
    """A list item or table cell: a few words or a sentence, now and then with a sign."""
    text = one(draw, [lambda: one(draw, ITEMS), lambda: one(draw, ITEMS).capitalize(), lambda: sentence(draw)])()
    return f"{text} {sign(draw, doc)}" if coin(draw) else text


# --- body blocks (one function per kind) -------------------------------------------------


def paragraph(draw: Draw, doc: Draft) -> list[Block]:
    return [Block([prose(draw, doc)], wrap=True)]


def heading(draw: Draw, doc: Draft) -> list[Block]:
    title = one(draw, HEADINGS) + (f" with {supplied(draw, doc)}" if coin(draw) else "")
    letterspaced = " ".join(title.split()[0])
    return [Block([one(draw, [title, f"{number(draw, 1, 12)}. {title}", f"II. {title}", letterspaced, title.upper()])])]


def numbered_paragraphs(draw: Draw, doc: Draft) -> list[Block]:
    start, style = number(draw, 1, 30), one(draw, ["{}.", "({})", "{}"])
    return [Block([f"{style.format(start + i)} {prose(draw, doc, 3)}"], wrap=True) for i in range(number(draw, 1, 4))]


LIST_LABELS: dict[str, Callable[[int], str]] = {
    "bullet": lambda i: "•",
    "dash": lambda i: "-",
    "endash": lambda i: "–",
    "letter": lambda i: f"{'abcdefgh'[i]})",
    "roman": lambda i: f"({['i', 'ii', 'iii', 'iv', 'v'][i]})",
    "paren": lambda i: f"{i + 1})",
    "ones": lambda i: "1.",  # every item numbered 1.
    "numbers": lambda i: f"{i + 1}.",
}


def item_list(draw: Draw, doc: Draft) -> list[Block]:
    label, end = LIST_LABELS[one(draw, list(LIST_LABELS))], one(draw, [";", ".", ",", ""])
    lines = [f"{label(i)} {short_text(draw, doc)}{end}" for i in range(number(draw, 1, 5))]
    intro = one(draw, [None, "The Ministry proposes:", "The Korean side raised the following points:"])
    return ([Block([intro])] if intro else []) + [Block(lines, wrap=True)]


def table(draw: Draw, doc: Draft) -> list[Block]:
    """Pipe rows, with or without a separator row, cells empty, padded or not."""
    columns = number(draw, 1, 4)

    def cell() -> str:
        kinds = [lambda: "", lambda: " ", lambda: short_text(draw, doc), lambda: str(number(draw, 0, 2000))]
        text = one(draw, kinds)()
        return f" {text} " if text and coin(draw) else text

    labels = [one(draw, ["To", "From", "Date", "Goods", "Country", "Remarks"]) for _ in range(columns)]
    rows = ["| " + " | ".join(labels) + " |"]
    if coin(draw):
        rows.append("|" + "|".join(one(draw, ["---", " --- ", ":--"]) for _ in range(columns)) + "|")
    rows += ["|" + "|".join(cell() for _ in range(columns)) + "|" for _ in range(number(draw, 0, 4))]
    if coin(draw):
        rows.append(one(draw, ["| |||", "| | || |", "||"]))
    return [Block(rows)]


def speech(draw: Draw, doc: Draft) -> list[Block]:
    """A speaker label on its own line, or inline at the start of the speech."""
    name = one(draw, SURNAMES)
    if coin(draw):
        label = one(draw, [f"Comrade {name}:", f"{name.upper()}:", f"**{name.upper()}:**", f"North ({name.upper()}):"])
        return [Block([label, prose(draw, doc, 3)], wrap=True)]
    label = one(draw, [f"{name.upper()}:", f"South ({name.upper()}):", f"Ambassador {name}:"])
    return [Block([f"{label} {prose(draw, doc, 3)}"], wrap=True)]


def stage(draw: Draw, doc: Draft) -> list[Block]:
    forms = ["(Laughter.)", "(Applause.)", "(Laughter. Applause.)", f"(Interjection by {person(draw)}: Correct!)",
             f"({one(draw, TITLED).title()}: Which questions, for example?)"]  # fmt: skip
    return [Block([one(draw, forms)])]


def page_line(draw: Draw, doc: Draft) -> list[Block]:
    page = number(draw, 2, 120)
    return [Block([one(draw, [str(page), f"- {page} -", f"(p. {page})"])])]


def participants(draw: Draw, doc: Draft) -> list[Block]:
    names = [f"{one(draw, ['V.', 'J.', 'P.', 'A.'])} {one(draw, SURNAMES).upper()}" for _ in range(number(draw, 1, 3))]
    group = [f"From {one(draw, CITIES)}", f"Comrade {one(draw, SURNAMES).upper()}"] if coin(draw) else []
    return [Block(["Participants:", *names, *group])]


def physical_description(draw: Draw, doc: Draft) -> list[Block]:
    """Stamps and letterheads over several lines, or a column of stamps flattened onto the same lines."""
    city, count = one(draw, CITIES), number(draw, 1, 999)
    forms = [
        ['[Stamp: "Ministry of Foreign Affairs', f"Received {count % 28 + 1} MAR 1958", 'Main Department IV"]'],
        ["[Letterhead: Embassy of the People's Republic", f"in {city}]"],
        [f"[MFA Stamp: [Archive stamp: Received No. {count}", f"{city} Fond 5] 12 May] [handwriting: to the file]"],
        ["[handwritten note:]", f"Comrade {one(draw, SURNAMES)} – for information"],
    ]  # fmt: skip
    return [Block(one(draw, forms))]


BlockKind = Callable[[Draw, Draft], list[Block]]
BODY_BLOCKS: tuple[BlockKind, ...] = (
    paragraph, heading, numbered_paragraphs, item_list, table, speech, stage, page_line, participants,
    physical_description,
)  # fmt: skip


# --- opening and closing lines -----------------------------------------------------------


def classification(draw: Draw, doc: Draft) -> list[str]:
    forms = ["TOP SECRET", "Strictly Secret!", "Secret", "Copy No. 3", "Secret / Copy No. 4 of 25",
             "Making copies is forbidden", "Urgent", "Strictly confidential"]  # fmt: skip
    return [one(draw, [*forms, "Top Secret\\!"] if doc.markdown else forms)]


def routing(draw: Draw, doc: Draft) -> list[str]:
    year, month, day = ymd(draw)
    forms = [
        f"Dispatched {day} {MONTHS[month - 1]} {year}", f"Received 12.03 [04?].{year} at 09:40",
        f"Dispatched: {day}.{month}.{year % 100} 18:20", f"To: {one(draw, ORGANS)}", f"From: {one(draw, CITIES)}",
        f"No. {number(draw, 1, 999)}", f"Nº 00{number(draw, 100, 999)}", f"Re: your cable No. {number(draw, 1, 999)}",
        f"Subject: {one(draw, HEADINGS)}", "CIPHER TELEGRAM", f"Special No. {number(draw, 100, 999)}",
        f"Ref. :     IV/{number(draw, 1, 999)}/58          Date :     {day}.{month}.{year}",
    ]  # fmt: skip
    return [one(draw, forms)]


def salutation(draw: Draw, doc: Draft) -> list[str]:
    organ = one(draw, ORGANS)
    forms = [f"Dear Comrade {one(draw, SURNAMES)}!", f"To {organ[0].upper()}{organ[1:]}:", f"[To] {organ}:",
             "Dear Comrades,", f"Copy to {organ}:"]  # fmt: skip
    return [one(draw, forms)]


def letterhead(draw: Draw, doc: Draft) -> list[str]:
    return [one(draw, ["MINISTRY OF FOREIGN AFFAIRS", "EMBASSY OF THE PEOPLE'S REPUBLIC", "CENTRAL COMMITTEE"]),
            one(draw, ["Fourth Division", "Department II", "General Department"])]  # fmt: skip


def opener_dateline(draw: Draw, doc: Draft) -> list[str]:
    date, city = running_date(draw), one(draw, CITIES)
    forms = [f"{city}, {date}", f"{date}, 16:00 p.m.", "Time: 10 February 1965, 4:00 p.m.",
             f"Location: Embassy in {city}", f"{city}, {date}<br />"]  # fmt: skip
    return [one(draw, forms)]


Lines = Callable[[Draw, Draft], list[str]]
OPENER_LINES: tuple[Lines, ...] = (classification, routing, salutation, opener_dateline)


def opener(draw: Draw, doc: Draft) -> list[Block]:
    """A letterhead, then classification, routing, salutation and dateline lines in any order."""
    lines = letterhead(draw, doc) if coin(draw) else []
    for _ in range(number(draw, 0, 4)):
        lines += one(draw, OPENER_LINES)(draw, doc)
    if coin(draw):
        return [Block([line]) for line in lines]
    return [Block(lines)] if lines else []


def signature(draw: Draw, doc: Draft) -> list[str]:
    name = one(draw, SURNAMES)
    forms = [
        [f"(signed) {name}", one(draw, ["Major", "Ambassador", "Counsellor"])], [f"/{name}/"],
        [f"{number(draw, 1, 28)}.5.52 {name.upper()}"], [f"(-) J. {name}"], ["Head of Department:", f"(G. {name})"],
        [f"Ambassador {name}"], [name.upper()], ["[signed]", f"W. {name}"], [f"Prepared by: T. {name}"],
        [f"Drafted by: I. {name}"], [f"Recorded by {name}, {running_date(draw)}"],
    ]  # fmt: skip
    return one(draw, forms)


def closing_date(draw: Draw, doc: Draft) -> list[str]:
    return [f"{one(draw, CITIES)}, {running_date(draw)}" if coin(draw) else running_date(draw)]


def distribution(draw: Draw, doc: Draft) -> list[str]:
    names = [f"Comrade {one(draw, SURNAMES)}" for _ in range(number(draw, 1, 3))]
    forms = [
        [f"Produced in {len(names) + 1} copies for:", *(f"- {n}" for n in names), "- archive"],
        ["Three copies printed"], [f"Distributed to: {', '.join(names)}"], [f"Copies: {', '.join(names)}"],
        ["No. 4 – to the archive"], [f"Typed 23/10-{number(draw, 50, 75)}"],
    ]  # fmt: skip
    return one(draw, forms)


CLOSER_LINES: tuple[Lines, ...] = (signature, closing_date, distribution)


def closer(draw: Draw, doc: Draft) -> list[Block]:
    parts = [one(draw, CLOSER_LINES)(draw, doc) for _ in range(number(draw, 0, 3))]
    if doc.markdown:  # Markdown hard breaks: two spaces before the line break
        parts = [[line + "  " for line in lines[:-1]] + lines[-1:] for lines in parts]
    return [Block(lines) for lines in parts]


def endnotes(draw: Draw, doc: Draft) -> list[Block]:
    """The notes of every marker drawn, after a rule line when the style has one."""
    if not doc.notes:
        return []
    sources = ["Source, fol. 12.", "According to the figures for July: 30,415 persons.", "Cover name of Kovalev.",
               "See the note of 7 May.", "Not found in the file."]  # fmt: skip
    lines = [f"{marker} {one(draw, sources)}" for marker in doc.notes]
    rule = [one(draw, ["————", "-----", "___"])] if doc.note_style != "bracketed" or coin(draw) else []
    if coin(draw):
        return [Block(rule + lines)]
    return ([Block(rule)] if rule else []) + [Block([line], wrap=True) for line in lines]


# --- header layouts ----------------------------------------------------------------------


@dataclass
class Meta:
    date: tuple[int, int, int]
    title: str
    citation: str
    summary: str
    credits: str
    language: str
    contents: str


def meta(draw: Draw, doc: Draft) -> Meta:
    date = ymd(draw)
    kind = one(draw, ["Cable", "Record of Conversation", "Report", "Note", "Letter", "Memorandum", "Telegram"])
    where = one(draw, ["", " at the Lake Residence [Hungary]", f" in {one(draw, CITIES)}", " (Excerpt)"])
    title = f"{kind} from {one(draw, ORGANS)} to {one(draw, ORGANS)}{where}"
    low = number(draw, 1, 300)
    doc.pages = (low, low + number(draw, 0, 6))
    pages = f"{low}-{doc.pages[1]}" if doc.pages[1] > low else str(low)
    role = one(draw, ROLES).format(a=one(draw, TRANSLATORS), b=one(draw, TRANSLATORS))
    archive = one(draw, ["Wilson Center Digital Archive", "History and Public Policy Program Digital Archive"])
    url = f"https://digitalarchive.wilsoncenter.org/document/{number(draw, 100000, 300000)}"
    url = f"<{url}>" if doc.markdown else url
    citation = f'"{title}", {long_date(date)}, {archive}, {one(draw, ARCHIVES)}, {pages}. {role}. {url}'
    credits = f"This document was made possible with support from {one(draw, FUNDERS)}"
    summary = prose(draw, doc, 2, QUIET_SIGNS)  # drawn even where the layout leaves it out: no note markers
    return Meta(date, title, citation, summary, credits, one(draw, LANGUAGES), one(draw, CONTENTS))


def no_header(draw: Draw, doc: Draft) -> list[Block]:
    return []


def labelled_header(draw: Draw, doc: Draft) -> list[Block]:
    """Date, title, then label lines each followed by its value, with or without Markdown residue."""
    m = meta(draw, doc)

    def bold(text: str) -> str:
        return f"**{text}**" if doc.markdown else text

    title = [bold(m.title)]
    if doc.markdown and coin(draw):  # a bold title broken over lines with Markdown hard breaks
        words = m.title.split(" ")
        cut = number(draw, 1, len(words) - 1)
        title = ["**" + " ".join(words[:cut]) + "  ", " ".join(words[cut:]) + "**"]
    fields = [("Citation:", m.citation), ("Summary:", m.summary), ("Credits:", m.credits),
              ("Original Language:", m.language), ("Contents:", m.contents)]  # fmt: skip
    blocks = [Block([bold(long_date(m.date))]), Block(title)]
    for label, value in fields:
        if label in ("Citation:", "Contents:") or coin(draw):
            blocks += [Block([bold(label)]), Block([value], wrap=label in ("Citation:", "Summary:"))]
    return blocks


def unlabelled_header(draw: Draw, doc: Draft) -> list[Block]:
    """Date line, title line and funding line in any order; the summary first, last or absent."""
    m = meta(draw, doc)
    blocks = [Block([line]) for line in draw(st.permutations([long_date(m.date), m.title, m.credits]))]
    summary = Block([f"Summary: {m.summary}"], wrap=True)
    where = one(draw, ["none", "first", "after body"])
    if where == "first":
        blocks.insert(0, summary)
    elif where == "after body":
        doc.after_body.append(summary)
    return blocks


def bulleted_header(draw: Draw, doc: Draft) -> list[Block]:
    """The older layout: date, title, ``• Citation``, the summary, then the quoted citation."""
    m = meta(draw, doc)
    citation = m.citation.replace("Wilson Center Digital Archive", "History and Public Policy Program Digital Archive")
    return [Block([long_date(m.date)]), Block([m.title]), Block(["• Citation"]), Block([m.summary], wrap=True),
            Block([citation], wrap=True)]  # fmt: skip


def pdf_inline_header(draw: Draw, doc: Draft) -> list[Block]:
    """Every label inline in one paragraph, and the body running on after ``Contents:``."""
    m = meta(draw, doc)
    fields = [f"Citation: {m.citation}", f"Summary: {m.summary}", f"Original Language: {m.language}",
              f"Contents: {m.contents}"]  # fmt: skip
    run_on = one(draw, [lambda: "", lambda: " " + opener_dateline(draw, doc)[0], lambda: " " + prose(draw, doc, 2)])()
    return [Block([m.title], wrap=True), Block([" ".join(fields) + run_on], wrap=True)]


HEADERS: tuple[BlockKind, ...] = (no_header, labelled_header, unlabelled_header, bulleted_header, pdf_inline_header)


# --- line layouts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    kind: str  # "blank" | "single" | "none" | "wrapped"
    width: int = 70  # of a hard-wrapped text
    separator: str = "\n\n"  # between body blocks, for "blank" and "wrapped"
    header_separator: str = "\n\n"  # between header fields, unless there is no blank line at all
    indent: str = ""  # before the first line of a prose block
    newline: str = "\n"


def layout(draw: Draw) -> Layout:
    kind = one(draw, ["blank", "single", "none", "wrapped"])
    separator = one(draw, ["\n\n", "\n \n", "\n\u00a0\n", "\n\n\n"])
    return Layout(
        kind=kind,
        width=number(draw, 50, 90),
        separator="\n" if kind == "wrapped" and coin(draw) else separator,
        header_separator=one(draw, ["\n\n", "\n"]),
        indent=one(draw, ["", "    ", "\t"]) if kind != "blank" else "",
        newline=one(draw, ["\n", "\r\n"]),
    )


def wrap(line: str, width: int) -> list[str]:
    """Hard-wrap as a PDF does: at spaces only, never inside a word."""
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]


def render(header_blocks: list[Block], body_blocks: list[Block], how: Layout) -> str:
    def block_text(block: Block) -> str:
        lines = block.lines
        if block.wrap and how.kind == "wrapped":
            lines = [part for line in lines for part in wrap(line, how.width)]
        if block.wrap and how.indent:
            lines = [how.indent + lines[0], *lines[1:]]
        return "\n".join(lines)

    header_sep = "\n" if how.kind == "none" else how.header_separator
    body_sep = "\n" if how.kind in ("single", "none") else how.separator
    parts = [header_sep.join(map(block_text, header_blocks)), body_sep.join(map(block_text, body_blocks))]
    return body_sep.join(part for part in parts if part).replace("\n", how.newline)


# --- whole transcripts -------------------------------------------------------------------


@st.composite
def transcripts(draw: Draw) -> str:
    """A whole transcript of the family, as text."""
    doc = Draft(note_style=one(draw, ["bracketed", "glued", "slash"]), markdown=coin(draw))
    head = one(draw, HEADERS)(draw, doc)
    if head and number(draw, 0, 5) == 5:  # website residue on the first line, now and then
        head.insert(0, Block([RESIDUE]))
    body = opener(draw, doc)
    for _ in range(number(draw, 1, 8)):
        body += one(draw, BODY_BLOCKS)(draw, doc)
        if doc.asterisk:  # the asterisk note follows the block of its marker
            body.append(Block([f"\\* {sentence(draw)}"], wrap=True))
            doc.asterisk = False
    body += closer(draw, doc) + doc.after_body + endnotes(draw, doc)
    text = render(head, body, layout(draw))
    if number(draw, 0, 9) == 9:  # a file that stops in mid-word
        text = text.rstrip()[: -number(draw, 1, 4)]
    return one(draw, ["", "\n\n", " "]) + text + one(draw, ["\n", "", "\n\n"])
