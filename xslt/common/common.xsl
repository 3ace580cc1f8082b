<?xml version="1.0" encoding="UTF-8"?>
<!-- The common layer every view imports (after TEIC/Stylesheets' common/). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    exclude-result-prefixes="#all">
  <xsl:include href="params.xsl"/>
  <xsl:include href="labels.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="metadata.xsl"/>
  <xsl:include href="discovery.xsl"/>
  <xsl:include href="text.xsl"/>
</xsl:stylesheet>
