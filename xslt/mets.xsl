<?xml version="1.0" encoding="UTF-8"?>
<!--
  Crosswalk: one edition item → a METS 1.12.1 document. The dmdSec wraps the
  item's MODS record, made by mods.xsl's f:mods (imported, not copied). The
  fileSec lists the item's files (TEI, transcript, HTML, PDF), which XSLT can
  neither read nor hash: the caller passes them in $files (common/params.xsl;
  encoder/crosswalks.py builds it). The structMap is the document's pages,
  from its pb elements, each pointing into the TEI file. Table:
  docs/crosswalks.md.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:inv="urn:x-tei-encoder:inventory"
    xmlns:mets="http://www.loc.gov/METS/"
    xmlns:mods="http://www.loc.gov/mods/v3"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="mods.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:variable name="f:dmd-id" as="xs:string" select="'dmd-mods'"/>

  <!-- The inventory's files in the caller's order; their METS IDs are
       their positions, so an href never has to be an XML name. -->
  <xsl:variable name="f:files" as="element(inv:file)*" select="$files/inv:inventory/inv:file"/>

  <xsl:function name="f:file-id" as="xs:string">
    <xsl:param name="file" as="element(inv:file)"/>
    <xsl:sequence select="'file-' || (count($file/preceding-sibling::inv:file) + 1)"/>
  </xsl:function>

  <xsl:template match="/" as="element(mets:mets)">
    <xsl:for-each select="*">
      <xsl:call-template name="f:mets"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="f:mets" as="element(mets:mets)">
    <xsl:context-item as="element()" use="required"/>
    <mets:mets LABEL="{f:title(.)}" TYPE="text"
        xsi:schemaLocation="http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/version1121/mets.xsd {$f:mods-schema-location}">
      <xsl:for-each select="$record-identifier[normalize-space()]">
        <xsl:attribute name="OBJID" select="."/>
      </xsl:for-each>
      <xsl:call-template name="f:mets-header"/>
      <mets:dmdSec ID="{$f:dmd-id}">
        <mets:mdWrap MDTYPE="MODS" MDTYPEVERSION="3.8" MIMETYPE="text/xml" LABEL="MODS record">
          <mets:xmlData>
            <xsl:call-template name="f:mods"/>
          </mets:xmlData>
        </mets:mdWrap>
      </mets:dmdSec>
      <xsl:if test="exists($f:files)">
        <xsl:call-template name="f:mets-files"/>
      </xsl:if>
      <xsl:call-template name="f:mets-pages"/>
    </mets:mets>
  </xsl:template>

  <!-- The software that made the document; a creation date only when the
       caller gives a full dateTime (METS wants one; nothing is invented). -->
  <xsl:template name="f:mets-header" as="element(mets:metsHdr)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="application" as="element()?" select="teiHeader/encodingDesc/appInfo/application[@ident = 'tei-encoder'][1]"/>
    <mets:metsHdr>
      <xsl:if test="$record-date castable as xs:dateTime">
        <xsl:attribute name="CREATEDATE" select="$record-date"/>
      </xsl:if>
      <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
        <mets:name>tei-encoder{$application/@version ! (' ' || .)}</mets:name>
      </mets:agent>
    </mets:metsHdr>
  </xsl:template>

  <!-- One fileGrp per use (tei, transcript, html, pdf), in the order the
       uses first appear in the inventory. -->
  <xsl:template name="f:mets-files" as="element(mets:fileSec)">
    <mets:fileSec>
      <xsl:for-each-group select="$f:files" group-by="string(@use)">
        <mets:fileGrp USE="{current-grouping-key()}">
          <xsl:for-each select="current-group()">
            <mets:file ID="{f:file-id(.)}" MIMETYPE="{@mimetype}" SIZE="{@size}"
                CHECKSUM="{@sha256}" CHECKSUMTYPE="SHA-256">
              <mets:FLocat LOCTYPE="URL" xlink:href="{@href}"/>
            </mets:file>
          </xsl:for-each>
        </mets:fileGrp>
      </xsl:for-each-group>
    </mets:fileSec>
  </xsl:template>

  <!-- The physical structure: the whole document (every file), and in it
       one div per page. A page runs from its pb to the next one; the text
       before the first pb lies on the page the folio range starts with
       (msContents//locus/@from), which becomes the first page when the
       first pb is an archival one (the locus counts archival folios, not
       typescript pages, pb[@type='page']) that does not already name it.
       Seams of the transcript are no pages (f:page-breaks). -->
  <xsl:template name="f:mets-pages" as="element(mets:structMap)">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="breaks" as="element()*" select="f:page-breaks(.)"/>
    <xsl:variable name="first-folio" as="xs:string?" select="f:locus(.)/@from[normalize-space()] ! string(.)"/>
    <xsl:variable name="opening" as="element()?"
        select="text[exists($breaks) and exists($first-folio)
            and not($breaks[1]/@type = 'page') and not($breaks[1]/@n = $first-folio)]"/>
    <xsl:variable name="tei-file" as="element(inv:file)?" select="$f:files[@use = 'tei'][1]"/>
    <mets:structMap TYPE="physical" LABEL="Pages of the document">
      <mets:div TYPE="document" LABEL="{f:title(.)}" DMDID="{$f:dmd-id}">
        <xsl:for-each select="$f:files">
          <mets:fptr FILEID="{f:file-id(.)}"/>
        </xsl:for-each>
        <xsl:variable name="starts" as="element()*" select="$opening, $breaks"/>
        <xsl:for-each select="$starts">
          <xsl:variable name="position" as="xs:integer" select="position()"/>
          <xsl:variable name="number" as="xs:string?" select="(if (. is $opening) then $first-folio else @n[normalize-space()])"/>
          <mets:div TYPE="page" ORDER="{$position}"
              LABEL="{f:label(if (@type = 'page') then 'typescript-page' else 'page')}{$number ! (' ' || .)}">
            <xsl:for-each select="$number">
              <xsl:attribute name="ORDERLABEL" select="."/>
            </xsl:for-each>
            <xsl:for-each select="$tei-file">
              <mets:fptr>
                <mets:area FILEID="{f:file-id(.)}" BETYPE="XPTR" BEGIN="{f:xpointer($starts[$position])}">
                  <xsl:for-each select="$starts[$position + 1]">
                    <xsl:attribute name="END" select="f:xpointer(.)"/>
                  </xsl:for-each>
                </mets:area>
              </mets:fptr>
            </xsl:for-each>
          </mets:div>
        </xsl:for-each>
      </mets:div>
    </mets:structMap>
  </xsl:template>
</xsl:stylesheet>
