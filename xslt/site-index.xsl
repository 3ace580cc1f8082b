<?xml version="1.0" encoding="UTF-8"?>
<!--
  Index page of the static edition site. Input: a catalogue built by
  encoder/site.py, one s:document per edition document holding its links and
  its teiHeader (inside a TEI element with the text's language):

    <s:catalogue xmlns:s="urn:x-tei-encoder:site" title="…">
      <s:document id="…" page="documents/x.html" pdf="documents/x.pdf" tei="documents/x.xml">
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>…</teiHeader><text xml:lang="en"/></TEI>
      </s:document>
    </s:catalogue>

  Documents are listed in date order (undated last, then by title), with
  their archive and original language, which the page can filter by.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:s="urn:x-tei-encoder:site"
    xmlns:e="urn:x-tei-encoder:entities"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>
  <!-- entity views: navigation to the entity pages and timeline, person and place facets -->
  <xsl:include href="entity-common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <!-- a document's facets, found by its id: a filter on every row would make the page quadratic in the corpus -->
  <xsl:key name="s:facets-by-id" match="e:facets/e:document" use="@id"/>

  <xsl:template match="/" as="element()">
    <xsl:apply-templates select="s:catalogue | s:frame"/>
  </xsl:template>

  <!-- A plain TEI file, or a teiCorpus, run through this stylesheet on its own:
       the index of its document(s), without the site's links. -->
  <xsl:template match="document-node()[TEI or teiCorpus]" priority="1" as="element()">
    <xsl:variable name="catalogue" as="document-node()">
      <xsl:document>
        <s:catalogue title="{f:label('edition-title')}">
          <xsl:for-each select="(TEI, teiCorpus//TEI)">
            <s:document id="{(@xml:id, 'document-' || position())[1]}" page="" pdf="" tei="">
              <xsl:sequence select="."/>
            </s:document>
          </xsl:for-each>
        </s:catalogue>
      </xsl:document>
    </xsl:variable>
    <xsl:apply-templates select="$catalogue/s:catalogue"/>
  </xsl:template>

  <xsl:template match="s:catalogue" as="element()">
    <xsl:variable name="documents" as="element(s:document)*">
      <xsl:perform-sort select="s:document">
        <xsl:sort select="f:date-iso(TEI) = ''"/>
        <xsl:sort select="f:date-iso(TEI)"/>
        <xsl:sort select="f:title(TEI)"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:call-template name="s:page">
      <xsl:with-param name="given-title" select="string(@title)"/>
      <xsl:with-param name="count" select="count($documents)"/>
      <xsl:with-param name="archives" select="$documents ! f:archive(TEI)"/>
      <xsl:with-param name="languages" select="$documents ! s:language-names(TEI)"/>
      <xsl:with-param name="rows" as="element()*">
        <xsl:apply-templates select="$documents"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The page without its rows, for a site too big to hand over whole (encoder/site.py):
       the rows are made a few documents at a time by site-index-entries.xsl and put into
       the empty table body, in date order. The frame gives what the page says of them all:

         <s:frame title="…" documents="1000"><s:archive>…</s:archive>…<s:language>…</s:language>…</s:frame>
  -->
  <xsl:template match="s:frame" as="element()">
    <xsl:call-template name="s:page">
      <xsl:with-param name="given-title" select="string(@title)"/>
      <xsl:with-param name="count" select="xs:integer(@documents)"/>
      <xsl:with-param name="archives" select="s:archive ! string()"/>
      <xsl:with-param name="languages" select="s:language ! string()"/>
      <xsl:with-param name="rows" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="s:page" as="element()">
    <xsl:param name="given-title" as="xs:string"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:param name="archives" as="xs:string*"/>
    <xsl:param name="languages" as="xs:string*"/>
    <xsl:param name="rows" as="element()*"/>
    <xsl:variable name="title" as="xs:string" select="($given-title[normalize-space()], f:label('edition-title'))[1]"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title}</title>
        <link rel="stylesheet" href="{$assets-href}edition.css"/>
      </head>
      <body class="edition-index">
        <a class="skip-link" href="#documents-heading">{f:label('skip')}</a>
        <!-- entity views: the site's other pages (only in the site, which writes them) -->
        <xsl:if test="$search-index-href">
          <header class="site-header">
            <xsl:call-template name="e:site-nav">
              <xsl:with-param name="current" select="'index'"/>
            </xsl:call-template>
          </header>
        </xsl:if>
        <main id="main">
          <h1>{$title}</h1>
          <!-- Searching needs the script: without it the section stays hidden
               rather than offering a box that does nothing. -->
          <section class="search" aria-labelledby="search-heading" hidden="">
            <h2 id="search-heading">{f:label('search')}</h2>
            <form id="search-form" class="site-search" role="search" action="" method="get">
              <label for="search-query">{f:label('search-placeholder')}</label>
              <input id="search-query" name="q" type="search"/>
              <button type="submit">{f:label('search')}</button>
            </form>
            <p id="search-status" role="status" aria-live="polite"></p>
            <ol id="search-results" class="search-results"></ol>
          </section>
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading" tabindex="-1">{f:label('documents')} (<span id="document-count">{$count}</span>)</h2>
            <div class="index-controls" hidden="">
              <xsl:call-template name="s:filter">
                <xsl:with-param name="id" select="'filter-archive'"/>
                <xsl:with-param name="label" select="f:label('filter-archive')"/>
                <xsl:with-param name="values" select="sort(distinct-values($archives[.]))"/>
              </xsl:call-template>
              <xsl:call-template name="s:filter">
                <xsl:with-param name="id" select="'filter-language'"/>
                <xsl:with-param name="label" select="f:label('filter-language')"/>
                <xsl:with-param name="values" select="sort(distinct-values($languages))"/>
              </xsl:call-template>
              <!-- entity views: facets by the persons and places the documents name -->
              <xsl:for-each select="('person', 'place')[let $kind := . return exists($entity-facets/e:facets/e:entity[@kind = $kind])]">
                <xsl:variable name="kind" as="xs:string" select="."/>
                <label for="filter-{$kind}">{f:label('filter-' || $kind)}
                  <select id="filter-{$kind}" class="entity-facet" data-facet="{$kind}s">
                    <option value="">{f:label('filter-all')}</option>
                    <xsl:for-each select="$entity-facets/e:facets/e:entity[@kind = $kind]">
                      <option value="{@id}">{.}</option>
                    </xsl:for-each>
                  </select>
                </label>
              </xsl:for-each>
              <label for="filter-title">{f:label('filter-text')}<input id="filter-title" type="search"/></label>
            </div>
            <table class="document-table">
              <thead>
                <tr>
                  <th scope="col">{f:label('date')}</th>
                  <th scope="col">{f:label('documents')}</th>
                  <th scope="col">{f:label('archive')}</th>
                  <th scope="col">{f:label('original-language')}</th>
                  <th scope="col">{f:label('download')}</th>
                </tr>
              </thead>
              <tbody>
                <xsl:sequence select="$rows"/>
              </tbody>
            </table>
          </section>
        </main>
        <script src="{$search-index-href}"></script>
        <script src="{$assets-href}edition.js"></script>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="s:document" as="element()">
    <xsl:variable name="tei" as="element()" select="TEI"/>
    <xsl:variable name="facets" as="element(e:document)?" select="if ($entity-facets) then key('s:facets-by-id', @id, $entity-facets) else ()"/>
    <tr data-archive="{replace(f:archive($tei), '\s+', '_')}" data-languages="{string-join(s:language-names($tei) ! replace(., '\s+', '_'), ' ')}">
      <!-- entity views: the facets' values -->
      <xsl:if test="$facets">
        <xsl:attribute name="data-persons" select="$facets/@persons"/>
        <xsl:attribute name="data-places" select="$facets/@places"/>
      </xsl:if>
      <td>
        <xsl:choose>
          <xsl:when test="f:date-iso($tei)"><time datetime="{f:date-iso($tei)}">{f:date-text($tei)}</time></xsl:when>
          <xsl:otherwise>{f:date-text($tei)}</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@page != ''"><a href="{@page}">{f:title($tei)}</a></xsl:when>
          <xsl:otherwise>{f:title($tei)}</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>{f:archive($tei)}</td>
      <td>{string-join(s:language-names($tei), ', ')}</td>
      <td class="downloads-cell">
        <xsl:if test="@pdf != ''"><a href="{@pdf}" download="">{f:label('download-pdf')}</a></xsl:if>
        <xsl:if test="@pdf != '' and @tei != ''"><xsl:text> · </xsl:text></xsl:if>
        <xsl:if test="@tei != ''"><a href="{@tei}" download="">{f:label('download-tei')}</a></xsl:if>
      </td>
    </tr>
  </xsl:template>

  <xsl:function name="s:language-names" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="f:original-languages($tei) ! (normalize-space(.)[.], string(@ident))[1]"/>
  </xsl:function>

  <xsl:template name="s:filter" as="element()">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="values" as="xs:string*"/>
    <label for="{$id}">{$label}
      <select id="{$id}">
        <option value="">{f:label('filter-all')}</option>
        <xsl:for-each select="$values">
          <option value="{replace(., '\s+', '_')}">{.}</option>
        </xsl:for-each>
      </select>
    </label>
  </xsl:template>
</xsl:stylesheet>
