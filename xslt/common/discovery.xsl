<?xml version="1.0" encoding="UTF-8"?>
<!--
  What finds a document from outside: the <meta> elements of a page's head.

  f:pdf-meta      author, subject and keywords that WeasyPrint copies into the
                  PDF's document information and XMP (the print view);
  f:discovery-meta Dublin Core (DC.*), Highwire Press citation_* tags (read by
                  Zotero and Google Scholar) and a schema.org JSON-LD record
                  (the reading view).

  Everything comes from the teiHeader; a field the header lacks is left out.
  The person names are the credited people (respStmt with persName), not the
  generic "the translator" the converter points @resp at.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="f:credited-people" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="distinct-values($tei/teiHeader/fileDesc/titleStmt/respStmt[not(@xml:id)]
        /(persName, name) ! normalize-space(.)[.])"/>
  </xsl:function>

  <xsl:function name="f:summary" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/teiHeader/profileDesc/abstract ! normalize-space(.)[.])[1]"/>
  </xsl:function>

  <!-- The edition's publisher first (edition.toml), else the archive's. -->
  <xsl:function name="f:publisher" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/teiHeader/fileDesc/publicationStmt/publisher ! normalize-space(.)[.])[1]"/>
  </xsl:function>

  <!-- The document's web addresses: the edition's own ('edition'), then the archive's ('source'). -->
  <xsl:function name="f:addresses" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="whose" as="xs:string"/>
    <xsl:variable name="uris" as="element()*" select="$tei/teiHeader/fileDesc/publicationStmt/idno[@type = 'URI']"/>
    <xsl:sequence select="(if ($whose = 'edition') then $uris[@subtype = 'edition'] else $uris[not(@subtype = 'edition')])
        ! normalize-space(.)[matches(., '^https?://\S+$')]"/>
  </xsl:function>

  <xsl:function name="f:licence-url" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/teiHeader/fileDesc/publicationStmt/availability/licence/@target
        ! normalize-space(.)[matches(., '^https?://\S+$')])[1]"/>
  </xsl:function>

  <xsl:function name="f:rights" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="availability" as="element()?" select="$tei/teiHeader/fileDesc/publicationStmt/availability[1]"/>
    <xsl:sequence select="string-join($availability/(licence, p) ! normalize-space(.)[.], ' ')[.]"/>
  </xsl:function>

  <xsl:function name="f:keywords" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="distinct-values((f:original-languages($tei) ! normalize-space(.),
        f:archive($tei), $tei/teiHeader/profileDesc/textClass//term ! normalize-space(.))[.])"/>
  </xsl:function>

  <xsl:template name="f:pdf-meta" as="element()*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:for-each select="f:credited-people(.)">
      <meta name="author" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="f:summary(.)">
      <meta name="description" content="{f:summary(.)}"/>
    </xsl:if>
    <xsl:if test="exists(f:keywords(.))">
      <meta name="keywords" content="{string-join(f:keywords(.), ', ')}"/>
    </xsl:if>
    <meta name="generator" content="tei-encoder"/>
  </xsl:template>

  <xsl:template name="f:discovery-meta" as="element()*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:param name="pdf-href" as="xs:string" select="''"/>
    <xsl:variable name="title" as="xs:string" select="f:title(.)"/>
    <xsl:variable name="when" as="xs:string" select="f:date-iso(.)"/>
    <xsl:variable name="language" as="xs:string" select="f:text-language(.)"/>
    <xsl:variable name="people" as="xs:string*" select="f:credited-people(.)"/>
    <xsl:variable name="addresses" as="xs:string*" select="f:addresses(., 'edition'), f:addresses(., 'source')"/>
    <meta name="DC.title" content="{$title}"/>
    <xsl:for-each select="$people">
      <meta name="DC.contributor" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="$when">
      <meta name="DC.date" content="{$when}"/>
    </xsl:if>
    <meta name="DC.language" content="{$language}"/>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <xsl:for-each select="f:publisher(.)">
      <meta name="DC.publisher" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="$addresses">
      <meta name="DC.identifier" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="f:summary(.)">
      <meta name="DC.description" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="f:rights(.)">
      <meta name="DC.rights" content="{.}"/>
    </xsl:for-each>
    <!-- Highwire Press tags: the ones reference managers read. -->
    <meta name="citation_title" content="{$title}"/>
    <xsl:for-each select="$people">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="$when">
      <meta name="citation_date" content="{replace($when, '-', '/')}"/>
    </xsl:if>
    <xsl:for-each select="f:publisher(.)">
      <meta name="citation_publisher" content="{.}"/>
    </xsl:for-each>
    <meta name="citation_language" content="{$language}"/>
    <xsl:for-each select="f:addresses(., 'edition')[1]">
      <meta name="citation_public_url" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="$pdf-href">
      <meta name="citation_pdf_url" content="{$pdf-href}"/>
    </xsl:if>
    <script type="application/ld+json">{serialize(f:schema-org(.), map { 'method': 'json', 'indent': false() })}</script>
  </xsl:template>

  <!-- schema.org: a CreativeWork translated from its original, archived by its repository. -->
  <xsl:function name="f:schema-org" as="map(*)">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="when" as="xs:string" select="f:date-iso($tei)"/>
    <xsl:variable name="edition" as="xs:string?" select="f:addresses($tei, 'edition')[1]"/>
    <xsl:variable name="sources" as="xs:string*" select="f:addresses($tei, 'source')"/>
    <xsl:variable name="originals" as="xs:string*" select="f:original-languages($tei) ! string((@ident, .)[1])"/>
    <xsl:sequence select="map:merge((
        map { '@context': 'https://schema.org', '@type': 'CreativeWork', 'name': f:title($tei),
              'inLanguage': f:text-language($tei) },
        if ($when) then map { 'dateCreated': $when } else (),
        if (exists(f:credited-people($tei)))
          then map { 'contributor': array { f:credited-people($tei) ! map { '@type': 'Person', 'name': . } } }
          else (),
        f:publisher($tei) ! map { 'publisher': map { '@type': 'Organization', 'name': . } },
        f:summary($tei) ! map { 'description': . },
        $edition ! map { 'url': . },
        if (exists($sources)) then map { 'isBasedOn': array { $sources } } else (),
        f:licence-url($tei) ! map { 'license': . },
        if (exists($originals)) then map { 'translationOfWork': map { '@type': 'CreativeWork',
            'inLanguage': array { $originals } } } else (),
        f:archive($tei)[.] ! map { 'archivedAt': map { '@type': 'ArchiveOrganization', 'name': . } }
      ))" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:function>
</xsl:stylesheet>
