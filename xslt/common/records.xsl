<?xml version="1.0" encoding="UTF-8"?>
<!--
  Header readers shared by the library crosswalks (mods.xsl, dc.xsl,
  mets.xsl): who did what, in which language, under which licence, from which
  archival original. Pure functions of the TEI, so MODS and Dublin Core say
  the same thing; the views' own readers (f:title, f:date-element,
  f:original-languages, f:archive in functions.xsl) are reused, not copied.
  Nothing is invented: a field the header lacks yields the empty sequence.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- TEI's MIME type (RFC 6129): what the described resource is. -->
  <xsl:variable name="f:tei-media-type" as="xs:string" select="'application/tei+xml'"/>

  <!-- MARC relator codes (id.loc.gov/vocabulary/relators) for the wordings a
       respStmt/resp uses, first match wins. Wordings without a relator
       ("obtained by") keep their own words as a text role and get no code. -->
  <xsl:variable name="f:relators" as="map(xs:string, xs:string)*" select="(
      map { 'pattern': '(^|\W)translat', 'code': 'trl', 'term': 'translator' },
      map { 'pattern': '(^|\W)transcri', 'code': 'trc', 'term': 'transcriber' },
      map { 'pattern': '(^|\W)annotat', 'code': 'ann', 'term': 'annotator' },
      map { 'pattern': '(^|\W)(encod|mark(ed)?[ -]?up)', 'code': 'mrk', 'term': 'markup editor' },
      map { 'pattern': '(^|\W)edit', 'code': 'edt', 'term': 'editor' },
      map { 'pattern': '(^|\W)compil', 'code': 'com', 'term': 'compiler' },
      map { 'pattern': '(^|\W)fund', 'code': 'fnd', 'term': 'funder' },
      map { 'pattern': '(^|\W)(writ|author)', 'code': 'aut', 'term': 'author' }
    )"/>

  <!-- The relator entry for a resp wording or an element name (author,
       editor, funder); empty when no relator fits. -->
  <xsl:function name="f:relator" as="map(xs:string, xs:string)?">
    <xsl:param name="wording" as="xs:string"/>
    <xsl:sequence select="$f:relators[matches(lower-case($wording), ?pattern)][1]"/>
  </xsl:function>

  <!-- The agents a record names, each an element whose text is the name:
       titleStmt authors, editors, the persons and bodies of each respStmt,
       and funders. The converter's respStmt[@xml:id='translator'] holding
       only "the translator" is the target of @resp pointers, not a name,
       so it names nobody; its persName children, where an editor added
       them, do. -->
  <xsl:function name="f:agents" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="statement" as="element()?" select="$tei/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="$statement/(author, editor,
        respStmt/(persName | orgName | name[not(../@xml:id = 'translator')]), funder)[normalize-space()]"/>
  </xsl:function>

  <!-- What an agent did, in the header's words: the resp of its respStmt,
       else the element's own name (author, editor, funder). -->
  <xsl:function name="f:agent-role" as="xs:string">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="if ($agent/parent::respStmt) then normalize-space($agent/../resp) else local-name($agent)"/>
  </xsl:function>

  <!-- Persons are personal names, bodies and funders corporate; a bare
       TEI name says neither. -->
  <xsl:function name="f:agent-kind" as="xs:string?">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="if ($agent/self::persName) then 'personal'
        else if ($agent/(self::orgName | self::funder)) then 'corporate'
        else ()"/>
  </xsl:function>

  <!-- The date the document was written (creation, else a source date).
       A publicationStmt date is the edition's, never the document's. -->
  <xsl:function name="f:creation-date" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="f:date-element($tei)[not(parent::publicationStmt)]"/>
  </xsl:function>

  <!-- A TEI date value as W3CDTF (the profile of ISO 8601 MODS and Dublin
       Core expect), or empty when it is something else (e.g. a year before 1 or
       a month and day without a year), which a catalogue would misread. -->
  <xsl:function name="f:w3cdtf" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="$value[matches(., '^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$')]"/>
  </xsl:function>

  <!-- A TEI date as one string: @when in W3CDTF, else a range as an ISO
       8601 interval (start/end, ".." for an open end), else the words. -->
  <xsl:function name="f:date-value" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="start" as="xs:string?" select="f:w3cdtf(($date/@notBefore, $date/@from)[1])"/>
    <xsl:variable name="end" as="xs:string?" select="f:w3cdtf(($date/@notAfter, $date/@to)[1])"/>
    <xsl:sequence select="(f:w3cdtf($date/@when),
        (if (exists($start) or exists($end)) then ($start, '..')[1] || '/' || ($end, '..')[1] else ()),
        normalize-space($date))[1]"/>
  </xsl:function>

  <!-- How sure the header is of a date, in MODS's words: the converter's
       own inference (@resp="#tei-encoder") is "inferred", @cert="low" is
       "questionable". -->
  <xsl:function name="f:date-qualifier" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="if ($date/@cert = ('low', 'unknown')) then 'questionable'
        else if (tokenize($date/@resp) = '#tei-encoder') then 'inferred'
        else ()"/>
  </xsl:function>

  <!-- The language of the text as the document states it (BCP 47). The
       views' f:text-language falls back to English; a catalogue record must
       not, so no statement means no language. -->
  <xsl:function name="f:stated-text-language" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/text/@xml:lang, $tei/@xml:lang)[normalize-space()][1] ! string(.)"/>
  </xsl:function>

  <!-- Languages of the original (BCP 47 codes): the msItem's textLang where
       the header has one, else every langUsage language but the text's
       (unlike the views, a single language that is the text's is no
       original: the document is then no translation). -->
  <xsl:function name="f:original-language-codes" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="text-languages" as="element()*" select="$tei/teiHeader/fileDesc/sourceDesc/msDesc/msContents//textLang"/>
    <xsl:variable name="text-language" as="xs:string?" select="f:stated-text-language($tei)"/>
    <xsl:sequence select="distinct-values(if (exists($text-languages))
        then (for $languages in $text-languages return (string($languages/@mainLang), tokenize($languages/@otherLangs)))[.]
        else $tei/teiHeader/profileDesc/langUsage/language/@ident[not(. = $text-language)][exists($text-language)])"/>
  </xsl:function>

  <!-- A language's name in words, where langUsage gives one. -->
  <xsl:function name="f:language-name" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="code" as="xs:string"/>
    <xsl:sequence select="($tei/teiHeader/profileDesc/langUsage/language[@ident = $code] ! normalize-space(.))[.][1]"/>
  </xsl:function>

  <!-- The converter writes publisher "unknown" when the transcript gives a
       web address but no publisher: that is no publisher to catalogue. -->
  <xsl:function name="f:publishers" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/publicationStmt/publisher
        ! normalize-space(.)[.][not(lower-case(.) = 'unknown')]"/>
  </xsl:function>

  <!-- With an edition.toml, the edition publishes the TEI file and the
       archive that published the translation distributes it. -->
  <xsl:function name="f:distributors" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/publicationStmt/distributor ! normalize-space(.)[.]"/>
  </xsl:function>

  <xsl:function name="f:publication-identifiers" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/publicationStmt/idno[normalize-space()]"/>
  </xsl:function>

  <xsl:function name="f:is-web-address" as="xs:boolean">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="matches(normalize-space($value), '^https?://\S+$')"/>
  </xsl:function>

  <xsl:function name="f:availability" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/publicationStmt/availability"/>
  </xsl:function>

  <!-- The summary: the header's abstract, else the summary note the
       transcript carries after the text. Paragraphs are joined by a space. -->
  <xsl:function name="f:summary" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="abstract" as="element()?" select="($tei/teiHeader/profileDesc/abstract, $tei/text//note[f:is-summary-note(.)])[normalize-space()][1]"/>
    <xsl:sequence select="$abstract ! string-join((p, .[empty(p)]) ! normalize-space(.)[.], ' ')"/>
  </xsl:function>

  <xsl:function name="f:credits" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/notesStmt/note[@type = 'credits'] ! normalize-space(.)[.]"/>
  </xsl:function>

  <xsl:function name="f:citations" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/sourceDesc/bibl[@type = 'citation'] ! normalize-space(.)[.]"/>
  </xsl:function>

  <!-- The archival original's identifiers as a shelf mark, each with its
       kind where the header names one: "fond 0102, opis 21, …". -->
  <xsl:function name="f:shelf-mark" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="idnos" as="element()*" select="($tei/teiHeader/fileDesc/sourceDesc/msDesc/msIdentifier)[1]/(idno, collection)[normalize-space()]"/>
    <xsl:sequence select="string-join($idnos ! string-join((@type, normalize-space(.)), ' '), ', ')[.]"/>
  </xsl:function>

  <xsl:function name="f:locus" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/teiHeader/fileDesc/sourceDesc/msDesc/msContents//locus)[1]"/>
  </xsl:function>

  <!-- The archival original in one line: archive, shelf mark, folios. -->
  <xsl:function name="f:archival-reference" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="string-join((f:archive($tei), f:shelf-mark($tei),
        f:locus($tei) ! normalize-space(.)) [.], ', ')[.]"/>
  </xsl:function>

  <!-- The pages of the document: every pb but the transcript's seams
       (pb[@ed='transcript'] marks where the transcription split a
       paragraph, not a page of the original), in document order. -->
  <xsl:function name="f:page-breaks" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/text//pb[not(@ed = 'transcript')]"/>
  </xsl:function>

  <!-- An XPointer (xmlns() and xpointer() schemes) to a TEI element, for
       METS areas: pb elements carry no xml:id, so the path is spelled out. -->
  <xsl:function name="f:xpointer" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="steps" as="xs:string*" select="for $step in $element/ancestor-or-self::*
        return let $name := node-name($step)
        return 'tei:' || local-name($step) || '[' || (count($step/preceding-sibling::*[node-name() eq $name]) + 1) || ']'"/>
    <xsl:sequence select="'xmlns(tei=http://www.tei-c.org/ns/1.0)xpointer(/' || string-join($steps, '/') || ')'"/>
  </xsl:function>
</xsl:stylesheet>
