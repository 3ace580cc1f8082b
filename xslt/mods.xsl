<?xml version="1.0" encoding="UTF-8"?>
<!--
  Crosswalk: a TEI document's header → one MODS 3.8 record (mods:mods).
  The record describes the encoded text (a translation, as TEI); the
  archival document it translates is relatedItem[@type='original'], with
  its repository, shelf mark, folios and language. Fields the header lacks
  are left out, never invented. mets.xsl imports this module and calls
  f:mods for its dmdSec, so the two never differ. Table: docs/crosswalks.md.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:mods="http://www.loc.gov/mods/v3"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>
  <xsl:import href="common/records.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:variable name="f:mods-schema-location" as="xs:string"
      select="'http://www.loc.gov/mods/v3 http://www.loc.gov/standards/mods/v3/mods-3-8.xsd'"/>

  <xsl:template match="/" as="element(mods:mods)">
    <xsl:for-each select="*">
      <xsl:call-template name="f:mods">
        <xsl:with-param name="schema-location" select="$f:mods-schema-location"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- The record for the TEI element in focus. A standalone record names
       its schema; one wrapped in METS leaves that to the METS root. -->
  <xsl:template name="f:mods" as="element(mods:mods)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:param name="schema-location" as="xs:string?" select="()"/>
    <mods:mods version="3.8">
      <xsl:if test="exists($schema-location)">
        <xsl:attribute name="xsi:schemaLocation" select="$schema-location"/>
      </xsl:if>
      <xsl:call-template name="f:mods-title"/>
      <xsl:call-template name="f:mods-names"/>
      <mods:typeOfResource>text</mods:typeOfResource>
      <xsl:call-template name="f:mods-origin"/>
      <xsl:call-template name="f:mods-language">
        <xsl:with-param name="codes" select="f:stated-text-language(.)"/>
      </xsl:call-template>
      <mods:physicalDescription>
        <mods:form authority="marcform">electronic</mods:form>
        <mods:internetMediaType>{$f:tei-media-type}</mods:internetMediaType>
      </mods:physicalDescription>
      <xsl:for-each select="f:summary(.)">
        <mods:abstract type="summary">{.}</mods:abstract>
      </xsl:for-each>
      <xsl:for-each select="f:credits(.)">
        <mods:note type="funding">{.}</mods:note>
      </xsl:for-each>
      <xsl:for-each select="f:citations(.)">
        <mods:note type="preferred citation">{.}</mods:note>
      </xsl:for-each>
      <xsl:call-template name="f:mods-original"/>
      <xsl:call-template name="f:mods-identifiers"/>
      <xsl:call-template name="f:mods-access"/>
      <xsl:call-template name="f:mods-record-info"/>
    </mods:mods>
  </xsl:template>

  <!-- A title the converter had to infer (@resp="#tei-encoder") is one the
       document does not state: MODS calls that supplied. -->
  <xsl:template name="f:mods-title" as="element(mods:titleInfo)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="titles" as="element()*" select="teiHeader/fileDesc/titleStmt/title"/>
    <mods:titleInfo>
      <xsl:if test="tokenize(($titles[@type = 'main'], $titles)[1]/@resp) = '#tei-encoder'">
        <xsl:attribute name="supplied" select="'yes'"/>
      </xsl:if>
      <mods:title>{f:title(.)}</mods:title>
    </mods:titleInfo>
  </xsl:template>

  <!-- One name per agent, however many roles it has (a person who both
       obtained and translated a document is one name with two roles). -->
  <xsl:template name="f:mods-names" as="element(mods:name)*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:for-each-group select="f:agents(.)" group-by="normalize-space(.) || '|' || f:agent-kind(.)">
      <mods:name>
        <xsl:for-each select="f:agent-kind(.)">
          <xsl:attribute name="type" select="."/>
        </xsl:for-each>
        <mods:namePart>{normalize-space(.)}</mods:namePart>
        <xsl:for-each select="distinct-values(current-group() ! f:agent-role(.))">
          <xsl:call-template name="f:mods-role">
            <xsl:with-param name="wording" select="."/>
          </xsl:call-template>
        </xsl:for-each>
      </mods:name>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template name="f:mods-role" as="element(mods:role)">
    <xsl:param name="wording" as="xs:string"/>
    <xsl:variable name="relator" as="map(xs:string, xs:string)?" select="f:relator($wording)"/>
    <mods:role>
      <xsl:choose>
        <xsl:when test="exists($relator)">
          <mods:roleTerm type="code" authority="marcrelator"
              authorityURI="http://id.loc.gov/vocabulary/relators"
              valueURI="http://id.loc.gov/vocabulary/relators/{$relator?code}">{$relator?code}</mods:roleTerm>
          <mods:roleTerm type="text" authority="marcrelator">{$relator?term}</mods:roleTerm>
        </xsl:when>
        <xsl:otherwise>
          <mods:roleTerm type="text">{$wording}</mods:roleTerm>
        </xsl:otherwise>
      </xsl:choose>
    </mods:role>
  </xsl:template>

  <!-- Separate events: the document's making (its date), the edition's
       publication (publisher, publication date) and its distribution (the
       archive that published the translation, when the edition is the
       publisher). They are decades apart; one originInfo would date the
       publisher's work to the document. -->
  <xsl:template name="f:mods-origin" as="element(mods:originInfo)*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="created" as="element()?" select="f:creation-date(.)"/>
    <xsl:if test="exists($created)">
      <mods:originInfo eventType="production">
        <xsl:call-template name="f:mods-dates">
          <xsl:with-param name="date" select="$created"/>
          <xsl:with-param name="element-name" select="'mods:dateCreated'"/>
        </xsl:call-template>
      </mods:originInfo>
    </xsl:if>
    <xsl:variable name="publishers" as="xs:string*" select="f:publishers(.)"/>
    <xsl:variable name="issued" as="element()?" select="teiHeader/fileDesc/publicationStmt/date[1]"/>
    <xsl:if test="exists($publishers) or exists($issued)">
      <mods:originInfo eventType="publication">
        <xsl:for-each select="$publishers">
          <mods:publisher>{.}</mods:publisher>
        </xsl:for-each>
        <xsl:for-each select="$issued">
          <xsl:call-template name="f:mods-dates">
            <xsl:with-param name="date" select="."/>
            <xsl:with-param name="element-name" select="'mods:dateIssued'"/>
          </xsl:call-template>
        </xsl:for-each>
      </mods:originInfo>
    </xsl:if>
    <xsl:variable name="distributors" as="xs:string*" select="f:distributors(.)"/>
    <xsl:if test="exists($distributors)">
      <mods:originInfo eventType="distribution">
        <xsl:for-each select="$distributors">
          <mods:publisher>{.}</mods:publisher>
        </xsl:for-each>
      </mods:originInfo>
    </xsl:if>
  </xsl:template>

  <!-- A TEI date as MODS dates: @when as the key date; a range
       (@notBefore/@notAfter, @from/@to) as start and end points; the
       words only, without encoding, when no value is machine-readable. -->
  <xsl:template name="f:mods-dates" as="element()+">
    <xsl:param name="date" as="element()"/>
    <xsl:param name="element-name" as="xs:string"/>
    <xsl:variable name="when" as="xs:string?" select="f:w3cdtf($date/@when)"/>
    <xsl:variable name="start" as="xs:string?" select="f:w3cdtf(($date/@notBefore, $date/@from)[1])"/>
    <xsl:variable name="end" as="xs:string?" select="f:w3cdtf(($date/@notAfter, $date/@to)[1])"/>
    <xsl:variable name="points" as="map(xs:string, xs:string)*" select="
        if (exists($when)) then map { 'value': $when, 'key': 'yes' }
        else if (exists($start) or exists($end)) then (
          $start ! map { 'value': ., 'point': 'start', 'key': 'yes' },
          $end ! map { 'value': ., 'point': 'end', 'key': if (exists($start)) then '' else 'yes' })
        else map { 'value': normalize-space($date), 'words': 'yes' }"/>
    <xsl:for-each select="$points">
      <xsl:element name="{$element-name}" namespace="http://www.loc.gov/mods/v3">
        <xsl:if test="not(?words)">
          <xsl:attribute name="encoding" select="'w3cdtf'"/>
        </xsl:if>
        <xsl:if test="?key = 'yes'">
          <xsl:attribute name="keyDate" select="'yes'"/>
        </xsl:if>
        <xsl:for-each select="?point">
          <xsl:attribute name="point" select="."/>
        </xsl:for-each>
        <xsl:for-each select="f:date-qualifier($date)">
          <xsl:attribute name="qualifier" select="."/>
        </xsl:for-each>
        <xsl:sequence select="?value"/>
      </xsl:element>
    </xsl:for-each>
  </xsl:template>

  <!-- Languages as BCP 47 codes (MODS authority rfc5646, which is what
       TEI's @xml:lang and @ident hold) and, where langUsage names them, in
       words. -->
  <xsl:template name="f:mods-language" as="element(mods:language)*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:param name="codes" as="xs:string*"/>
    <xsl:variable name="tei" as="element()" select="."/>
    <xsl:for-each select="$codes">
      <mods:language>
        <mods:languageTerm type="code" authority="rfc5646">{.}</mods:languageTerm>
        <xsl:for-each select="f:language-name($tei, .)">
          <mods:languageTerm type="text">{.}</mods:languageTerm>
        </xsl:for-each>
      </mods:language>
    </xsl:for-each>
  </xsl:template>

  <!-- The archival document the text translates: where it is kept, under
       which shelf mark, which folios, in which language. -->
  <xsl:template name="f:mods-original" as="element(mods:relatedItem)?">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="ms" as="element()?" select="teiHeader/fileDesc/sourceDesc/msDesc[1]"/>
    <xsl:variable name="languages" as="xs:string*" select="f:original-language-codes(.)"/>
    <xsl:variable name="locus" as="element()?" select="f:locus(.)"/>
    <xsl:if test="exists($ms) or exists($languages)">
      <mods:relatedItem type="original">
        <xsl:for-each select="($ms/msContents/msItem/title)[normalize-space()][1]">
          <mods:titleInfo>
            <mods:title>{normalize-space(.)}</mods:title>
          </mods:titleInfo>
        </xsl:for-each>
        <xsl:call-template name="f:mods-language">
          <xsl:with-param name="codes" select="$languages"/>
        </xsl:call-template>
        <xsl:if test="f:archive(.) or f:shelf-mark(.)">
          <mods:location>
            <xsl:for-each select="f:archive(.)[.]">
              <mods:physicalLocation>{.}</mods:physicalLocation>
            </xsl:for-each>
            <xsl:for-each select="f:shelf-mark(.)">
              <mods:shelfLocator>{.}</mods:shelfLocator>
            </xsl:for-each>
          </mods:location>
        </xsl:if>
        <xsl:for-each select="$locus">
          <mods:part>
            <mods:extent unit="folios">
              <xsl:choose>
                <xsl:when test="@from or @to">
                  <xsl:for-each select="@from">
                    <mods:start>{.}</mods:start>
                  </xsl:for-each>
                  <xsl:for-each select="@to">
                    <mods:end>{.}</mods:end>
                  </xsl:for-each>
                </xsl:when>
                <xsl:otherwise>
                  <mods:list>{normalize-space(.)}</mods:list>
                </xsl:otherwise>
              </xsl:choose>
            </mods:extent>
          </mods:part>
        </xsl:for-each>
      </mods:relatedItem>
    </xsl:if>
  </xsl:template>

  <!-- publicationStmt/idno: the edition's (or publisher's) identifiers; a
       web address is also where the text can be read. -->
  <xsl:template name="f:mods-identifiers" as="element()*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="identifiers" as="element()*" select="f:publication-identifiers(.)"/>
    <xsl:for-each select="$identifiers">
      <mods:identifier type="{(lower-case(@type), 'local')[1]}">{normalize-space(.)}</mods:identifier>
    </xsl:for-each>
    <xsl:variable name="addresses" as="xs:string*" select="$identifiers ! normalize-space(.)[f:is-web-address(.)]"/>
    <xsl:if test="exists($addresses)">
      <mods:location>
        <xsl:for-each select="$addresses">
          <mods:url access="object in context">
            <xsl:if test="position() = 1">
              <xsl:attribute name="usage" select="'primary display'"/>
            </xsl:if>
            <xsl:sequence select="."/>
          </mods:url>
        </xsl:for-each>
      </mods:location>
    </xsl:if>
  </xsl:template>

  <!-- availability: the licence in words with its URL as xlink:href, or the
       availability statement's paragraphs. -->
  <xsl:template name="f:mods-access" as="element(mods:accessCondition)*">
    <xsl:context-item as="element()" use="required"/>
    <xsl:for-each select="f:availability(.)">
      <xsl:for-each select="licence">
        <mods:accessCondition type="use and reproduction">
          <xsl:for-each select="@target[normalize-space()]">
            <xsl:attribute name="xlink:href" select="normalize-space(.)"/>
          </xsl:for-each>
          <xsl:sequence select="(normalize-space(.)[.], normalize-space(@target))[1]"/>
        </mods:accessCondition>
      </xsl:for-each>
      <xsl:for-each select="p[normalize-space()]">
        <mods:accessCondition type="use and reproduction">{normalize-space(.)}</mods:accessCondition>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="f:mods-record-info" as="element(mods:recordInfo)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="application" as="element()?" select="teiHeader/encodingDesc/appInfo/application[@ident = 'tei-encoder'][1]"/>
    <mods:recordInfo>
      <xsl:for-each select="f:w3cdtf($record-date)">
        <mods:recordCreationDate encoding="w3cdtf">{.}</mods:recordCreationDate>
      </xsl:for-each>
      <xsl:for-each select="$record-identifier[normalize-space()]">
        <mods:recordIdentifier>{.}</mods:recordIdentifier>
      </xsl:for-each>
      <mods:recordOrigin>Converted from the TEI P5 header by tei-encoder{$application/@version ! (' ' || .)} (xslt/mods.xsl).</mods:recordOrigin>
    </mods:recordInfo>
  </xsl:template>
</xsl:stylesheet>
