<?xml version="1.0" encoding="UTF-8"?>
<!--
  The timeline's list items (timeline.xsl), some at a time, for a timeline of
  too many documents to hand over whole (encoder/entity_pages.py puts them into
  the lists of the page's frame). Input: e:document and e:named-date elements
  as in the timeline's source, in the page's order:

    <e:rows xmlns:e="urn:x-tei-encoder:entities"><e:document url="…" …/><e:named-date when="…" …>…</e:named-date></e:rows>

  Output: each item serialized as the page's HTML serializes it.

    <e:rows><e:row>&lt;li&gt;…&lt;/li&gt;</e:row></e:rows>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-tei-encoder:entities"
    xpath-default-namespace="urn:x-tei-encoder:entities"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="timeline.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- timeline.xsl's output method: the item's bytes are those it has in the page -->
  <xsl:variable name="e:page-serialization" as="map(*)"
      select="map {'method': 'html', 'html-version': 5.0, 'indent': false(), 'include-content-type': false()}"/>

  <xsl:template match="/" as="element(e:rows)">
    <e:rows>
      <xsl:for-each select="rows/(document | named-date)">
        <xsl:variable name="item" as="element()">
          <xsl:apply-templates select="."/>
        </xsl:variable>
        <e:row>{serialize($item, $e:page-serialization)}</e:row>
      </xsl:for-each>
    </e:rows>
  </xsl:template>
</xsl:stylesheet>
