<?xml version="1.0" encoding="UTF-8"?>
<!--
  timeline.html: the documents by year and month of their date (the
  document's date as every view takes it: f:date-iso, creation date first),
  with the dates their texts name (date/@when|@from|@notBefore) in the month
  they fall in; undated documents last. Input, built by
  encoder/entity_pages.py (timeline_source), already in order:

    <e:timeline xmlns:e="urn:x-tei-encoder:entities">
      <e:year value="1965">
        <e:month value="02">   (value="" : the date gives only the year)
          <e:document url="documents/x.html" title="…" date="…" when="1965-02-10" lang="en"/>
          <e:named-date when="1965-02-14" url="documents/y.html" title="…" lang="en">14 February</e:named-date>
        </e:month>
      </e:year>
      <e:undated><e:document …/></e:undated>
    </e:timeline>

  A timeline of many documents comes as a frame: each e:month without its
  children, with their numbers (documents="12" named-dates="3"), e:undated
  empty; the list items are made a hundred at a time by timeline-rows.xsl and
  put into the empty lists in order (encoder/entity_pages.py, timeline_page).
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
    <xsl:call-template name="e:page">
      <xsl:with-param name="title" select="f:label('timeline')"/>
      <xsl:with-param name="current" select="'timeline'"/>
      <xsl:with-param name="body-class" select="'timeline'"/>
      <xsl:with-param name="content" as="element()*">
        <xsl:apply-templates select="timeline/(year, undated)"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="year" as="element()">
    <section class="timeline-year" id="year-{@value}" aria-labelledby="year-{@value}-heading">
      <h2 id="year-{@value}-heading">{@value}</h2>
      <xsl:apply-templates select="month"/>
    </section>
  </xsl:template>

  <xsl:template match="month" as="element()">
    <section class="timeline-month" id="month-{../@value}-{(@value[. != ''], 'xx')[1]}">
      <h3>{if (@value != '') then $f:month-names[xs:integer(current()/@value)] || ' ' || ../@value else f:label('month-unknown')}</h3>
      <!-- @documents, @named-dates: a frame without its rows (timeline-rows.xsl) says how many there are -->
      <xsl:if test="document or @documents">
        <ol class="timeline-documents">
          <xsl:apply-templates select="document"/>
        </ol>
      </xsl:if>
      <xsl:if test="named-date or @named-dates">
        <details class="timeline-named-dates">
          <summary>{f:label('dates-mentioned')} ({(@named-dates, count(named-date))[1]})</summary>
          <ul>
            <xsl:apply-templates select="named-date"/>
          </ul>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="document" as="element()">
    <li>
      <xsl:if test="@when != ''"><time datetime="{@when}">{(@date[. != ''], @when)[1]}</time><xsl:text>: </xsl:text></xsl:if>
      <xsl:if test="@when = '' and @date != ''">{@date}<xsl:text>: </xsl:text></xsl:if>
      <a href="{$site-root-href}{@url}" lang="{@lang}">{@title}</a>
    </li>
  </xsl:template>

  <xsl:template match="named-date" as="element()">
    <li>
      <time datetime="{@when}" lang="{@lang}">{.}</time>
      <xsl:text> — </xsl:text>
      <a href="{$site-root-href}{@url}" lang="{@lang}">{@title}</a>
    </li>
  </xsl:template>

  <xsl:template match="undated" as="element()">
    <section class="timeline-year" id="undated" aria-labelledby="undated-heading">
      <h2 id="undated-heading">{f:label('undated')}</h2>
      <ol class="timeline-documents">
        <xsl:apply-templates select="document"/>
      </ol>
    </section>
  </xsl:template>
</xsl:stylesheet>
