<?xml version="1.0" encoding="UTF-8"?>
<!--
  Functions every view shares: reading the header, describing editorial signs
  in words, deciding whether an unknown element is a block. Pure functions of
  the TEI, so the HTML and print views say the same thing the same way.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:key name="f:by-id" match="*[@xml:id]" use="@xml:id"/>
  <!-- Numbered notes ("agreement[1]" … "[1] …"): the references to each note. -->
  <xsl:key name="f:note-references" match="ref[@type = 'note'][starts-with(@target, '#')]"
      use="substring(@target, 2)"/>

  <!-- Footnotes are numbered in document order; an accumulator keeps that
       linear on documents with thousands of notes (counting preceding::note
       at each note would be quadratic). -->
  <xsl:accumulator name="f:footnote-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="note[f:is-footnote(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="f:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@place = ('foot', 'end', 'bottom') and not(f:is-summary-note($note)))
        or (empty($note/@place) and empty($note/@type) and exists($note/parent::p | $note/ancestor::p))"/>
  </xsl:function>

  <!-- "Summary: …" after the body (note[@type='summary'][@place='end']) is the
       publisher's summary as the transcript has it, a block after the text:
       nothing calls it, so it is no footnote. -->
  <xsl:function name="f:is-summary-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@type = 'summary'"/>
  </xsl:function>

  <xsl:function name="f:note-key" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="'fn' || $note/accumulator-before('f:footnote-number')"/>
  </xsl:function>

  <!-- An asset's text (edition.css, edition.js, print.css) read beside the
       stylesheets, for a view run on its own (Saxon on the command line): the
       checkout keeps assets in encoder/assets/, an installed package in
       encoder/assets/ beside encoder/xslt/. tei-encoder itself passes them as
       parameters and locks Saxon out of every file, so this reads nothing then. -->
  <xsl:function name="f:asset-text" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="candidates" as="xs:string*"
        select="('../../encoder/assets/', '../../assets/') ! resolve-uri(. || $name, static-base-uri())"/>
    <xsl:sequence select="(($candidates[unparsed-text-available(.)])[1] ! unparsed-text(.), '')[1]"/>
  </xsl:function>

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="titles" as="element()*" select="$tei/teiHeader/fileDesc/titleStmt/title"/>
    <xsl:sequence select="(($titles[@type = 'main'], $titles)[1] ! normalize-space(.)[.], f:label('untitled'))[1]"/>
  </xsl:function>

  <!-- The date the document was written: creation date first (our converter),
       then the source's date (TEI from elsewhere: origDate, a bibl's date).
       The publication date of the electronic text is never the document's. -->
  <xsl:function name="f:date-element" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="source" as="element()*" select="$tei/teiHeader/fileDesc/sourceDesc"/>
    <xsl:sequence select="($tei/teiHeader/profileDesc/creation/date,
        $source//origDate, $source//date[@when], $source//date[normalize-space()])[1]"/>
  </xsl:function>

  <xsl:function name="f:date-iso" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="date" as="element()?" select="f:date-element($tei)"/>
    <xsl:sequence select="string(($date/@when, $date/@notBefore, $date/@from)[1])"/>
  </xsl:function>

  <xsl:function name="f:date-text" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="normalize-space(string(f:date-element($tei)))"/>
  </xsl:function>

  <xsl:function name="f:archive" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="identifier" as="element()?"
        select="($tei/teiHeader/fileDesc/sourceDesc/msDesc/msIdentifier)[1]"/>
    <xsl:sequence select="string-join(($identifier/settlement, $identifier/institution,
        $identifier/repository) ! normalize-space(.)[.], ', ')"/>
  </xsl:function>

  <!-- Original language(s): every language that is not the language of the text. -->
  <xsl:function name="f:original-languages" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="text-language" as="xs:string?" select="$tei/text/@xml:lang"/>
    <xsl:variable name="languages" as="element()*" select="$tei/teiHeader/profileDesc/langUsage/language"/>
    <xsl:sequence select="if (count($languages) gt 1) then $languages[not(@ident = $text-language)] else $languages"/>
  </xsl:function>

  <!-- The language of the text: as the text, its body or the document says;
       else the one language langUsage names; else English. -->
  <xsl:function name="f:text-language" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="declared" as="element()*" select="$tei/teiHeader/profileDesc/langUsage/language[@ident]"/>
    <xsl:sequence select="string(($tei/text/@xml:lang, $tei/text/body/@xml:lang, $tei/@xml:lang,
        $declared[count($declared) eq 1]/@ident, 'en')[1])"/>
  </xsl:function>

  <!-- Who an @resp pointer names, in words: the person's name when the
       pointer resolves to a persName, else the pointed-to label or id. -->
  <xsl:function name="f:resp-label" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="ids" as="xs:string*" select="tokenize(normalize-space($node/@resp), ' ') ! replace(., '^#', '')"/>
    <xsl:variable name="names" as="xs:string*" select="for $id in $ids return f:responsible-name(root($node), $id)"/>
    <xsl:sequence select="if (exists($names)) then string-join($names, ', ') else 'the editor'"/>
  </xsl:function>

  <xsl:function name="f:responsible-name" as="xs:string">
    <xsl:param name="document" as="node()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="target" as="element()?" select="key('f:by-id', $id, $document)[1]"/>
    <xsl:variable name="role" as="xs:string?" select="$target/parent::respStmt/resp ! normalize-space(.)"/>
    <xsl:sequence select="
        if ($id = 'translator' and $target/parent::respStmt)
          then 'the translator' || (if (count($target/../persName) gt 1) then 's (' || string-join($target/../persName ! normalize-space(.), ', ') || ')' else ' (' || normalize-space($target) || ')')
        else if ($target/self::respStmt) then string-join($target/(persName, name, orgName) ! normalize-space(.), ', ')
        else if ($target/self::application) then 'the encoding software (' || ($target/label, $target/@ident)[1] || ')'
        else if ($target) then normalize-space($target) || ($role ! (' (' || . || ')'))
        else if ($id = 'translator') then 'the translator'
        else $id"/>
  </xsl:function>

  <xsl:function name="f:supplied-explanation" as="xs:string">
    <xsl:param name="supplied" as="element()"/>
    <xsl:variable name="reason" as="xs:string?" select="$supplied/@reason ! ($f:supplied-reasons(string(.)), string(.))[1]"/>
    <xsl:sequence select="f:label('supplied-by') || ' ' || f:resp-label($supplied)
        || ($reason ! (' (' || . || ')'))
        || (if ($supplied/@cert = ('low', 'unknown')) then '; ' || f:label('supplied-uncertain') else '')"/>
  </xsl:function>

  <xsl:function name="f:extent" as="xs:string?">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="unit-names" as="array(xs:string)?" select="$gap/@unit ! $f:units(string(.))"/>
    <xsl:variable name="quantity" as="xs:string?" select="$gap/@quantity ! string(.)"/>
    <xsl:sequence select="if (exists($quantity)) then
        $quantity || ' ' || (if (exists($unit-names)) then $unit-names(if ($quantity = '1') then 1 else 2) else string($gap/@unit))
        else $gap/@extent ! string(.)"/>
  </xsl:function>

  <xsl:function name="f:gap-explanation" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="kind" as="xs:string" select="
        if ($gap/@reason = 'omitted') then f:label('omitted')
        else if ($gap/@reason = 'redacted') then f:label('redacted')
        else if ($gap/@reason = 'illegible') then f:label('illegible')
        else f:label('gap') || ($gap/@reason ! (' (' || . || ')'))"/>
    <xsl:variable name="extent" as="xs:string?" select="f:extent($gap)"/>
    <xsl:sequence select="$kind || ($extent ! (': ' || .)) || (if ($gap/@resp) then ' — ' || f:resp-label($gap) else '')"/>
  </xsl:function>

  <!-- How the transcript wrote an omission (gap/@rend), so the diplomatic view
       shows the same sign; an unknown or missing @rend gets the bracketed form. -->
  <xsl:function name="f:omission-sign" as="xs:string">
    <xsl:param name="rend" as="xs:string?"/>
    <xsl:sequence select="(map {
        'ellipsis': '...', 'ellipsis-char': '…', 'bracketed-ellipsis': '[...]',
        'bracketed-ellipsis-char': '[…]', 'bracketed-ellipsis-dots': '[….]'
      }(string($rend)), '[…]')[1]"/>
  </xsl:function>

  <!-- A typescript or PDF page number (pb[@type='page']) as the transcript
       wrote it (pb/@rend), so the diplomatic view shows the same line. -->
  <xsl:function name="f:page-line" as="xs:string">
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="rend" as="xs:string?"/>
    <xsl:sequence select="(map {
        'bare': $n, 'dashed': '- ' || $n || ' -', 'en-dashed': '– ' || $n || ' –', 'p-parenthesized': '(p. ' || $n || ')'
      }(string($rend)), '– ' || $n || ' –')[1]"/>
  </xsl:function>

  <xsl:function name="f:quote-marks" as="xs:string+">
    <xsl:param name="rend" as="xs:string?"/>
    <xsl:variable name="marks" as="xs:string*" select="map {
        'straight': ('&quot;', '&quot;'), 'curly': ('“', '”'),
        'single': ('''', ''''), 'curly-single': ('‘', '’')
      }(string($rend))"/>
    <xsl:sequence select="if (exists($marks)) then $marks else ('“', '”')"/>
  </xsl:function>

  <!-- Name of a romanization or other reg/@type: the taxonomy's catDesc when
       the document declares it. -->
  <xsl:function name="f:category-label" as="xs:string?">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="type" as="xs:string?" select="$node/@type ! replace(., '^#', '')"/>
    <xsl:sequence select="if (empty($type)) then () else
        (key('f:by-id', $type, root($node))/(catDesc, gloss) ! normalize-space(.), $type)[1]"/>
  </xsl:function>

  <!-- TEI elements that hold paragraphs or other blocks; anything else
       unknown is rendered as an inline span. An element whose children are
       blocks is itself a block, so an unknown wrapper of paragraphs stays
       valid HTML. -->
  <xsl:variable name="f:block-names" as="xs:string+" select="('div', 'div1', 'div2', 'div3', 'div4',
      'div5', 'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'table', 'row', 'cell', 'figure', 'sp',
      'speaker', 'stage', 'opener', 'closer', 'postscript', 'salute', 'signed', 'dateline', 'argument',
      'byline', 'docAuthor', 'epigraph', 'quote', 'cit', 'listBibl', 'bibl', 'castList', 'floatingText',
      'front', 'back', 'body', 'group', 'titlePage', 'docTitle', 'titlePart', 'trailer', 'lg', 'spGrp',
      'label', 'listPerson', 'listPlace', 'listOrg', 'msDesc', 'u')"/>

  <xsl:function name="f:is-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="local-name($element) = $f:block-names
        and not(local-name($element) = ('label', 'bibl', 'quote') and $element/parent::*[not(f:is-block-container(.))])"/>
  </xsl:function>

  <!-- Elements whose children are laid out as blocks. -->
  <xsl:function name="f:is-block-container" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="local-name($element) = ('div', 'div1', 'div2', 'div3', 'div4', 'div5', 'body',
        'front', 'back', 'group', 'lg', 'list', 'table', 'row', 'sp', 'opener', 'closer', 'postscript',
        'argument', 'floatingText', 'titlePage', 'listBibl', 'castList', 'spGrp', 'epigraph', 'cit')"/>
  </xsl:function>

  <!-- Inside these the HTML content model is phrasing only: an element
       rendered there must be a span, whatever it holds. -->
  <xsl:variable name="f:phrasing-names" as="xs:string+" select="('p', 'head', 'l', 'ab', 'salute',
      'dateline', 'signed', 'byline', 'trailer', 'speaker', 'stage', 'label', 'titlePart', 'docTitle',
      'docAuthor', 'hi', 'q', 'said', 'title', 'persName', 'placeName', 'orgName', 'name', 'date',
      'supplied', 'choice', 'term', 'gloss', 'foreign', 'emph', 'seg', 'cell')"/>

  <xsl:function name="f:renders-as-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="empty($element/ancestor::*[local-name() = $f:phrasing-names or f:is-footnote(.)])
        and (f:is-block($element) or exists($element/*[f:is-block(.)]) or f:is-block-container($element/..))"/>
  </xsl:function>

  <!-- A node whose nearest neighbours (words or elements) are blocks or
       nothing: a line break there (opener lines, a closer's dateline and
       signature) is already drawn by the blocks themselves. -->
  <xsl:function name="f:stands-between-blocks" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="neighbours" as="node()*" select="
        $node/preceding-sibling::node()[self::* or normalize-space()][1],
        $node/following-sibling::node()[self::* or normalize-space()][1]"/>
    <xsl:sequence select="every $neighbour in $neighbours satisfies
        ($neighbour instance of element() and f:renders-as-block($neighbour))"/>
  </xsl:function>

  <!-- Lists: numbered (ol) when the TEI says so; the items carry their own
       markers when every item begins with one as the transcript wrote it
       ("1)", "a.", "(iv)", "•", "-"), and the view then adds none. -->
  <xsl:function name="f:is-ordered-list" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space(string-join(($list/@type, $list/@rend), ' ')), ' ')
        = ('ordered', 'numbered')"/>
  </xsl:function>

  <xsl:function name="f:items-carry-markers" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="exists($list/item) and (every $item in $list/item satisfies
        matches(string($item), '^\s*([•·▪◦‣∙*–—\-]|\(?([0-9]{1,3}|[A-Za-z]|[IVXLCivxlc]{1,6})[.):/])(\s|$)'))"/>
  </xsl:function>

  <!-- Tables: the rows above Markdown's separator line (milestone[@unit='rule']
       between rows) are the header, as Markdown means it; so are leading
       rows with role="label". -->
  <xsl:function name="f:is-header-row" as="xs:boolean">
    <xsl:param name="row" as="element()"/>
    <xsl:variable name="rule" as="element()?" select="$row/../milestone[@unit = 'rule'][1]"/>
    <xsl:sequence select="if (exists($rule)) then $row &lt;&lt; $rule
        else $row/@role = 'label' and empty($row/preceding-sibling::row[not(@role = 'label')])"/>
  </xsl:function>

  <xsl:function name="f:table-columns" as="xs:integer">
    <xsl:param name="table" as="element()"/>
    <xsl:sequence select="max((1, $table/row ! sum(cell ! ((@cols[. castable as xs:integer] ! xs:integer(.)), 1)[1])))"/>
  </xsl:function>

  <xsl:function name="f:css-class" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string-join(('tei-' || local-name($element),
        $element/@type ! ('tei-' || local-name($element) || '-' || replace(normalize-space(.), '[^A-Za-z0-9_-]+', '-'))), ' ')"/>
  </xsl:function>

  <xsl:function name="f:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="min((6, 2 + count($head/ancestor::*[local-name() = ('div', 'div1', 'div2', 'div3', 'div4', 'div5')]) - 1))"/>
  </xsl:function>
</xsl:stylesheet>
