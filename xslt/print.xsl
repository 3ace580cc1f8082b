<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print view: print-oriented HTML for CSS Paged Media (rendered to PDF by
  WeasyPrint with print.css). The metadata is a title block; footnotes are
  floated to the foot of the page where they are called; archival page
  numbers float into the margin. Always diplomatic: a printed copy is what
  people cite, so it shows every editorial sign.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/" as="element()">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="/*" as="element()">
    <xsl:variable name="title" as="xs:string" select="f:title(.)"/>
    <html lang="{f:text-language(.)}">
      <head>
        <meta charset="utf-8"/>
        <title>{$title}</title>
        <xsl:call-template name="f:pdf-meta"/>
        <style>{$print-css}</style>
        <style>{$print-structures-css}</style>
      </head>
      <xsl:variable name="body" as="element()">
        <body class="tei-page tei-print" data-view="diplomatic" data-alternates="shown">
          <header class="title-block">
            <h1>{$title}</h1>
            <xsl:if test="f:date-text(.)">
              <p class="document-date">{f:date-text(.)}</p>
            </xsl:if>
            <xsl:call-template name="f:metadata-list"/>
          </header>
          <main class="document-text" lang="{f:text-language(.)}">
            <xsl:apply-templates select="text" mode="text"/>
          </main>
        </body>
      </xsl:variable>
      <xsl:apply-templates select="$body" mode="print-boxes"/>
    </html>
  </xsl:template>

  <!-- Print styles of the document's own structures (letterhead and routing
       lines, speeches, stage directions, tables, lists with their markers,
       letter-spaced headings, the rule over the notes, typescript pages,
       the summary after the text), after print.css so they win its
       paragraph rules. The reading view has the same rules in edition.css. -->
  <xsl:variable name="print-structures-css" as="xs:string" expand-text="no">
.tei-opener, .tei-closer { margin: 0 0 8pt; }
.tei-opener > p, .tei-closer > p, .tei-opener > div, .tei-closer > div { margin: 0 0 2pt; text-align: left; }
.tei-closer > p { text-align: right; }
.tei-note-letterhead.tei-note-place-inline, .tei-note-routing.tei-note-place-inline,
.tei-note-classification.tei-note-place-inline, .tei-note-closing.tei-note-place-inline {
  border: 0; padding: 0; margin: 0 0 2pt; font-size: inherit;
}
.tei-note-letterhead { font-weight: bold; }
.tei-note-letterhead + :not(.tei-note-letterhead) { margin-top: 8pt; }
.tei-note-classification { font-weight: bold; }
.tei-opener .tei-salute { margin-top: 6pt; font-weight: bold; }
.tei-signed .tei-roleName { font-style: italic; }
.tei-sp { margin: 0 0 5pt; padding-left: 14pt; }
.tei-sp > .tei-speaker { margin: 0 0 1pt -14pt; font-weight: bold; text-align: left; break-after: avoid; }
.tei-sp > .tei-p { margin-bottom: 3pt; }
.tei-stage { font-style: italic; }
.document-text p.tei-stage { margin-left: 14pt; text-align: left; }
.tei-sp > p.tei-stage { margin-left: 0; }
.tei-table { border-collapse: collapse; margin: 6pt 0 8pt; font-size: 9.5pt; line-height: 1.3; }
.tei-table caption { text-align: left; font-weight: bold; padding-bottom: 2pt; }
.tei-table th, .tei-table td { border: 0.5pt solid #555; padding: 2pt 5pt; text-align: left; vertical-align: top; }
.tei-table thead th { border-bottom: 1pt solid #000; }
.tei-table tr { break-inside: avoid; }
.tei-list-items { margin: 2pt 0 6pt; padding-left: 18pt; }
.tei-list-items.tei-list-marked, .tei-list-participants .tei-list-items { list-style: none; padding-left: 12pt; }
.tei-list-items.tei-list-marked > li { padding-left: 12pt; text-indent: -12pt; }
.tei-list > .tei-head { margin: 6pt 0 2pt; font-weight: bold; text-align: left; }
.tei-list .tei-list > .tei-head { margin: 3pt 0 1pt; font-weight: normal; font-style: italic; }
.tei-list .tei-list > .tei-list-items { margin: 0 0 3pt; }
.tei-rend-letterspaced { letter-spacing: 0.3em; margin-right: -0.3em; }
hr.tei-milestone-rule { width: 30mm; margin: 10pt 0 6pt; border: 0; border-top: 0.5pt solid #000; }
.document-text .tei-note-summary { margin-top: 12pt; padding-top: 4pt; border-top: 0.5pt solid #888; font-size: 9pt; text-align: left; }
.tei-pb-page .tei-pb-number::before { content: none; }
.tei-sp > .tei-pb, .tei-opener > .tei-pb, .tei-closer > .tei-pb { display: block; height: 0; break-after: avoid; }
.tei-sp > .tei-pb::before, .tei-opener > .tei-pb::before, .tei-closer > .tei-pb::before { content: none; }
</xsl:variable>

  <xsl:variable name="print-css" as="xs:string" select="($inline-css[.], f:asset-text('print.css'))[1]"/>

  <!-- Every class a print style names (and words of its comments that look
       like one: they only keep an element). -->
  <xsl:variable name="print-classes" as="xs:string*"
      select="distinct-values(analyze-string($print-css || $print-structures-css, '\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)')
              //fn:group[@nr = 1])"/>

  <!-- Fewer boxes for the same page, on the finished page. WeasyPrint lays
       out, draws and tags every inline element as a box of its own, and
       breaks a line's text into a Pango layout per box (a box's edge also
       stops kerning and could end a justified line early). A span, q or time
       that no print style names (a quotation, whose marks are text; a date;
       the wrapper of a choice; the brackets of an alternate) and that carries
       nothing a PDF keeps (only class, title, datetime, aria-hidden, data-*:
       no lang, no id) is replaced by its content. What print.css hides
       (visually-hidden: words for screen readers of the reading view) is
       left out. The page looks the same (to a few hundredths of a point
       where kerning now crosses the old edge): the rules with a child or
       sibling combinator are about blocks, which stay. -->
  <xsl:mode name="print-boxes" on-no-match="shallow-copy" on-multiple-match="fail"/>

  <xsl:template match="(span | q | time)
                         [every $attribute in @* satisfies
                            (name($attribute) = ('class', 'title', 'datetime', 'aria-hidden')
                             or starts-with(name($attribute), 'data-'))]
                         [not(tokenize(@class) = $print-classes)]"
      mode="print-boxes" xpath-default-namespace="" as="node()*">
    <xsl:apply-templates mode="print-boxes"/>
  </xsl:template>

  <xsl:template match="*[tokenize(@class) = 'visually-hidden']" mode="print-boxes" as="empty-sequence()"/>

  <!-- A title outside a signature (a role: print.css sets apart only the
       one in a signature) is plain text, unless it is in another language;
       a name (person, place, organisation) is, by the print-boxes mode. The
       brackets of a supplied word are part of its text, in its colour
       (print.css), not elements of their own. -->
  <xsl:template match="roleName[not(ancestor::signed)][not(@xml:lang)]" mode="text" as="node()*">
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <xsl:template match="supplied" mode="text" as="element()">
    <span class="{string-join(('tei-supplied', @cert ! ('tei-cert-' || .)), ' ')}">[<xsl:apply-templates mode="text"/>]</span>
  </xsl:template>

  <!-- WeasyPrint moves the element to the page's footnote area and leaves
       a numbered call where it stood. -->
  <xsl:template match="note" mode="footnote" as="element()">
    <span class="tei-footnote" id="{f:note-key(.)}">
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
