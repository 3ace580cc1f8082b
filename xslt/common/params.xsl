<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters of every view, in one place (after TEIC/Stylesheets' params file).
  The Python side (encoder/render.py) sets them; stylesheets never read files
  themselves, because Saxon is locked down to no URI access after compiling.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- CSS and JavaScript text to inline into the page (a self-contained file);
       empty when the page links to shared asset files instead. -->
  <xsl:param name="inline-css" as="xs:string" select="''"/>
  <xsl:param name="inline-js" as="xs:string" select="''"/>

  <!-- Relative URL of the folder holding edition.css / edition.js / search
       files when they are linked rather than inlined; empty: inline. -->
  <xsl:param name="assets-href" as="xs:string" select="''"/>

  <!-- Links that only exist inside the static edition site; empty: none. -->
  <xsl:param name="home-href" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <xsl:param name="search-index-href" as="xs:string" select="''"/>
  <!-- The editors' review page of the document (site only): linked, but the
       link stays hidden until the page is opened with ?editor or #editor. -->
  <xsl:param name="review-href" as="xs:string" select="''"/>

  <!-- Which view the reading page opens in: 'diplomatic' or 'reading'. -->
  <xsl:param name="initial-view" as="xs:string" select="'diplomatic'"/>

  <!-- Library crosswalks (mods.xsl, dc.xsl, mets.xsl). -->
  <!-- When the record is made (W3CDTF date or xs:dateTime): MODS
       recordCreationDate, METS metsHdr/@CREATEDATE (a dateTime only). A
       parameter, not current-dateTime(), so the same input gives the same
       bytes (BagIt manifests, golden tests). Empty: not stated. -->
  <xsl:param name="record-date" as="xs:string" select="''"/>
  <!-- The item's identifier in the edition (e.g. the file stem): MODS
       recordIdentifier, METS @OBJID. Empty: not stated. -->
  <xsl:param name="record-identifier" as="xs:string" select="''"/>
  <!-- mets.xsl: the files of the item, which XSLT cannot read or hash.
       Built by encoder/crosswalks.py with lxml:
         <inventory xmlns="urn:x-tei-encoder:inventory">
           <file use="tei|transcript|html|pdf" href="relative/URL"
                 mimetype="…" size="bytes" sha256="hex"/>
         </inventory> -->
  <xsl:param name="files" as="document-node()?" select="()"/>
</xsl:stylesheet>
