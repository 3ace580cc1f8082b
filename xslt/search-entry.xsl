<?xml version="1.0" encoding="UTF-8"?>
<!--
  One document's entry in the edition's full-text search index, as JSON.
  Uses the common functions so the index names and dates documents exactly
  as the pages do. The text is the document's words without markup; the
  client-side search (edition.js) folds case and accents itself.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/common.xsl"/>

  <xsl:output method="json" encoding="UTF-8" indent="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/" as="map(xs:string, item()*)">
    <xsl:variable name="tei" as="element()" select="*"/>
    <xsl:sequence select="map {
        'title': f:title($tei),
        'date': f:date-text($tei),
        'when': f:date-iso($tei),
        'archive': f:archive($tei),
        'languages': array { f:original-languages($tei) ! (normalize-space(.)[.], string(@ident))[1] },
        'text': normalize-space(string-join($tei/text//text(), ' '))
      }"/>
  </xsl:template>
</xsl:stylesheet>
