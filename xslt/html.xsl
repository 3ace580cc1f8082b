<?xml version="1.0" encoding="UTF-8"?>
<!--
  Reading view: one TEI document as a self-contained, accessible HTML page.
  Metadata panel, the text with every editorial sign explained, footnotes as
  pop-ups at their markers and as a numbered list with back-links, and a
  switch between the diplomatic and the clean reading view (edition.js sets
  body/@data-view; edition.css hides what a view does not show).
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
  <!-- entity views: names linked to their pages and cards (site with a register) -->
  <xsl:include href="entity-common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>
  <xsl:mode name="note-list" on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/" as="element()">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="/*" as="element()">
    <xsl:variable name="title" as="xs:string" select="f:title(.)"/>
    <xsl:variable name="footnotes" as="element()*" select="text//note[f:is-footnote(.)]"/>
    <html lang="{f:text-language(.)}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title}</title>
        <xsl:call-template name="f:discovery-meta">
          <xsl:with-param name="pdf-href" select="$pdf-href"/>
        </xsl:call-template>
        <xsl:call-template name="f:style"/>
      </head>
      <body class="tei-page" data-view="{$initial-view}" data-alternates="shown">
        <a class="skip-link" href="#text">{f:label('skip')}</a>
        <xsl:if test="$home-href">
          <header class="site-header">
            <xsl:choose>
              <!-- entity views: with a register, the site's pages (index, persons, places, organisations, timeline) -->
              <xsl:when test="$entity-pages-href">
                <xsl:call-template name="e:site-nav">
                  <xsl:with-param name="root" select="replace($home-href, 'index\.html$', '')"/>
                  <xsl:with-param name="with-entities" select="true()"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <nav aria-label="{f:label('edition-title')}">
                  <a href="{$home-href}">{f:label('home')}</a>
                </nav>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$search-index-href">
              <!-- hidden until the script runs: the index's search is the script's -->
              <form class="site-search" role="search" action="{$home-href}" method="get" hidden="">
                <label for="site-search-query">{f:label('search')}</label>
                <input id="site-search-query" name="q" type="search" placeholder="{f:label('search-placeholder')}"/>
                <button type="submit">{f:label('search')}</button>
              </form>
            </xsl:if>
          </header>
        </xsl:if>
        <main id="main">
          <article class="tei-document" aria-labelledby="document-title">
            <header class="document-header">
              <h1 id="document-title">{$title}</h1>
              <xsl:if test="f:date-text(.)">
                <p class="document-date">{f:date-text(.)}</p>
              </xsl:if>
              <xsl:if test="$pdf-href or $tei-href">
                <p class="downloads">{f:label('download')}:
                  <xsl:if test="$pdf-href"><a href="{$pdf-href}" download="">{f:label('download-pdf')}</a></xsl:if>
                  <xsl:if test="$pdf-href and $tei-href"> · </xsl:if>
                  <xsl:if test="$tei-href"><a href="{$tei-href}" download="">{f:label('download-tei')}</a></xsl:if>
                </p>
              </xsl:if>
              <xsl:if test="$review-href">
                <p class="editor-review" hidden=""><a href="{$review-href}">{f:label('review')}</a></p>
              </xsl:if>
            </header>
            <div class="view-controls" role="group" aria-label="{f:label('view-switch')}" hidden="">
              <button type="button" data-set-view="diplomatic" aria-pressed="{$initial-view = 'diplomatic'}" title="{f:label('diplomatic')}">{f:label('diplomatic-short')}</button>
              <button type="button" data-set-view="reading" aria-pressed="{$initial-view = 'reading'}" title="{f:label('reading')}">{f:label('reading-short')}</button>
              <button type="button" data-toggle-alternates="" aria-pressed="true">{f:label('alternates')}</button>
            </div>
            <div class="document-layout">
              <aside class="metadata" aria-labelledby="metadata-heading">
                <h2 id="metadata-heading">{f:label('about')}</h2>
                <xsl:call-template name="f:metadata-list"/>
                <xsl:call-template name="f:sign-key"/>
              </aside>
              <section id="text" class="document-text" lang="{f:text-language(.)}" aria-label="{f:label('text')}" tabindex="-1">
                <xsl:apply-templates select="text" mode="text"/>
              </section>
            </div>
            <xsl:if test="exists($footnotes)">
              <section class="notes" aria-labelledby="notes-heading" role="doc-endnotes">
                <h2 id="notes-heading">{f:label('notes')}</h2>
                <ol class="note-list">
                  <xsl:apply-templates select="$footnotes" mode="note-list"/>
                </ol>
              </section>
            </xsl:if>
          </article>
        </main>
        <xsl:call-template name="f:script"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="f:style" as="element()">
    <xsl:choose>
      <xsl:when test="$assets-href">
        <link rel="stylesheet" href="{$assets-href}edition.css"/>
      </xsl:when>
      <xsl:otherwise>
        <style>{($inline-css[.], f:asset-text('edition.css'))[1]}</style>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="f:script" as="element()*">
    <!-- entity views: the words of the name cards, before the script that shows them -->
    <xsl:call-template name="e:card-words"/>
    <xsl:choose>
      <xsl:when test="$assets-href">
        <script src="{$assets-href}edition.js"></script>
      </xsl:when>
      <xsl:otherwise>
        <script>{($inline-js[.], f:asset-text('edition.js'))[1]}</script>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The key to the signs, drawn with the same classes as the text so it
       shows exactly what the reader sees. -->
  <xsl:template name="f:sign-key" as="element()">
    <details class="sign-key">
      <summary>{f:label('key')}</summary>
      <dl>
        <div><dt><span class="tei-supplied"><span class="tei-sign">[</span>word<span class="tei-sign">]</span></span></dt><dd>{f:label('key-supplied')}</dd></div>
        <div><dt><span class="tei-gap">[…]</span></dt><dd>{f:label('key-gap')}</dd></div>
        <div><dt><span class="tei-pb tei-pb-key"><span class="tei-pb-number">15</span></span></dt><dd>{f:label('key-pb')}</dd></div>
        <div><dt><span class="tei-pb tei-pb-page tei-pb-key"><span class="tei-pb-number">- 2 -</span></span></dt><dd>{f:label('key-pb-page')}</dd></div>
        <div><dt><sup class="tei-note-call-key">1</sup></dt><dd>{f:label('key-note')}</dd></div>
        <div><dt><span class="tei-alt-key">[form]</span></dt><dd>{f:label('key-alt')}</dd></div>
        <div><dt>[sic]</dt><dd>{f:label('key-sic')}</dd></div>
      </dl>
    </details>
  </xsl:template>

  <!-- Footnote at its marker: a link to the numbered list (works without
       JavaScript), enhanced by edition.js into a pop-up disclosure. -->
  <xsl:template match="note" mode="footnote" as="element()">
    <xsl:variable name="key" as="xs:string" select="f:note-key(.)"/>
    <xsl:variable name="number" as="xs:integer" select="accumulator-before('f:footnote-number')"/>
    <span class="tei-note-call">
      <sup>
        <!-- The accessible name holds the visible text ("Note *1"), so speech
             input can call the link by what it shows. -->
        <xsl:variable name="shown" as="xs:string" select="(@n[. != string($number)], '')[1] || $number"/>
        <a class="tei-note-ref" id="ref-{$key}" href="#{$key}" role="doc-noteref"
            aria-controls="popup-{$key}" aria-expanded="false" aria-label="{f:label('note')} {$shown}">
          <xsl:if test="@n and @n != string($number)">
            <span class="tei-sign">{@n}</span>
          </xsl:if>
          <xsl:text>{$number}</xsl:text>
        </a>
      </sup>
      <span class="tei-note-popup" id="popup-{$key}" role="note" aria-label="{f:label('note')} {$number}" hidden="">
        <span class="tei-note-popup-number" aria-hidden="true">{$number}.</span>
        <xsl:text> </xsl:text>
        <xsl:apply-templates mode="text"/>
        <button type="button" class="tei-note-close" aria-label="{f:label('close')}">×</button>
      </span>
    </span>
  </xsl:template>

  <xsl:template match="note" mode="note-list" as="element()">
    <xsl:variable name="key" as="xs:string" select="f:note-key(.)"/>
    <li id="{$key}" class="{f:css-class(.)}">
      <xsl:apply-templates mode="text"/>
      <xsl:text> </xsl:text>
      <a class="tei-note-backlink" href="#ref-{$key}"><span aria-hidden="true">↩</span><span class="visually-hidden">{f:label('back-to-text')} ({f:label('note')} {accumulator-before('f:footnote-number')})</span></a>
    </li>
  </xsl:template>
</xsl:stylesheet>
