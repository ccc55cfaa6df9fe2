"""The letterhead every PDF of PISAO starts with: an A4 page with the same margins, the document's metadata,
the issuing agency (and its region when given) and the title in Bahasa Indonesia with its English below it in
small grey. One font, fpdf2's core Helvetica, so nothing is downloaded or packaged; it covers Latin-1 only, so
every printed string goes through `latin1`.

fpdf2 (and the fontTools it loads) costs half a second of a cold start: import this module only from the code
that draws a PDF, and that code only inside the function that is asked for one.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "Helvetica"
GREY = (110, 110, 110)
MARGIN = 18  # mm, left and right
TOP = 16  # mm, top and the bottom's page-break margin

# Typographic characters people paste into names and addresses that Latin-1 lacks, with their plain spelling.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "*", "\u20ac": "EUR",
    "\u0131": "i", "\u0142": "l", "\u0141": "L", "\u0111": "d", "\u0110": "D", "\u00a0": " ",
})  # fmt: skip


def latin1(text: object) -> str:
    """Text the PDF core fonts (Helvetica, Latin-1 only) can print, without crashing on a citizen's name.

    Latin-1 letters stay as they are ("Andrés"); other accented letters lose their accent ("Nguyễn" ->
    "Nguyen"); control characters become spaces; anything else with no Latin spelling becomes "?", so the
    reader sees that something was there."""
    out = []
    for char in str(text).translate(_PLAIN):
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")
            continue
        if ord(char) < 256:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


def letterhead(*, agency: str, title: str, title_en: str, doc_title: str, doc_subject: str, created: datetime,
               region: str | None = None) -> FPDF:
    """A new A4 PDF, its first page begun with the letterhead; the caller writes on below it.

    `agency` is printed first (bold) and is the PDF's author, `region` (the Pemda) below it when given; `title`
    is printed large (Indonesian, in capitals as on a government form) with `title_en` below it. `doc_title` and
    `doc_subject` are the metadata a viewer shows; `created` is the creation date, and nothing else in the
    letterhead depends on the clock, so the same document gives the same bytes."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(doc_title)
    pdf.set_subject(doc_subject)
    pdf.set_author(agency)
    pdf.set_creator("PISAO")
    pdf.set_lang("id")
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=TOP)
    pdf.add_page()

    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, latin1(agency), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if region:
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, latin1(region), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, latin1(title_en), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    return pdf
