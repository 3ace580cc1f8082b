<?xml version="1.0" encoding="UTF-8"?>
<!--
  The entity views' shared layer: names (persName, placeName, orgName) that
  point into the edition's register (tei/registers.xml), their numbering, the
  reading view's links to entity pages and the site navigation of the pages
  the register adds. Their words are in common/labels.xsl, with every view's.

  Included (not imported) by html.xsl, site-index.xsl, entity-record.xsl,
  entity-index.xsl, entity-page.xsl and timeline.xsl, after they import
  common/common.xsl: its templates then outrank the common catch-all.

  A name is a "mention"; mentions are numbered in document order over the
  whole text (an accumulator, linear on long documents). entity-record.xsl
  reports the numbers and html.xsl writes them as the anchors id="name-N",
  so an entity page links to the very place a name stands. Names inside a
  footnote get no anchor: the footnote is written twice (pop-up and list).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:e="urn:x-tei-encoder:entities"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The reading view's links to the entity pages (the site sets it only
       when the edition has a register): the folder of the entity pages
       ("../entity/"), where each page ID.html has its card ID.js beside it.
       Empty: names are plain text, as without a register. -->
  <xsl:param name="entity-pages-href" as="xs:string" select="''"/>
  <!-- Links between the site's pages (index, entity indexes, timeline):
       the site root relative to the page ("", "../"); the index lists the
       entity pages only when the site has them ("yes"). -->
  <xsl:param name="site-root-href" as="xs:string" select="''"/>
  <xsl:param name="entity-index-pages" as="xs:string" select="''"/>
  <!-- site-index.xsl: the person and place of each document, for the facets
       (built by encoder/entity_pages.py, see docs/views.md). -->
  <xsl:param name="entity-facets" as="document-node()?" select="()"/>

  <xsl:accumulator name="e:mention-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//persName | text//placeName | text//orgName" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:variable name="e:kinds" as="map(xs:string, xs:string)"
      select="map { 'persName': 'person', 'placeName': 'place', 'orgName': 'org' }"/>

  <!-- The register entry a name points to: "registers.xml#person-x" (or
       "#person-x", or any path ending in registers.xml); empty when the name
       points nowhere, elsewhere, or to something that is no XML name. -->
  <xsl:function name="e:register-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="ref" as="xs:string" select="normalize-space($name/@ref)"/>
    <xsl:variable name="file" as="xs:string" select="substring-before($ref, '#')"/>
    <xsl:variable name="id" as="xs:string" select="substring-after($ref, '#')"/>
    <xsl:sequence select="if (contains($ref, '#') and ($file = '' or ends-with($file, 'registers.xml'))
        and $id castable as xs:NCName) then $id else ''"/>
  </xsl:function>

  <!-- The anchor of a mention in the reading view; empty inside a footnote. -->
  <xsl:function name="e:anchor" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if ($name/ancestor::note[f:is-footnote(.)]) then ''
        else 'name-' || $name/accumulator-before('e:mention-number')"/>
  </xsl:function>

  <!-- A name becomes a link unless it sits inside a name that already is one,
       or holds a link itself (a footnote call): links do not nest. -->
  <xsl:function name="e:is-linked" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="e:register-id($name) != ''
        and empty($name//(note | ref))
        and empty($name/ancestor::*[self::persName or self::placeName or self::orgName][e:register-id(.) != ''])"/>
  </xsl:function>

  <!-- Reading view, in the site with a register: the name links to its
       entity page (a plain link without JavaScript; edition.js opens the
       card on it) and carries its anchor. Otherwise exactly the common
       layer's rendering. -->
  <xsl:template match="persName | placeName | orgName" mode="text" as="node()*">
    <xsl:variable name="anchor" as="xs:string" select="e:anchor(.)"/>
    <xsl:choose>
      <xsl:when test="not($entity-pages-href)">
        <xsl:next-match/>
      </xsl:when>
      <xsl:when test="e:is-linked(.)">
        <xsl:variable name="id" as="xs:string" select="e:register-id(.)"/>
        <a class="tei-entity tei-entity-{$e:kinds(local-name())}" href="{$entity-pages-href}{encode-for-uri($id)}.html" data-entity="{$id}">
          <xsl:if test="$anchor"><xsl:attribute name="id" select="$anchor"/></xsl:if>
          <xsl:next-match/>
        </a>
      </xsl:when>
      <xsl:when test="$anchor">
        <span class="tei-entity-unlinked" id="{$anchor}"><xsl:next-match/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Reading view, in the site with a register: the words edition.js shows
       on the name cards and the highlighting switch, from common/labels.xsl
       like every other word of the views ({count} and {name} are filled in). -->
  <xsl:template name="e:card-words" as="element()?">
    <xsl:if test="$entity-pages-href">
      <xsl:variable name="words" as="element()">
        <map xmlns="http://www.w3.org/2005/xpath-functions">
          <xsl:for-each select="'highlight', 'person', 'place', 'org', 'variants', 'card-documents-one',
              'card-documents-many', 'card-more', 'card-page', 'close'">
            <string key="{.}">{f:label(.)}</string>
          </xsl:for-each>
        </map>
      </xsl:variable>
      <script type="application/json" id="entity-card-words">{xml-to-json($words)}</script>
    </xsl:if>
  </xsl:template>

  <!-- The navigation between the site's pages, on the index, the entity
       pages and the timeline. -->
  <xsl:template name="e:site-nav" as="element()">
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="root" as="xs:string" select="$site-root-href"/>
    <xsl:param name="with-entities" as="xs:boolean" select="$entity-index-pages = 'yes'"/>
    <nav class="site-pages" aria-label="{f:label('site-pages')}">
      <ul>
        <xsl:for-each select="(['index', f:label('home'), 'index.html'],
            (['persons', f:label('persons'), 'persons.html'],
             ['places', f:label('places'), 'places.html'],
             ['orgs', f:label('orgs'), 'organisations.html'])[$with-entities],
            ['timeline', f:label('timeline'), 'timeline.html'])">
          <li>
            <a href="{$root}{?3}">
              <xsl:if test="?1 = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <xsl:text>{?2}</xsl:text>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <!-- The shell of the entity indexes, entity pages and the timeline. -->
  <xsl:template name="e:page" as="element()">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string"/>
    <xsl:param name="body-class" as="xs:string"/>
    <xsl:param name="content" as="element()*"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title}</title>
        <link rel="stylesheet" href="{$assets-href}edition.css"/>
      </head>
      <body class="edition-index {$body-class}">
        <a class="skip-link" href="#main-heading">{f:label('skip')}</a>
        <header class="site-header">
          <xsl:call-template name="e:site-nav">
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
        </header>
        <main id="main">
          <h1 id="main-heading" tabindex="-1">{$title}</h1>
          <xsl:sequence select="$content"/>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
