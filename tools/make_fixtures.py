#!/usr/bin/env python3
"""Make the HTML and PDF test fixtures of the extract stage from corpus text exports.

Run by `make fixtures` (needs LibreOffice Writer and qpdf from Debian: libreoffice-writer-nogui,
hyphen-da, qpdf). The outputs are committed, so tests and CI need neither.

  web_export.html   corpus 001 (the 2016 web-page export) as a case-system web page:
                    Windows-1252 with a <meta> charset, named and numeric entities, &nbsp;,
                    site banner, navigation, scripts, styles, footer, h1-h3, lists, a table.
  minutes.fodt      corpus 000 (the 2023 PDF text) as a flat ODF document with headings, lists,
                    tables, justified and hyphenated Danish text, a running header and
                    "Side N af M" footer; LibreOffice turns it into minutes.pdf.
  web_export.pdf    web_export.html printed to PDF by LibreOffice (writer_web_pdf_Export): a
                    second typesetting, ragged right, table cells centred vertically, list
                    items without a hanging indent, the page's navigation printed too.
  scanned.pdf       one page holding only an image: no text layer.
  no_mediabox.pdf   a page with text but no MediaBox: pdf-extract panics on it
                    (`expect("MediaBox")`), the case of a PDF that takes an extractor down.
  encrypted.pdf     minutes.pdf encrypted with a user password (qpdf, AES-256).
  permissions_only.pdf  minutes.pdf encrypted with an empty user password and printing
                    forbidden (AES-256): opens without a password, as readers do.
  truncated.pdf     the first 40 % of minutes.pdf's bytes.

The conversion is generic over each export's layout (headings recognised by their shape, not
by file name); it is test data, so it only has to be plausible, not complete.
"""

import html
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
HTML_OUT = ROOT / "pipeline" / "tests" / "fixtures" / "html"
PDF_OUT = ROOT / "pipeline" / "tests" / "fixtures" / "pdf"

NBSP = "\u00a0"
GROUP = re.compile(r"^[A-D]\. \S")
TOC_ITEM = re.compile(r"^(\d+) (\S.*)$")
ITEM_TITLE = re.compile(r"^\d+\. \S")
ACCESS = re.compile(r"^(Åbent|Lukket) - ")
BULLET = re.compile(r"^\s*•\s*(.*)$")
NUMBERED = re.compile(r"^\s+(\d+)\.\s+(.*)$")


def is_blank(line):
    return line.replace(NBSP, " ").strip() == ""


def is_caps_heading(line):
    s = line.strip()
    return 3 <= len(s) <= 40 and s.upper() == s and any(c.isalpha() for c in s)


def esc(text):
    """Escape for HTML; non-breaking spaces as &nbsp; and a few letters as named entities,
    as old case systems wrote them."""
    out = html.escape(text, quote=False)
    out = out.replace(NBSP, "&nbsp;").replace("é", "&eacute;").replace("§", "&sect;")
    return out.replace('"', "&quot;")


def paragraphs(lines):
    """Blocks of consecutive lines; a line of only (non-breaking) spaces is its own block."""
    block = []
    for line in lines:
        if line.strip(" ") == "":
            if block:
                yield block
            block = []
        elif line.replace(NBSP, "").strip() == "":
            if block:
                yield block
            block = []
            yield [line]
        else:
            block.append(line)
    if block:
        yield block


def web_export_body(text):
    lines = text.split("\n")
    blocks = list(paragraphs(lines))
    out = []
    i = 0
    # The meeting header: the first block, one line per <div>, as the export shows it.
    header = blocks[0]
    out.append('<div class="meeting-header">')
    out.append(f'<h1 class="doc-type">{esc(header[0])}</h1>')
    for line in header[1:]:
        out.append(f"<div>{esc(line)}</div>")
    out.append("</div>")
    i = 1
    open_list = None  # "ul" or "ol"
    next_number = None

    def close_list():
        nonlocal open_list
        if open_list:
            out.append(f"</{open_list}>")
            open_list = None

    while i < len(blocks):
        block = blocks[i]
        i += 1
        first = block[0]
        # The table of contents: group lines and "N Title" lines, as a table with anchors.
        if all(GROUP.match(b) or TOC_ITEM.match(b) for b in block) and len(block) > 2:
            close_list()
            out.append('<table class="agenda-toc" summary="Indhold">')
            for line in block:
                m = TOC_ITEM.match(line)
                if m:
                    out.append(
                        f'<tr><td class="nr">{m.group(1)}</td>'
                        f'<td><a href="#punkt{m.group(1)}">{esc(m.group(2))}</a></td></tr>'
                    )
                else:
                    out.append(f'<tr><th colspan="2">{esc(line)}</th></tr>')
            out.append("</table>")
            continue
        if is_blank(first):
            # Spacer paragraphs between list items belong to the list; elsewhere they stay.
            if open_list and i < len(blocks) and (
                BULLET.match(blocks[i][0]) or NUMBERED.match(blocks[i][0])
            ):
                continue
            close_list()
            out.append("<p>&nbsp;</p>")
            continue
        if len(block) == 1 and GROUP.match(first):
            close_list()
            out.append(f'<h2 class="group">{esc(first)}</h2>')
            continue
        if ITEM_TITLE.match(first) and len(block) >= 3 and ACCESS.match(block[2]):
            close_list()
            number = first.split(".", 1)[0]
            out.append(f'<div class="agenda-item" id="punkt{number}">')
            out.append(f'<h2 class="item-title">{esc(first)}</h2>')
            out.append(f'<div class="item-group">{esc(block[1])}</div>')
            out.append(f'<div class="item-case"><span>{esc(block[2])}</span></div>')
            for line in block[3:]:
                out.append(f"<h3>{esc(line)}</h3>" if is_caps_heading(line) else f"<p>{esc(line)}</p>")
            out.append("</div>")
            continue
        if len(block) == 1 and is_caps_heading(first):
            close_list()
            out.append(f'<h3 class="section">{esc(first)}</h3>')
            continue
        m_bullet = BULLET.match(first)
        m_number = NUMBERED.match(first)
        if (m_bullet or m_number) and len(block) == 1:
            kind = "ul" if m_bullet else "ol"
            # A numbered item continues the open list only when it is the next number: the
            # export restarts numbering ("1." twice) where the page had separate lists.
            number = int(m_number.group(1)) if m_number else None
            if open_list != kind or (number is not None and number != next_number):
                close_list()
                start = f' start="{number}"' if number is not None and number != 1 else ""
                out.append(f"<{kind}{start}>")
                open_list = kind
            next_number = number + 1 if number is not None else None
            content = m_bullet.group(1) if m_bullet else m_number.group(2)
            out.append(f"<li>{esc(content)}</li>")
            continue
        close_list()
        out.append("<p>" + "<br>\n".join(esc(line) for line in block) + "</p>")
    close_list()
    return "\n".join(out)


def web_export_page(text):
    title = text.split("\n", 3)[2].strip() if text.count("\n") > 3 else "Referat"
    body = web_export_body(text)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="da">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252" />
<title>Referat - {esc(title)}</title>
<style type="text/css">
  body {{ font-family: Verdana, sans-serif; }} h2.item-title {{ margin-top: 2em; }}
  .hidden-print {{ display: none; }} p:before {{ content: "<p>"; }}
</style>
<script type="text/javascript">
  var agenda = {{ "title": "<h1>Not text</h1>", "items": 16 }};
  function toggle(id) {{ if (a < b && b > c) {{ return document.getElementById(id); }} }}
</script>
</head>
<body>
<header class="site-banner"><a href="/"><img src="/logo.png" alt="Odense Kommune" /></a>
<span>Dagsordener &amp; referater</span></header>
<nav><ul><li><a href="/">Forside</a></li><li><a href="/politik">Politik</a></li>
<li><a href="/udvalg">Udvalg</a></li></ul></nav>
<div id="breadcrumb" role="navigation"><a href="/">Forside</a> &gt; Referater</div>
<form action="/soeg"><input type="text" name="q" /><button>Søg</button></form>
<main>
<article class="minutes">
<div class="print-link hidden-print" style="display: none">Udskriv</div>
{body}
</article>
</main>
<aside><h2>Se også</h2><p>Byrådets møder</p></aside>
<footer><p>Odense Kommune &middot; Flakhaven 2 &middot; 5000 Odense C</p></footer>
<noscript>Slå JavaScript til</noscript>
<script>document.write("<p>Skrevet af et script</p>");</script>
</body>
</html>
"""
    return page.encode("windows-1252", errors="xmlcharrefreplace")


# ---------------------------------------------------------------------------------------------
# The 2023 PDF layout as a flat ODF text document (LibreOffice makes the PDF).

SECTION_WORDS = {
    "resume", "sagsresumé", "resumé", "indstilling", "beslutning", "sagsfremstilling",
    "effekt", "økonomi", "bilag",
}
PUNKT = re.compile(r"^Punkt \d+: ")
CASE_NUMBER = re.compile(r"^\d\d\.\d\d\.\d\d-[A-Z]\d\d-\d+-\d\d$")


def x(text):
    return html.escape(text, quote=True)


def odf_paragraph(style, text):
    # Tabs and runs of spaces must be ODF elements, not characters.
    parts = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            parts.append("<text:tab/>")
        parts.append(re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group(0)) - 1}"/>', x(chunk)))
    return f'<text:p text:style-name="{style}">{"".join(parts)}</text:p>'


def odf_body(text):
    lines = [line for line in text.split("\n")]
    out = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("REFERAT ") or stripped.startswith("DAGSORDEN "):
            out.append(f'<text:h text:style-name="H1" text:outline-level="1">{x(stripped)}</text:h>')
        elif PUNKT.match(stripped):
            out.append(f'<text:h text:style-name="H2" text:outline-level="2">{x(stripped)}</text:h>')
        elif stripped.lower() in SECTION_WORDS or stripped == "Indholdsfortegnelse":
            out.append(f'<text:h text:style-name="H3" text:outline-level="3">{x(stripped)}</text:h>')
        elif stripped.startswith("- "):
            items = [stripped]
            while i < len(lines) and lines[i].strip().startswith("- "):
                items.append(lines[i].strip())
                i += 1
            out.append('<text:list text:style-name="Bullets">')
            for item in items:
                out.append(f"<text:list-item>{odf_paragraph('Body', item[2:])}</text:list-item>")
            out.append("</text:list>")
        elif "\t" in line:
            rows = [line]
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].rstrip())
                i += 1
            columns = max(len(r.split("\t")) for r in rows)
            is_toc = all(re.search(r"\t\d+$", r) for r in rows) and columns == 2
            style = "Toc" if is_toc else "Data"
            out.append(f'<table:table table:style-name="{style}">')
            if is_toc:
                out.append('<table:table-column table:style-name="TocWide"/>')
                out.append('<table:table-column table:style-name="TocNarrow"/>')
            else:
                # A label column and equal figure columns, as budget tables are set.
                out.append('<table:table-column table:style-name="DataLabel"/>')
                out.append(
                    f'<table:table-column table:style-name="DataFigure{columns - 1}" '
                    f'table:number-columns-repeated="{columns - 1}"/>'
                )
            for row in rows:
                cells = row.split("\t") + [""] * (columns - len(row.split("\t")))
                out.append("<table:table-row>")
                for k, cell in enumerate(cells):
                    # Figures right-aligned, as budget tables set them; labels left.
                    style = "CellFigure" if k > 0 and not is_toc else "Cell"
                    out.append(
                        '<table:table-cell office:value-type="string">'
                        f"{odf_paragraph(style, cell)}</table:table-cell>"
                    )
                out.append("</table:table-row>")
            out.append("</table:table>")
        elif CASE_NUMBER.match(stripped):
            out.append(odf_paragraph("CaseNumber", stripped))
        else:
            out.append(odf_paragraph("Body", stripped))
    return "\n".join(out)


def running_header(text):
    first = next((l.strip() for l in text.split("\n") if l.strip()), "Referat")
    m = re.match(r"^(REFERAT|DAGSORDEN) (.*?) (\d{4}-\d{4} )?d\. (\d\d-\d\d-\d{4})$", first)
    if m:
        return f"{m.group(2)}, {m.group(1).capitalize()}, {m.group(4)}"
    return first


def figure_column_styles():
    """Equal widths for a table's figure columns, sharing 10.5 cm, for 1 to 9 of them."""
    return "\n".join(
        f' <style:style style:name="DataFigure{n}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{10.5 / n:.3f}cm"/></style:style>'
        for n in range(1, 10)
    )


def fodt(text):
    header = x(running_header(text))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
 <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt"
   fo:language="da" fo:country="DK" fo:hyphenate="true"
   fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.25cm"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph">
  <style:text-properties fo:font-size="9pt" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="CellFigure" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
  <style:text-properties fo:font-size="9pt" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="CaseNumber" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:font-size="9pt" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="H1" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.5cm" fo:break-after="page"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="16pt"
   fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="H2" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.6cm" fo:margin-bottom="0.3cm"
   fo:keep-with-next="always"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="13pt"
   fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="H3" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.15cm"
   fo:keep-with-next="always"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt"
   fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="PageHeader" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8pt"/>
 </style:style>
 <style:style style:name="PageFooter" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8pt"/>
 </style:style>
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab"
     text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Toc" style:family="table">
  <style:table-properties style:width="16cm" table:align="left"/>
 </style:style>
 <style:style style:name="TocWide" style:family="table-column">
  <style:table-column-properties style:column-width="14.5cm"/>
 </style:style>
 <style:style style:name="TocNarrow" style:family="table-column">
  <style:table-column-properties style:column-width="1.5cm"/>
 </style:style>
 <style:style style:name="Data" style:family="table">
  <style:table-properties style:width="16cm" table:align="left"/>
 </style:style>
 <style:style style:name="DataLabel" style:family="table-column">
  <style:table-column-properties style:column-width="5.5cm"/>
 </style:style>
{figure_column_styles()}
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="2.5cm"
   fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.8cm"
   fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm"
   fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p text:style-name="PageHeader">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="PageFooter">Side <text:page-number
   text:select-page="current">1</text:page-number> af <text:page-count>1</text:page-count></text:p>
  </style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{odf_body(text)}
</office:text></office:body>
</office:document>
"""


# ---------------------------------------------------------------------------------------------
# A scanned page: one image, no text.

def minimal_pdf(objects):
    """A PDF of the given object bodies (numbered from 1, the first the catalog), with a
    correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def no_mediabox_pdf():
    content = b"BT /F1 12 Tf 72 700 Td (Punkt 1: Godkendelse af dagsorden) Tj ET"
    return minimal_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def scanned_pdf():
    """A one-page PDF whose only content is a grey-scale image, like a scanner's output."""
    width, height = 200, 280
    pixels = bytearray()
    for y in range(height):
        for x_ in range(width):
            # Lines of "text" as dark bars on white paper.
            dark = (y // 6) % 3 == 0 and 20 < x_ < 180 and 20 < y < 260
            pixels.append(40 if dark else 245)
    image = zlib.compress(bytes(pixels))
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(image))
        + image + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return minimal_pdf(objects)


def main():
    """`make_fixtures.py` makes everything; `make_fixtures.py html` only the HTML page (the PDF
    files carry LibreOffice's timestamps, so remaking them changes their bytes)."""
    import shutil
    import subprocess
    import tempfile

    HTML_OUT.mkdir(parents=True, exist_ok=True)
    PDF_OUT.mkdir(parents=True, exist_ok=True)
    web_source = (CORPUS / "001_bcefb93b7da31050.txt").read_text(encoding="utf-8")
    (HTML_OUT / "web_export.html").write_bytes(web_export_page(web_source))
    if sys.argv[1:] == ["html"]:
        return

    pdf_source = (CORPUS / "000_9ddbbfa82481eb80.txt").read_text(encoding="utf-8")
    (PDF_OUT / "minutes.fodt").write_text(fodt(pdf_source), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile so the conversion does not depend on the user's LibreOffice settings.
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(PDF_OUT / "minutes.fodt")],
            check=True, stdout=subprocess.DEVNULL,
        )
        shutil.copy(Path(tmp) / "minutes.pdf", PDF_OUT / "minutes.pdf")
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", tmp,
             str(HTML_OUT / "web_export.html")],
            check=True, stdout=subprocess.DEVNULL,
        )
        shutil.copy(Path(tmp) / "web_export.pdf", PDF_OUT / "web_export.pdf")
    minutes = (PDF_OUT / "minutes.pdf").read_bytes()
    (PDF_OUT / "scanned.pdf").write_bytes(scanned_pdf())
    (PDF_OUT / "no_mediabox.pdf").write_bytes(no_mediabox_pdf())
    subprocess.run(
        ["qpdf", "--encrypt", "hemmelig", "ejer", "256", "--",
         str(PDF_OUT / "minutes.pdf"), str(PDF_OUT / "encrypted.pdf")],
        check=True,
    )
    subprocess.run(
        ["qpdf", "--encrypt", "", "ejer", "256", "--print=none", "--",
         str(PDF_OUT / "minutes.pdf"), str(PDF_OUT / "permissions_only.pdf")],
        check=True,
    )
    (PDF_OUT / "truncated.pdf").write_bytes(minutes[: len(minutes) * 2 // 5])
    for path in sorted(list(HTML_OUT.iterdir()) + list(PDF_OUT.iterdir())):
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
