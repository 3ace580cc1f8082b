<?xml version="1.0" encoding="UTF-8"?>
<!--
  Crosswalk: a TEI document's header → unqualified Dublin Core as OAI-PMH 2.0
  carries it (oai_dc:dc). Simple Dublin Core has no roles and no structure,
  so it says less than mods.xsl, from the same readers (common/records.xsl):
  contributors lose their roles, the archival original becomes a relation.
  Fields the header lacks are left out. Table: docs/crosswalks.md.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>
  <xsl:import href="common/records.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/" as="element(oai_dc:dc)">
    <xsl:for-each select="*">
      <xsl:call-template name="f:oai-dc"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Elements in the order of the oai_dc schema's list (any order is
       valid; a fixed one keeps records comparable). -->
  <xsl:template name="f:oai-dc" as="element(oai_dc:dc)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="agents" as="element()*" select="f:agents(.)"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <!-- declared once here, not on every element -->
      <xsl:namespace name="dc" select="'http://purl.org/dc/elements/1.1/'"/>
      <dc:title>{f:title(.)}</dc:title>
      <!-- Authors create; everyone named in a respStmt contributes. Funders
           are neither (they are credited in the description). -->
      <xsl:for-each select="distinct-values($agents[self::author] ! normalize-space(.))">
        <dc:creator>{.}</dc:creator>
      </xsl:for-each>
      <xsl:for-each select="teiHeader/profileDesc/textClass/(keywords/term, classCode)[normalize-space()]">
        <dc:subject>{normalize-space(.)}</dc:subject>
      </xsl:for-each>
      <xsl:for-each select="f:summary(.), f:credits(.)">
        <dc:description>{.}</dc:description>
      </xsl:for-each>
      <!-- Both make the resource available, which is all dc:publisher says. -->
      <xsl:for-each select="f:publishers(.), f:distributors(.)">
        <dc:publisher>{.}</dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="distinct-values($agents[self::editor or parent::respStmt] ! normalize-space(.))">
        <dc:contributor>{.}</dc:contributor>
      </xsl:for-each>
      <xsl:for-each select="f:creation-date(.)">
        <dc:date>{f:date-value(.)}</dc:date>
      </xsl:for-each>
      <dc:type>Text</dc:type>
      <dc:format>{$f:tei-media-type}</dc:format>
      <xsl:for-each select="f:publication-identifiers(.)">
        <dc:identifier>{normalize-space(.)}</dc:identifier>
      </xsl:for-each>
      <!-- The source is the published text this edition encodes (its
           citation); the archival original it translates is a relation. -->
      <xsl:for-each select="f:citations(.)">
        <dc:source>{.}</dc:source>
      </xsl:for-each>
      <xsl:for-each select="f:stated-text-language(.)">
        <dc:language>{.}</dc:language>
      </xsl:for-each>
      <xsl:for-each select="f:archival-reference(.)">
        <dc:relation>{.}</dc:relation>
      </xsl:for-each>
      <xsl:for-each select="f:availability(.)">
        <xsl:for-each select="licence">
          <dc:rights>{(normalize-space(.)[.], normalize-space(@target))[1]}</dc:rights>
          <xsl:for-each select="@target[normalize-space()][normalize-space(..)]">
            <dc:rights>{normalize-space(.)}</dc:rights>
          </xsl:for-each>
        </xsl:for-each>
        <xsl:for-each select="p[normalize-space()]">
          <dc:rights>{normalize-space(.)}</dc:rights>
        </xsl:for-each>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>
</xsl:stylesheet>
