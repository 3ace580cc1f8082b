<?xml version="1.0" encoding="UTF-8"?>
<!--
  One document's small record for the entity views (encoder/entity_pages.py):
  its title, date and language as every view names them (common/functions),
  each name in the text with the register entry it points to and its anchor
  in the reading view, and each date the text names. The site keeps these
  records, not the documents' trees, until it writes the entity pages.

    <e:record xmlns:e="urn:x-tei-encoder:entities" title="…" date="…" when="1965-02-10" lang="en">
      <e:name kind="person" ref="person-kim-il-sung" anchor="name-1">Kim Ir Sen</e:name>
      <e:date when="1965-06">June 1965</e:date>
    </e:record>

  @ref is empty for a name without a register entry; @anchor is empty for a
  name inside a footnote (see entity-common.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:e="urn:x-tei-encoder:entities"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>
  <xsl:include href="entity-common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>
  <!-- A name's spelling as the text writes it: its words, a pair of romanizations as
       "Kim Byeong-jik [Kim Pyong Jik]" (its two reg, run together, would read as one word). -->
  <xsl:mode name="e:spelling" on-no-match="text-only-copy" on-multiple-match="fail"/>

  <xsl:template match="/" as="element()">
    <xsl:variable name="tei" as="element()" select="*"/>
    <e:record title="{f:title($tei)}" date="{f:date-text($tei)}" when="{f:date-iso($tei)}" lang="{f:text-language($tei)}">
      <xsl:for-each select="$tei/text//(persName | placeName | orgName)">
        <xsl:variable name="spelling" as="text()*">
          <xsl:apply-templates mode="e:spelling"/>
        </xsl:variable>
        <e:name kind="{$e:kinds(local-name())}" ref="{e:register-id(.)}" anchor="{e:anchor(.)}">{normalize-space(string-join($spelling))}</e:name>
      </xsl:for-each>
      <xsl:for-each select="$tei/text//date[@when or @from or @notBefore]">
        <e:date when="{(@when, @from, @notBefore)[1]}">{normalize-space(.)}</e:date>
      </xsl:for-each>
    </e:record>
  </xsl:template>

  <xsl:template match="choice[@rend = 'bracketed'][count(reg) = 2]" mode="e:spelling" as="text()*">
    <xsl:apply-templates select="reg[1]" mode="e:spelling"/>
    <xsl:text> [</xsl:text>
    <xsl:apply-templates select="reg[2]" mode="e:spelling"/>
    <xsl:text>]</xsl:text>
  </xsl:template>
</xsl:stylesheet>
