<?xml version="1.0" encoding="UTF-8"?>
<!--
  persons.html, places.html, organisations.html: the entities of one kind
  (preferred name, other spellings, number of documents, a link to each
  entity's page), then the names of that kind that point to no register
  entry, with the documents and places they stand in. Input, built by
  encoder/entity_pages.py (entity_index_source):

    <e:index xmlns:e="urn:x-tei-encoder:entities" kind="person">
      <e:entity id="person-kim-il-sung" registered="yes" documents="2">
        <e:preferred>Kim Il Sung</e:preferred><e:variant subtype="…">Kim Ir Sen</e:variant>
      </e:entity>
      <e:unregistered>
        <e:name>Kim</e:name>…<e:document url="documents/x.html" title="…" lang="en" …><e:mention anchor="name-3">Kim</e:mention></e:document>
      </e:unregistered>
    </e:index>
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
    <xsl:variable name="index" as="element(e:index)" select="index"/>
    <xsl:call-template name="e:page">
      <xsl:with-param name="title" select="f:label($index/@kind || 's')"/>
      <xsl:with-param name="current" select="$index/@kind || 's'"/>
      <xsl:with-param name="body-class" select="'entity-index'"/>
      <xsl:with-param name="content" as="element()*">
        <table class="entity-table">
          <thead>
            <tr>
              <th scope="col">{f:label('name')}</th>
              <th scope="col">{f:label('variants')}</th>
              <th scope="col">{f:label('documents-count')}</th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="$index/entity"/>
          </tbody>
        </table>
        <xsl:apply-templates select="$index/unregistered"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="entity" as="element()">
    <tr id="{@id}">
      <th scope="row">
        <a href="{$site-root-href}entity/{encode-for-uri(@id)}.html">{preferred}</a>
        <xsl:if test="@registered = 'no'">
          <xsl:text> </xsl:text><span class="entity-unregistered-mark" title="{f:label('not-in-register')}">*</span>
        </xsl:if>
      </th>
      <td>{string-join(variant, '; ')}</td>
      <td>{@documents}</td>
    </tr>
  </xsl:template>

  <xsl:template match="unregistered" as="element()">
    <section class="entity-unregistered" aria-labelledby="unregistered-heading">
      <h2 id="unregistered-heading">{f:label('unregistered')}</h2>
      <p>{f:label('unregistered-intro')}</p>
      <ul class="entity-documents">
        <xsl:apply-templates select="name"/>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="name" as="element()">
    <li>
      <span class="entity-name">{text()}</span>
      <xsl:text>: </xsl:text>
      <xsl:for-each select="document">
        <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
        <a href="{$site-root-href}{@url}{mention[@anchor != ''][1]/@anchor ! ('#' || .)}" lang="{@lang}">{@title}</a>
      </xsl:for-each>
    </li>
  </xsl:template>
</xsl:stylesheet>
