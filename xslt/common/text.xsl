<?xml version="1.0" encoding="UTF-8"?>
<!--
  Mode "text": the TEI text (body, front, back) as HTML, shared by the reading
  and the print view. Every editorial sign stays visible and explained:
  signs that only the diplomatic view shows carry class "tei-sign"; alternate
  forms (other romanizations, expansions, glosses) carry class "tei-alt". The
  views decide with CSS what each display shows, so one rendering serves
  both the diplomatic and the clean reading view.

  Footnotes are a hook: each view's entry point implements mode "footnote"
  for note (pop-up and list in HTML, float: footnote in print).
  Any element this file does not know becomes a span or div whose class names
  the element, never an error.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="text" on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>
  <xsl:mode name="footnote" on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <!-- ===== catch-all: any TEI, not only ours ===== -->

  <xsl:template match="*" mode="text" priority="-10" as="element()">
    <xsl:element name="{if (f:renders-as-block(.)) then 'div' else 'span'}">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="text()" mode="text" as="text()?">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="text" as="empty-sequence()"/>

  <!-- class naming the TEI element, lang, and a data attribute for @n -->
  <xsl:template name="f:common-attributes" as="attribute()*">
    <xsl:param name="extra-class" as="xs:string*" select="()"/>
    <xsl:attribute name="class" select="string-join((f:css-class(.), $extra-class), ' ')"/>
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="@n">
      <xsl:attribute name="data-n" select="@n"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== blocks ===== -->

  <xsl:template match="body | front | back" mode="text" as="element()">
    <div>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </div>
  </xsl:template>

  <xsl:template match="div | div1 | div2 | div3 | div4 | div5" mode="text" as="element()">
    <section>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </section>
  </xsl:template>

  <xsl:template match="head" mode="text" as="element()">
    <xsl:element name="h{f:heading-level(.)}">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- A speech's speaker label and a stage direction ("(Applause.)") are
       paragraph-like: a block between blocks, a span inside a paragraph. -->
  <xsl:template match="p | salute | dateline | signed | byline | trailer | speaker | stage" mode="text" as="element()">
    <xsl:element name="{if (f:renders-as-block(.)) then 'p' else 'span'}">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="opener | closer | postscript | argument" mode="text" as="element()">
    <div>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </div>
  </xsl:template>

  <!-- A speech: the speaker's label, then what was said (p, stage). -->
  <xsl:template match="sp" mode="text" as="element()">
    <div>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:if test="@who">
        <xsl:attribute name="data-who" select="@who"/>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </div>
  </xsl:template>

  <!-- A list: its items as ul, or ol when numbered; class tei-list-marked
       when the items carry their own markers as written ("1)", "-"), so the
       view adds no bullet or number of its own. A list with a heading
       ("Participants:", a group's name) is the heading over the items. -->
  <xsl:template match="list" mode="text" as="element()">
    <xsl:variable name="marked" as="xs:string?" select="if (f:items-carry-markers(.)) then 'tei-list-marked' else ()"/>
    <xsl:choose>
      <xsl:when test="head">
        <div>
          <xsl:call-template name="f:common-attributes"/>
          <xsl:apply-templates select="head" mode="text"/>
          <xsl:element name="{if (f:is-ordered-list(.)) then 'ol' else 'ul'}">
            <xsl:attribute name="class" select="string-join(('tei-list-items', $marked), ' ')"/>
            <xsl:apply-templates select="item" mode="text"/>
          </xsl:element>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if (f:is-ordered-list(.)) then 'ol' else 'ul'}">
          <xsl:call-template name="f:common-attributes">
            <xsl:with-param name="extra-class" select="'tei-list-items', $marked"/>
          </xsl:call-template>
          <xsl:apply-templates select="item" mode="text"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="list/item" mode="text" as="element()">
    <li>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </li>
  </xsl:template>

  <xsl:template match="list/head" mode="text" priority="1" as="element()">
    <xsl:element name="{if (f:renders-as-block(.)) then 'p' else 'span'}">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- A table as an HTML table: its head is the caption; the rows above
       Markdown's separator line (or leading role="label" rows) are the
       header, with column headers; a cell with role="label" heads its row. -->
  <xsl:template match="table" mode="text" as="element()">
    <xsl:variable name="header-rows" as="element()*" select="row[f:is-header-row(.)]"/>
    <table>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates select="head" mode="text"/>
      <xsl:if test="exists($header-rows)">
        <thead>
          <xsl:apply-templates select="$header-rows" mode="text"/>
        </thead>
      </xsl:if>
      <tbody>
        <xsl:apply-templates select="* except (head, $header-rows)" mode="text"/>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="table/head" mode="text" priority="1" as="element()">
    <caption>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates mode="text"/>
    </caption>
  </xsl:template>

  <xsl:template match="row" mode="text" as="element()">
    <tr>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:apply-templates select="cell" mode="text"/>
    </tr>
  </xsl:template>

  <xsl:template match="cell" mode="text" as="element()">
    <xsl:variable name="in-header" as="xs:boolean" select="exists(parent::row) and f:is-header-row(..)"/>
    <xsl:element name="{if ($in-header or @role = 'label') then 'th' else 'td'}">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:if test="$in-header or @role = 'label'">
        <xsl:attribute name="scope" select="if ($in-header) then 'col' else 'row'"/>
      </xsl:if>
      <xsl:if test="@cols[. castable as xs:integer][xs:integer(.) gt 1]">
        <xsl:attribute name="colspan" select="@cols"/>
      </xsl:if>
      <xsl:if test="@rows[. castable as xs:integer][xs:integer(.) gt 1]">
        <xsl:attribute name="rowspan" select="@rows"/>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- Markdown's separator line between a table's rows ("| - | - |") says
       which rows are the header; it is no row and shows nothing. -->
  <xsl:template match="table/milestone[@unit = 'rule']" mode="text" priority="3" as="empty-sequence()"/>

  <!-- Anything else between rows (a page break) is a row across the table. -->
  <xsl:template match="table/*[not(self::row | self::head)]" mode="text" priority="2" as="element()">
    <tr class="tei-table-insert">
      <td colspan="{f:table-columns(..)}">
        <xsl:next-match/>
      </td>
    </tr>
  </xsl:template>

  <!-- A rule drawn between blocks ("————", a line over the notes): a short
       rule; inside a line, the rule as written. -->
  <xsl:template match="milestone[@unit = 'rule']" mode="text" as="element()">
    <xsl:choose>
      <xsl:when test="f:renders-as-block(.)">
        <hr class="tei-milestone tei-milestone-rule"/>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-milestone tei-milestone-rule" role="separator">{(@rend[normalize-space()], '——')[1]}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A numbered note is called where its reference stands ("agreement[1]"),
       by the view's own footnote template, and not where the transcript keeps
       its text; so the reader meets it as any other footnote. -->
  <!-- A reference from inside the note it calls (or from a note that note
       calls in turn) would render that note inside itself for ever: it stays
       the reference as written, a link to the note in the list. -->
  <xsl:template match="ref[@type = 'note'][key('f:by-id', substring(@target, 2))/self::note]"
      mode="text" as="element()*">
    <xsl:param name="notes-open" as="xs:string*" select="()" tunnel="yes"/>
    <xsl:variable name="id" as="xs:string" select="substring(@target, 2)"/>
    <xsl:variable name="open" as="xs:string*" select="$notes-open, ancestor::note/@xml:id ! string(.)"/>
    <xsl:choose>
      <xsl:when test="$id = $open">
        <span class="tei-ref tei-ref-note">{normalize-space(.)}</span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="key('f:by-id', $id)[1]" mode="text">
          <xsl:with-param name="called-from-reference" as="xs:boolean" select="true()" tunnel="yes"/>
          <xsl:with-param name="notes-open" as="xs:string*" select="$open, $id" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Footnotes: the common layer decides where a note is called; each view
       renders the call in mode "footnote" (pop-up and list in HTML,
       float: footnote in print). -->
  <xsl:template match="note[f:is-footnote(.)]" mode="text" as="element()*">
    <xsl:param name="called-from-reference" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="$called-from-reference or not(@xml:id and key('f:note-references', @xml:id))">
      <xsl:apply-templates select="." mode="footnote"/>
    </xsl:if>
  </xsl:template>

  <!-- Notes that are part of the document's layout rather than footnotes:
       routing and closing lines, distribution lists, inline translator's notes. -->
  <xsl:template match="note[not(f:is-footnote(.))]" mode="text" as="element()">
    <xsl:variable name="is-translator-note" as="xs:boolean" select="@type = ('translator', 'language')"/>
    <xsl:element name="{if (not(f:renders-as-block(.))) then 'span' else if (p) then 'div' else 'p'}">
      <xsl:call-template name="f:common-attributes">
        <xsl:with-param name="extra-class" select="@place ! ('tei-note-place-' || .)"/>
      </xsl:call-template>
      <xsl:if test="$is-translator-note">
        <xsl:attribute name="role" select="'note'"/>
        <xsl:attribute name="title" select="f:label(if (@type = 'language') then 'language-note' else 'translator-note')"/>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- ===== editorial signs ===== -->

  <xsl:template match="supplied" mode="text" as="element()">
    <span class="{string-join(('tei-supplied', @cert ! ('tei-cert-' || .)), ' ')}"
        data-reason="{@reason}" title="{f:supplied-explanation(.)}">
      <span class="tei-sign" aria-hidden="true">[</span>
      <xsl:apply-templates mode="text"/>
      <span class="tei-sign" aria-hidden="true">]</span>
    </span>
  </xsl:template>

  <xsl:template match="gap[@reason = 'omitted']" mode="text" as="element()">
    <span class="tei-gap tei-gap-omitted" data-reason="omitted" title="{f:gap-explanation(.)}">
      <span class="tei-gap-sign" aria-hidden="true">{f:omission-sign(@rend)}</span>
      <span class="visually-hidden">({f:gap-explanation(.)})</span>
    </span>
  </xsl:template>

  <xsl:template match="gap[not(@reason = 'omitted')]" mode="text" as="element()">
    <xsl:element name="{if (f:renders-as-block(.)) then 'p' else 'span'}">
      <xsl:attribute name="class" select="'tei-gap' || @reason ! (' tei-gap-' || .)"/>
      <xsl:attribute name="data-reason" select="@reason"/>
      <span class="tei-gap-label">[{f:gap-explanation(.)}]</span>
    </xsl:element>
  </xsl:template>

  <!-- Archival page: a margin marker; the hidden words make it read as
       "archival page 15" rather than a stray number. -->
  <xsl:template match="pb[not(@ed = 'transcript')]" mode="text" as="element()">
    <span class="tei-pb" data-n="{@n}" title="{f:label('page')} {@n}">
      <span class="tei-pb-number"><span class="visually-hidden">{f:label('page')} </span><span class="tei-pb-shown">{@n}</span></span>
    </span>
  </xsl:template>

  <!-- A page of the typescript or PDF the translation was made from, not of
       the archival file: the number as written ("- 4 -", "(p. 4)"), in words
       for screen readers. -->
  <xsl:template match="pb[@type = 'page'][not(@ed = 'transcript')]" mode="text" priority="1" as="element()">
    <span class="tei-pb tei-pb-page" data-n="{@n}" title="{f:label('typescript-page')} {@n}">
      <span class="tei-pb-number"><span class="visually-hidden">{f:label('typescript-page')} {@n}</span><span class="tei-pb-shown" aria-hidden="true">{f:page-line(@n, @rend)}</span></span>
    </span>
  </xsl:template>

  <xsl:template match="pb[@ed = 'transcript']" mode="text" as="element()">
    <span class="tei-pb tei-pb-seam tei-sign" aria-hidden="true" title="{f:label('seam')}">¦</span>
  </xsl:template>

  <xsl:template match="sic[not(parent::choice)]" mode="text" as="element()">
    <span class="tei-sic" title="{f:label('sic')}">
      <xsl:apply-templates mode="text"/>
      <span class="tei-sign"> [sic]</span>
    </span>
  </xsl:template>

  <!-- A choice shows one form and offers the others as alternates: an
       abbreviation before its expansion (as the transcript has it), the
       correction before the error, the first of several regularisations. -->
  <xsl:template match="choice" mode="text" as="element()">
    <xsl:variable name="primary" as="element()?" select="(abbr, corr, reg, *)[1]"/>
    <xsl:variable name="alternates" as="element()*" select="* except $primary"/>
    <span class="{string-join(('tei-choice', @rend ! ('tei-choice-' || .)), ' ')}">
      <span class="tei-{local-name($primary)} tei-choice-primary"
          title="{string-join(($primary ! f:form-label(.), $alternates ! (f:label('also') || ' (' || f:form-label(.) || '): ' || normalize-space(.))), '; ')}">
        <xsl:apply-templates select="$primary/node()" mode="text"/>
      </span>
      <xsl:for-each select="$alternates">
        <span class="tei-alt tei-{local-name()}" title="{f:form-label(.)}">
          <xsl:text> </xsl:text>
          <span class="tei-alt-sign" aria-hidden="true">[</span>
          <xsl:if test="self::sic">
            <span class="tei-alt-sign">sic: </span>
          </xsl:if>
          <xsl:apply-templates mode="text"/>
          <span class="tei-alt-sign" aria-hidden="true">]</span>
        </span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- A critical apparatus from other TEI: the lemma in the text, each
       reading after it as an alternate, "[wit: reading]", so that readings
       never run together with the lemma. -->
  <xsl:template match="app" mode="text" as="element()">
    <xsl:variable name="lemma" as="element()?" select="(lem, rdg)[1]"/>
    <span class="tei-app">
      <span class="tei-lem tei-choice-primary">
        <xsl:apply-templates select="$lemma/node()" mode="text"/>
      </span>
      <xsl:for-each select="(rdg, rdgGrp/rdg) except $lemma">
        <xsl:variable name="witnesses" as="xs:string" select="normalize-space(string-join(tokenize(normalize-space(@wit), ' ') ! replace(., '^#', ''), ' '))"/>
        <span class="tei-alt tei-rdg" title="{f:label('variant-reading')}{$witnesses[.] ! (' (' || . || ')')}">
          <xsl:text> </xsl:text>
          <span class="tei-alt-sign" aria-hidden="true">[</span>
          <xsl:if test="$witnesses">
            <span class="tei-alt-sign tei-wit">{$witnesses}: </span>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="normalize-space(.) or *">
              <xsl:apply-templates mode="text"/>
            </xsl:when>
            <xsl:otherwise>{f:label('omitted-reading')}</xsl:otherwise>
          </xsl:choose>
          <span class="tei-alt-sign" aria-hidden="true">]</span>
        </span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:function name="f:form-label" as="xs:string">
    <xsl:param name="form" as="element()"/>
    <xsl:variable name="who" as="xs:string?" select="$form[@resp] ! (' — ' || f:resp-label(.))"/>
    <xsl:sequence select="(if ($form/self::expan) then f:label('expansion')
        else if ($form/self::corr) then f:label('correction')
        else if ($form/self::sic) then f:label('sic')
        else if ($form/self::abbr) then f:label('abbreviation')
        else if ($form/self::orig) then f:label('original-form')
        else if ($form/(self::reg | self::orig)[@type]) then f:category-label($form)
        else local-name($form)) || $who"/>
  </xsl:function>

  <xsl:template match="gloss" mode="text" as="element()">
    <span class="tei-alt tei-gloss" title="{f:label('gloss')}{@resp ! (' — ' || f:resp-label(..))}">
      <span class="tei-alt-sign" aria-hidden="true">[</span>
      <xsl:apply-templates mode="text"/>
      <span class="tei-alt-sign" aria-hidden="true">]</span>
    </span>
  </xsl:template>

  <!-- ===== phrases ===== -->

  <xsl:template match="hi[@rend = 'superscript'] | hi[@rend = 'sup']" mode="text" as="element()">
    <sup class="tei-hi"><xsl:apply-templates mode="text"/></sup>
  </xsl:template>

  <xsl:template match="hi[@rend = 'subscript'] | hi[@rend = 'sub']" mode="text" as="element()">
    <sub class="tei-hi"><xsl:apply-templates mode="text"/></sub>
  </xsl:template>

  <xsl:template match="hi[not(@rend = ('superscript', 'sup', 'subscript', 'sub'))]" mode="text" as="element()">
    <span class="{string-join(('tei-hi', tokenize(normalize-space(@rend), ' ') ! ('tei-rend-' || replace(., '[^A-Za-z0-9_-]+', '-'))), ' ')}">
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>

  <xsl:template match="q" mode="text" as="element()">
    <xsl:variable name="marks" as="xs:string+" select="f:quote-marks(@rend)"/>
    <q class="tei-q">
      <xsl:call-template name="f:common-attributes"/>
      <xsl:value-of select="$marks[1]"/>
      <xsl:apply-templates mode="text"/>
      <xsl:value-of select="$marks[2]"/>
    </q>
  </xsl:template>

  <xsl:template match="said" mode="text" as="element()">
    <span class="tei-said" data-who="{@who}">
      <xsl:if test="@rend = 'parenthesized'">(</xsl:if>
      <xsl:apply-templates mode="text"/>
      <xsl:if test="@rend = 'parenthesized'">)</xsl:if>
    </span>
  </xsl:template>

  <xsl:template match="date[@when] | time[@when]" mode="text" as="element()">
    <time class="tei-{local-name()}" datetime="{@when}">
      <xsl:apply-templates mode="text"/>
    </time>
  </xsl:template>

  <!-- A range of days: "10-12 June 1965". -->
  <xsl:template match="date[@from and @to][not(@when)]" mode="text" as="element()">
    <span class="tei-date" data-from="{@from}" data-to="{@to}">
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>

  <!-- Names point to their entry in the edition's register (registers.xml#person-…):
       data-ref is what the index pages and the name cards read. -->
  <xsl:template match="persName | placeName | orgName" mode="text" as="element()">
    <span>
      <xsl:call-template name="f:common-attributes"/>
      <xsl:if test="@ref">
        <xsl:attribute name="data-ref" select="@ref"/>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>

  <xsl:template match="lb" mode="text" as="element()">
    <br class="tei-lb"/>
  </xsl:template>

  <!-- A line break between two blocks (opener lines, a closer's dateline
       and signature): the blocks already break the line. -->
  <xsl:template match="lb[f:stands-between-blocks(.)]" mode="text" as="empty-sequence()"/>

  <xsl:template match="abbr[not(parent::choice)]" mode="text" as="element()">
    <abbr class="tei-abbr"><xsl:apply-templates mode="text"/></abbr>
  </xsl:template>

  <xsl:template match="title[ancestor::text]" mode="text" as="element()">
    <cite class="tei-title"><xsl:apply-templates mode="text"/></cite>
  </xsl:template>

  <xsl:template match="del" mode="text" as="element()">
    <del class="tei-del" title="{f:label('gap')}: deleted"><xsl:apply-templates mode="text"/></del>
  </xsl:template>

  <xsl:template match="add" mode="text" as="element()">
    <ins class="tei-add"><xsl:apply-templates mode="text"/></ins>
  </xsl:template>

  <!-- Links to images or elsewhere are never followed: the views load
       nothing from outside, so a graphic is named, not shown. -->
  <xsl:template match="graphic | media" mode="text" as="element()">
    <span class="tei-{local-name()}">[{local-name()}: {@url}]</span>
  </xsl:template>
</xsl:stylesheet>
