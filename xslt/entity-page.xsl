<?xml version="1.0" encoding="UTF-8"?>
<!--
  entity/ID.html: one person, place or organisation: its preferred name,
  other spellings, authority files, the register's note, and every document
  that names it under any spelling, with the spellings used there and a link
  to each place (the reading view's anchors name-N). Input, built by
  encoder/entity_pages.py (entity_page_source):

    <e:entity xmlns:e="urn:x-tei-encoder:entities" id="person-kim-il-sung" kind="person" registered="yes">
      <e:preferred>Kim Il Sung</e:preferred>
      <e:variant subtype="revised-romanization">Kim Il-seong</e:variant>
      <e:authority source="Wikidata" identifier="Q39031" url="https://www.wikidata.org/wiki/Q39031"/>
      <e:note>…</e:note>
      <e:document url="documents/x.html" title="…" date="…" when="1965-02-10" lang="en">
        <e:mention anchor="name-1">Kim Ir Sen</e:mention>
      </e:document>
    </e:entity>

  An entity named in many documents comes as a frame, without its e:document
  elements and with their number (documents="1000"); their list items are made
  a hundred at a time by entity-page-rows.xsl and put into the empty list
  (encoder/entity_pages.py, entity_page).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    xmlns:e="urn:x-tei-encoder:entities"
    xpath-default-namespace="urn:x-tei-encoder:entities"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common/common.xsl"/>
  <xsl:include href="entity-common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode on-no-match="fail" on-multiple-match="fail"/>

  <xsl:template match="/" as="element()">
    <xsl:variable name="entity" as="element(e:entity)" select="entity"/>
    <xsl:call-template name="e:page">
      <xsl:with-param name="title" select="string($entity/preferred)"/>
      <xsl:with-param name="current" select="''"/>
      <xsl:with-param name="body-class" select="'entity-page entity-page-' || $entity/@kind"/>
      <xsl:with-param name="content" as="element()*">
        <p class="entity-kind">
          <a href="{$site-root-href}{map { 'person': 'persons', 'place': 'places', 'org': 'organisations' }($entity/@kind)}.html#{$entity/@id}">{f:label($entity/@kind || 's')}</a>
        </p>
        <xsl:if test="$entity/@registered = 'no'">
          <p class="entity-unregistered-note">{f:label('not-in-register')}</p>
        </xsl:if>
        <dl class="entity-facts">
          <xsl:if test="$entity/variant">
            <div>
              <dt>{f:label('variants')}</dt>
              <dd>
                <ul>
                  <xsl:for-each select="$entity/variant">
                    <li>{.}<xsl:if test="@subtype != ''"><xsl:text> </xsl:text><span class="entity-subtype">({translate(@subtype, '-', ' ')})</span></xsl:if></li>
                  </xsl:for-each>
                </ul>
              </dd>
            </div>
          </xsl:if>
          <xsl:if test="$entity/authority">
            <div>
              <dt>{f:label('authority')}</dt>
              <dd>
                <ul>
                  <xsl:for-each select="$entity/authority">
                    <li>
                      <xsl:choose>
                        <xsl:when test="@url != ''"><a href="{@url}" rel="external">{@source} {@identifier}</a></xsl:when>
                        <xsl:otherwise>{@source} {@identifier}</xsl:otherwise>
                      </xsl:choose>
                    </li>
                  </xsl:for-each>
                </ul>
              </dd>
            </div>
          </xsl:if>
        </dl>
        <xsl:if test="$entity/note">
          <p class="entity-note">{$entity/note}</p>
        </xsl:if>
        <section aria-labelledby="documents-heading">
          <!-- @documents: a frame without its rows (entity-page-rows.xsl) says how many there are -->
          <h2 id="documents-heading">{f:label('mentioned-in')} ({($entity/@documents, count($entity/document))[1]})</h2>
          <ol class="entity-documents">
            <xsl:apply-templates select="$entity/document"/>
          </ol>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="document" as="element()">
    <li>
      <a href="{$site-root-href}{@url}" lang="{@lang}">{@title}</a>
      <xsl:if test="@date != ''">
        <xsl:text> (</xsl:text>
        <xsl:choose>
          <xsl:when test="@when != ''"><time datetime="{@when}">{@date}</time></xsl:when>
          <xsl:otherwise>{@date}</xsl:otherwise>
        </xsl:choose>
        <xsl:text>)</xsl:text>
      </xsl:if>
      <xsl:text>: {f:label('spellings-used')} </xsl:text>
      <xsl:for-each-group select="mention" group-by="string(.)">
        <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
        <span class="entity-spelling" lang="{../@lang}">“{current-grouping-key()}”</span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="current-group()">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:choose>
            <xsl:when test="@anchor != ''">
              <a class="entity-place" href="{$site-root-href}{../@url}#{@anchor}" aria-label="{current-grouping-key()}, {position()}">[{position()}]</a>
            </xsl:when>
            <xsl:otherwise>
              <a class="entity-place" href="{$site-root-href}{../@url}" aria-label="{current-grouping-key()}, {position()}">[{position()}]</a>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:for-each-group>
    </li>
  </xsl:template>
</xsl:stylesheet>
