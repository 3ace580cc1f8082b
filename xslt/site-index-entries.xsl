<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index page's rows, a few documents at a time, for a site too big to hand
  over to site-index.xsl whole (encoder/site.py puts them into the page's frame,
  made by site-index.xsl from an s:frame). Input: some of the catalogue's
  documents, as site-index.xsl takes them, in any order:

    <s:entries xmlns:s="urn:x-tei-encoder:site">
      <s:document id="…" page="…" pdf="…" tei="…"><TEI>…</TEI></s:document>
    </s:entries>

  Output, a s:entry per document in the same order: what the page sorts the row
  by and what its filters list (site-index.xsl's functions), and the row itself,
  serialized as the page's HTML serializes it:

    <s:entries><s:entry date="1965-02-10" title="…" archive="…"><s:language>Russian</s:language>
      <s:row>&lt;tr …&gt;…&lt;/tr&gt;</s:row></s:entry></s:entries>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:s="urn:x-tei-encoder:site"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="site-index.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- site-index.xsl's output method: the row's bytes are those it has in the page -->
  <xsl:variable name="s:page-serialization" as="map(*)"
      select="map {'method': 'html', 'html-version': 5.0, 'indent': false(), 'include-content-type': false()}"/>

  <xsl:template match="/" as="element(s:entries)">
    <s:entries>
      <xsl:for-each select="s:entries/s:document">
        <xsl:variable name="row" as="element()">
          <xsl:apply-templates select="."/>
        </xsl:variable>
        <s:entry date="{f:date-iso(TEI)}" title="{f:title(TEI)}" archive="{f:archive(TEI)}">
          <xsl:for-each select="s:language-names(TEI)">
            <s:language>{.}</s:language>
          </xsl:for-each>
          <s:row>{serialize($row, $s:page-serialization)}</s:row>
        </s:entry>
      </xsl:for-each>
    </s:entries>
  </xsl:template>
</xsl:stylesheet>
