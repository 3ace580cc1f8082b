<?xml version="1.0" encoding="UTF-8"?>
<!--
  Every word a view shows that does not come from the document: metadata
  field names, explanations of editorial signs, control labels. Kept apart so
  that a translation of the interface touches one file.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-tei-encoder:functions"
    exclude-result-prefixes="#all">

  <xsl:variable name="f:labels" as="map(xs:string, xs:string)" select="map {
      'about': 'About this document',
      'date': 'Date',
      'citation': 'Citation',
      'archive': 'Archive',
      'identifiers': 'Archival identifiers',
      'folios': 'Pages',
      'translated-by': 'Translated by',
      'obtained-by': 'Obtained by',
      'obtained-and-translated-by': 'Obtained and translated by',
      'responsibility': 'Responsibility',
      'funder': 'Funder',
      'original-language': 'Original language',
      'translation-language': 'Language of this text',
      'summary': 'Summary',
      'source': 'Source',
      'publisher': 'Publisher',
      'variant-reading': 'Variant reading',
      'omitted-reading': 'omitted',
      'distributor': 'Published by the archive',
      'identifier': 'Permanent address',
      'licence': 'Licence and availability',
      'editor': 'Editor',
      'text': 'Text',
      'notes': 'Notes',
      'back-to-text': 'Back to the text',
      'note': 'Note',
      'close': 'Close',
      'view-switch': 'Display',
      'diplomatic': 'Diplomatic view (all editorial signs)',
      'diplomatic-short': 'Diplomatic',
      'reading': 'Clean reading view',
      'reading-short': 'Reading',
      'alternates': 'Alternate forms and glosses',
      'skip': 'Skip to the text',
      'home': 'All documents',
      'download': 'Download',
      'download-pdf': 'PDF',
      'download-tei': 'TEI XML',
      'review': 'Review the converter’s doubtful decisions (for editors)',
      'search': 'Search the edition',
      'search-placeholder': 'Words to find',
      'key': 'Editorial signs',
      'key-supplied': 'words supplied by the translator or editor',
      'key-gap': 'passage omitted, redacted or illegible',
      'key-pb': 'start of a page of the archival original',
      'key-pb-page': 'page number of the typescript or PDF, as written',
      'key-note': 'footnote: select to read it',
      'key-alt': 'another romanization, an expansion or a gloss',
      'key-sic': 'so in the original',
      'supplied-by': 'Supplied by',
      'supplied-uncertain': 'reading uncertain',
      'omitted': 'Passage omitted',
      'redacted': 'Redacted',
      'illegible': 'Illegible',
      'gap': 'Gap in the text',
      'page': 'Archival page',
      'typescript-page': 'Page of the typescript',
      'language-note': 'Translator’s note: the language of the original',
      'credits': 'Credits',
      'seam': 'A paragraph the transcript split here has been joined',
      'sic': 'sic: so in the original',
      'expansion': 'Expansion',
      'abbreviation': 'Abbreviation',
      'original-form': 'Original form',
      'gloss': 'Gloss',
      'correction': 'Correction',
      'also': 'Also written',
      'translator-note': 'Translator’s note',
      'editorial-note': 'Editorial note',
      'untitled': 'Untitled document',
      'page-of-print': 'Page',
      'documents': 'Documents',
      'edition-title': 'Edition of archival translations',
      'filter-archive': 'Archive',
      'filter-language': 'Original language',
      'filter-all': 'All',
      'filter-text': 'Filter by title',
      'site-pages': 'Edition',
      'persons': 'Persons',
      'places': 'Places',
      'orgs': 'Organisations',
      'timeline': 'Timeline',
      'filter-person': 'Person',
      'filter-place': 'Place',
      'name': 'Name',
      'variants': 'Other spellings',
      'documents-count': 'Documents',
      'mentioned-in': 'Named in',
      'spellings-used': 'as',
      'authority': 'Authority files',
      'unregistered': 'Names not in the register',
      'unregistered-intro': 'These names are tagged in the texts but point to no entry of the register.',
      'not-in-register': 'This entry is named in the texts but missing from the register.',
      'undated': 'Undated',
      'month-unknown': 'Month not stated',
      'dates-mentioned': 'Dates named in the texts',
      'highlight': 'Highlight names',
      'person': 'Person',
      'place': 'Place',
      'org': 'Organisation',
      'card-documents-one': 'Named in 1 document:',
      'card-documents-many': 'Named in {count} documents:',
      'card-more': '… and {count} more (see the page)',
      'card-page': 'All about {name}'
  }"/>

  <!-- The timeline's months. -->
  <xsl:variable name="f:month-names" as="xs:string+" select="('January', 'February', 'March', 'April', 'May', 'June',
      'July', 'August', 'September', 'October', 'November', 'December')"/>

  <!-- Reason codes of supplied/@reason, in words. -->
  <xsl:variable name="f:supplied-reasons" as="map(xs:string, xs:string)" select="map {
      'clarification': 'clarification',
      'subject': 'implied subject',
      'name-completion': 'completed name',
      'date-completion': 'completed date',
      'omitted-in-original': 'omitted in the original'
  }"/>

  <!-- Unit names for gap/@unit, singular and plural. -->
  <xsl:variable name="f:units" as="map(xs:string, array(xs:string))" select="map {
      'page': ['page', 'pages'],
      'word': ['word', 'words'],
      'words': ['word', 'words'],
      'line': ['line', 'lines'],
      'char': ['character', 'characters'],
      'paragraph': ['paragraph', 'paragraphs']
  }"/>

  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($f:labels($key), $key)[1]"/>
  </xsl:function>
</xsl:stylesheet>
