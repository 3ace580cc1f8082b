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
        <style>{$inline-css}</style>
      </head>
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
    </html>
  </xsl:template>

  <!-- WeasyPrint moves the element to the page's footnote area and leaves
       a numbered call where it stood. -->
  <xsl:template match="note" mode="footnote" as="element()">
    <span class="tei-footnote" id="{f:note-key(.)}">
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
