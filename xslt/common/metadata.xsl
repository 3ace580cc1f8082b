<?xml version="1.0" encoding="UTF-8"?>
<!--
  The metadata panel, from the teiHeader: what a reader needs to cite and
  place the document. Fields the header lacks are left out, never invented.
  Shared by the reading view (a side panel) and the print view (title block).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="f:metadata-list" as="element()">
    <xsl:context-item as="element()" use="required"/>
    <xsl:variable name="header" as="element()?" select="teiHeader"/>
    <xsl:variable name="file" as="element()?" select="$header/fileDesc"/>
    <xsl:variable name="identifier" as="element()?" select="($file/sourceDesc/msDesc/msIdentifier)[1]"/>
    <dl class="metadata-list">
      <xsl:if test="f:date-text(.)">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'date'"/>
          <xsl:with-param name="value" as="node()*">
            <xsl:variable name="when" as="xs:string" select="f:date-iso(.)"/>
            <xsl:choose>
              <xsl:when test="$when">
                <time datetime="{$when}">{f:date-text(.)}</time>
              </xsl:when>
              <xsl:otherwise>{f:date-text(.)}</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="$file/sourceDesc/bibl[@type = 'citation'], $file/sourceDesc/bibl[not(@type)][empty(../bibl[@type = 'citation'])]">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'citation'"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="f:archive(.)">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'archive'"/>
          <xsl:with-param name="value" as="node()*">{f:archive(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$identifier/idno">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'identifiers'"/>
          <xsl:with-param name="value" as="node()*">{string-join($identifier/idno ! string-join((@type, normalize-space(.)), ' '), ', ')}</xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="($file/sourceDesc/msDesc/msContents//locus)[1]">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'folios'"/>
          <xsl:with-param name="value" as="node()*">{if (@from and @to) then @from || '–' || @to else normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/titleStmt/(author | editor)">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="local-name()"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/titleStmt/respStmt">
        <xsl:variable name="role" as="xs:string" select="normalize-space(resp)"/>
        <xsl:call-template name="f:field">
          <xsl:with-param name="label" select="($f:labels(replace($role, ' ', '-')), upper-case(substring($role, 1, 1)) || substring($role, 2))[1]"/>
          <xsl:with-param name="value" as="node()*">{string-join((persName, name, orgName) ! normalize-space(.), ', ')}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <!-- The funding sentence as the transcript wrote it, where there is
           one, names the funders; else each funder. The rest of notesStmt
           (the header as written, website residue) repeats or is no metadata. -->
      <xsl:variable name="credits" as="element()*" select="$file/notesStmt/note[@type = 'credits'][normalize-space()]"/>
      <xsl:for-each select="$credits">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'credits'"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/titleStmt/funder[empty($credits)]">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'funder'"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="exists(f:original-languages(.))">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'original-language'"/>
          <xsl:with-param name="value" as="node()*">{string-join(f:original-languages(.) ! (normalize-space(.)[.], @ident)[1], ', ')}</xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="$header/profileDesc/abstract">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'summary'"/>
          <xsl:with-param name="value" as="node()*">
            <xsl:for-each select="(p, .[empty(p)])">
              <span class="metadata-paragraph">{normalize-space(.)}</span>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/publicationStmt/publisher">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'publisher'"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/publicationStmt/distributor">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'distributor'"/>
          <xsl:with-param name="value" as="node()*">{normalize-space(.)}</xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <!-- Only web addresses become links; anything else is shown as text.
           subtype="edition": the edition's own address for the document. -->
      <xsl:for-each select="$file/publicationStmt/idno[@type = 'URI']">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="if (@subtype = 'edition') then 'identifier' else 'source'"/>
          <xsl:with-param name="value" as="node()*">
            <xsl:choose>
              <xsl:when test="matches(normalize-space(.), '^https?://\S+$')">
                <a class="source-link" href="{normalize-space(.)}" rel="noopener noreferrer">{normalize-space(.)}</a>
              </xsl:when>
              <xsl:otherwise>{normalize-space(.)}</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file/publicationStmt/availability">
        <xsl:call-template name="f:field">
          <xsl:with-param name="key" select="'licence'"/>
          <xsl:with-param name="value" as="node()*">
            <xsl:for-each select="licence">
              <xsl:choose>
                <xsl:when test="matches(normalize-space(@target), '^https?://\S+$')">
                  <a class="licence-link" rel="license noopener noreferrer" href="{normalize-space(@target)}">{normalize-space(.)}</a>
                </xsl:when>
                <xsl:otherwise>{normalize-space(.)}</xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
            <xsl:for-each select="p">
              <span class="metadata-paragraph">{normalize-space(.)}</span>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template name="f:field" as="element()">
    <xsl:param name="key" as="xs:string" select="''"/>
    <xsl:param name="label" as="xs:string" select="f:label($key)"/>
    <xsl:param name="value" as="node()*"/>
    <div class="metadata-field{if ($key) then ' metadata-' || $key else ''}">
      <dt>{$label}</dt>
      <dd><xsl:sequence select="$value"/></dd>
    </div>
  </xsl:template>
</xsl:stylesheet>
