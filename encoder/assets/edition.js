/* tei-encoder reading view and edition site: view switch, footnote pop-ups,
   index filters and full-text search. Plain JavaScript, no dependencies, no
   network: the search index arrives as a script (search-index.js) because
   browsers refuse fetch() on file:// pages. */
(function () {
  "use strict";

  var body = document.body;

  function remember(key, value) {
    try { window.localStorage.setItem("tei-encoder." + key, value); } catch (error) { /* storage disabled */ }
  }
  function recall(key) {
    try { return window.localStorage.getItem("tei-encoder." + key); } catch (error) { return null; }
  }

  /* ---------- editors: the review link, shown only when asked ---------- */

  // Readers never see it; an editor opens a page once with ?editor or #editor
  // and the choice is remembered for the other pages of the edition.
  if (/[?&#]editor\b/.test(window.location.search + window.location.hash)) { remember("editor", "yes"); }
  if (recall("editor") === "yes") {
    document.querySelectorAll(".editor-review").forEach(function (element) { element.hidden = false; });
  }

  /* ---------- diplomatic / reading view, alternate forms ---------- */

  function setView(view) {
    body.setAttribute("data-view", view);
    document.querySelectorAll("[data-set-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-view") === view));
    });
    remember("view", view);
  }

  function setAlternates(shown) {
    body.setAttribute("data-alternates", shown ? "shown" : "hidden");
    document.querySelectorAll("[data-toggle-alternates]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(shown));
    });
    remember("alternates", shown ? "shown" : "hidden");
  }

  var controls = document.querySelector(".view-controls");
  if (controls) {
    controls.hidden = false;
    var savedView = recall("view");
    if (savedView === "diplomatic" || savedView === "reading") { setView(savedView); }
    var savedAlternates = recall("alternates");
    if (savedAlternates) { setAlternates(savedAlternates === "shown"); }
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-set-view")) {
        var view = button.getAttribute("data-set-view");
        setView(view);
        /* the clean view hides alternates until asked for */
        setAlternates(view === "diplomatic");
      } else if (button.hasAttribute("data-toggle-alternates")) {
        setAlternates(body.getAttribute("data-alternates") !== "shown");
      }
    });
  }

  /* ---------- footnote pop-ups ---------- */

  var openNote = null;

  function closeNote(returnFocus) {
    if (!openNote) { return; }
    var popup = document.getElementById(openNote.getAttribute("aria-controls"));
    if (popup) { popup.hidden = true; }
    openNote.setAttribute("aria-expanded", "false");
    if (returnFocus) { openNote.focus(); }
    openNote = null;
  }

  function openNoteFor(reference) {
    closeNote(false);
    var popup = document.getElementById(reference.getAttribute("aria-controls"));
    if (!popup) { return; }
    popup.hidden = false;
    reference.setAttribute("aria-expanded", "true");
    openNote = reference;
    var closeButton = popup.querySelector(".tei-note-close");
    if (closeButton) { closeButton.focus(); }
  }

  document.addEventListener("click", function (event) {
    var reference = event.target.closest(".tei-note-ref");
    if (reference) {
      event.preventDefault();
      if (openNote === reference) { closeNote(true); } else { openNoteFor(reference); }
      return;
    }
    if (event.target.closest(".tei-note-close")) {
      closeNote(true);
      return;
    }
    if (openNote && !event.target.closest(".tei-note-popup")) { closeNote(false); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && openNote) { closeNote(true); }
  });

  // Focus that leaves the note and its call closes the pop-up: a keyboard
  // user who tabs on does not leave it covering the text.
  document.addEventListener("focusin", function (event) {
    if (!openNote) { return; }
    var popup = document.getElementById(openNote.getAttribute("aria-controls"));
    if (event.target === openNote || (popup && popup.contains(event.target))) { return; }
    closeNote(false);
  });

  /* ---------- index page: filters ---------- */

  var table = document.querySelector(".document-table");
  if (table) {
    var archiveFilter = document.getElementById("filter-archive");
    var languageFilter = document.getElementById("filter-language");
    var titleFilter = document.getElementById("filter-title");
    var countOutput = document.getElementById("document-count");
    var applyFilters = function () {
      var archive = archiveFilter ? archiveFilter.value : "";
      var language = languageFilter ? languageFilter.value : "";
      var words = titleFilter ? titleFilter.value.toLowerCase().trim() : "";
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var visible = (!archive || row.getAttribute("data-archive") === archive)
          && (!language || (" " + row.getAttribute("data-languages") + " ").indexOf(" " + language + " ") >= 0)
          && (!words || row.textContent.toLowerCase().indexOf(words) >= 0)
          && entityFacetsAllow(row); /* entity views: person and place facets */
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (countOutput) { countOutput.textContent = String(shown); }
    };
    [archiveFilter, languageFilter, titleFilter].concat(entityFacetControls()).forEach(function (control) {
      if (control) { control.addEventListener("input", applyFilters); }
    });
    document.querySelectorAll(".index-controls").forEach(function (element) { element.hidden = false; });
    applyFilters();
  }

  /* ---------- full-text search ---------- */

  // The search boxes are in the page hidden: they work only with this script.
  document.querySelectorAll("form.site-search, section.search").forEach(function (element) { element.hidden = false; });

  var searchForm = document.getElementById("search-form");
  var searchIndex = window.teiEditionSearchIndex;
  if (searchForm && searchIndex) {
    var queryInput = document.getElementById("search-query");
    var resultList = document.getElementById("search-results");
    var status = document.getElementById("search-status");

    /* entity views: phrase search and ranking (searchQuery, rankDocuments, below) */
    var snippet = function (text, query) {
      var found = firstMatch(text, query);
      if (!found) { return null; }
      var start = Math.max(0, found.start - 60);
      var end = Math.min(text.length, found.end + 60);
      var fragment = document.createDocumentFragment();
      fragment.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, found.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(found.start, found.end);
      fragment.appendChild(mark);
      fragment.appendChild(document.createTextNode(text.slice(found.end, end) + (end < text.length ? "…" : "")));
      return fragment;
    };

    var runSearch = function (queryText) {
      var query = searchQuery(queryText);
      resultList.textContent = "";
      if (query.phrases.length === 0 && query.words.length === 0) { status.textContent = ""; return; }
      var ranked = rankDocuments(searchIndex.documents, query);
      ranked.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.url;
        link.textContent = entry.title;
        item.appendChild(link);
        if (entry.date) { item.appendChild(document.createTextNode(" (" + entry.date + ")")); }
        var context = snippet(entry.text, query);
        if (context) {
          var span = document.createElement("span");
          span.className = "search-snippet";
          span.appendChild(context);
          item.appendChild(span);
        }
        resultList.appendChild(item);
      });
      var hits = ranked.length;
      status.textContent = hits === 1 ? "1 document found" : hits + " documents found";
    };

    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      runSearch(queryInput.value);
    });
    var initialQuery = new URLSearchParams(window.location.search).get("q");
    if (initialQuery) {
      queryInput.value = initialQuery;
      runSearch(initialQuery);
    }
  }

  /* ==== entity views: phrase search, ranking, facets, name cards ==== */

  /* ---------- search: words and "quoted phrases", ranked ---------- */

  // Case and accents are folded; a word is a run of letters and digits, so
  // "Kim Il-sung" and "Kim Il Sung" are the same three words. A query word
  // matches a word of the text that begins with it ("korea" finds "Korean");
  // a phrase matches its words in a row, whole.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // (No "var" these functions read: the search above runs before this block,
  // when such a variable would still be undefined.)
  function wordsOf(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  function searchQuery(text) {
    var phrases = [];
    var rest = text.replace(/"([^"]*)("|$)/g, function (quoted, inside) {
      var words = wordsOf(inside);
      if (words.length > 0) { phrases.push(words); }
      return " ";
    });
    return { phrases: phrases, words: wordsOf(rest) };
  }

  function countWord(words, word) {
    var count = 0;
    for (var i = 0; i < words.length; i += 1) { if (words[i].indexOf(word) === 0) { count += 1; } }
    return count;
  }
  function countPhrase(words, phrase) {
    var count = 0;
    for (var i = 0; i + phrase.length <= words.length; i += 1) {
      var j = 0;
      while (j < phrase.length && words[i + j] === phrase[j]) { j += 1; }
      if (j === phrase.length) { count += 1; }
    }
    return count;
  }

  // Each document's words, split once, on first search.
  function documentWords(entry) {
    if (!documentWords.cache) { documentWords.cache = new WeakMap(); }
    var cached = documentWords.cache.get(entry);
    if (!cached) {
      cached = { title: wordsOf(entry.title || ""), text: wordsOf(entry.text || "") };
      documentWords.cache.set(entry, cached);
    }
    return cached;
  }

  // Every phrase and every word must be found (in the title or the text).
  // Score: each term weighs log(1 + N/df) (rarer terms count more); a phrase
  // counts three times a word, a term in the title four times one in the
  // text, repeated occurrences add less and less. Ties keep date order.
  function rankDocuments(entries, query) {
    var terms = query.phrases.map(function (phrase) { return { words: phrase, phrase: true }; })
      .concat(query.words.map(function (word) { return { words: [word], phrase: false }; }));
    var counts = entries.map(function (entry) {
      var words = documentWords(entry);
      return terms.map(function (term) {
        var count = term.phrase ? countPhrase : function (list, words) { return countWord(list, words[0]); };
        return { title: count(words.title, term.words), text: count(words.text, term.words) };
      });
    });
    var frequency = terms.map(function (term, t) {
      return counts.filter(function (found) { return found[t].title + found[t].text > 0; }).length;
    });
    var scored = [];
    entries.forEach(function (entry, index) {
      var found = counts[index];
      if (!found.every(function (where) { return where.title + where.text > 0; })) { return; }
      var score = 0;
      terms.forEach(function (term, t) {
        var weight = Math.log(1 + entries.length / frequency[t]) * (term.phrase ? 3 : 1);
        score += weight * (4 * Math.min(found[t].title, 1) + (found[t].text > 0 ? 1 + Math.log(found[t].text) : 0));
      });
      scored.push({ entry: entry, score: score, order: index });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return scored.map(function (item) { return item.entry; });
  }

  // Where the query first matches in a text, in the text's own characters
  // (for the snippet's mark): the first phrase, else the first word. The
  // text is folded one character at a time, remembering where each folded
  // character came from, because folding changes lengths (a Hangul syllable
  // decomposes into three letters).
  function firstMatch(text, query) {
    var folded = "";
    var starts = [];
    var ends = [];
    var position = 0;
    Array.from(text).forEach(function (character) {
      var part = fold(character);
      for (var i = 0; i < part.length; i += 1) { starts.push(position); ends.push(position + character.length); }
      folded += part;
      position += character.length;
    });
    var pattern = query.phrases.length > 0
      ? query.phrases[0].map(escapeRegExp).join("[^\\p{L}\\p{N}]+") + "(?![\\p{L}\\p{N}])"
      : escapeRegExp(query.words[0]);
    var found = new RegExp("(?<![\\p{L}\\p{N}])" + pattern, "u").exec(folded);
    if (!found || found[0].length === 0) { return null; }
    return { start: starts[found.index], end: ends[found.index + found[0].length - 1] };
  }
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* ---------- index: person and place facets ---------- */

  function entityFacetControls() {
    return Array.prototype.slice.call(document.querySelectorAll("select.entity-facet"));
  }
  // A row passes when it names the chosen person and the chosen place
  // (data-persons / data-places hold the register ids it names).
  function entityFacetsAllow(row) {
    return entityFacetControls().every(function (select) {
      if (!select.value) { return true; }
      var named = " " + (row.getAttribute("data-" + select.getAttribute("data-facet")) || "") + " ";
      return named.indexOf(" " + select.value + " ") >= 0;
    });
  }

  /* ---------- reading view: highlighting and the name cards ---------- */

  // Without the script a name is a link to its entity page; with it, the
  // link opens a card (other spellings, authority files, the documents that
  // name it, the link to its page). The card is a non-modal dialog: Escape or
  // the close button closes it and returns to the name; focus or a click
  // elsewhere closes it. Each card is a small script beside its entity page
  // (entity/ID.js beside entity/ID.html), loaded the first time a reader
  // opens it: a page carries none of the entities' data up front. Its words
  // come from the page (common/labels.xsl), as every word of the views.
  var entityLinks = document.querySelectorAll("a.tei-entity[data-entity]");
  var cardWordsElement = document.getElementById("entity-card-words");
  if (entityLinks.length > 0 && cardWordsElement) {
    var cardWords = JSON.parse(cardWordsElement.textContent);
    var cardWord = function (key, values) {
      return (cardWords[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
        return values && name in values ? String(values[name]) : whole;
      });
    };
    var viewControls = document.querySelector(".view-controls");
    if (viewControls) {
      var highlight = document.createElement("button");
      highlight.type = "button";
      highlight.className = "entity-highlight-toggle";
      highlight.textContent = cardWord("highlight");
      var setHighlight = function (on) {
        body.setAttribute("data-entities", on ? "highlighted" : "plain");
        highlight.setAttribute("aria-pressed", String(on));
        remember("entities", on ? "highlighted" : "plain");
      };
      setHighlight(recall("entities") === "highlighted");
      highlight.addEventListener("click", function () {
        setHighlight(body.getAttribute("data-entities") !== "highlighted");
      });
      viewControls.appendChild(highlight);
    }

    // The card of a name's entity, loaded once (the script adds it to
    // window.teiEditionEntities); without it, the link goes to the page.
    var cardAsked = null;
    var withCard = function (link, show) {
      var id = link.getAttribute("data-entity");
      var known = window.teiEditionEntities && window.teiEditionEntities[id];
      if (known) { show(known); return; }
      cardAsked = link;
      var script = document.createElement("script");
      script.src = link.href.replace(/\.html$/, ".js");
      script.onload = function () {
        script.remove();
        var loaded = window.teiEditionEntities && window.teiEditionEntities[id];
        if (cardAsked !== link) { return; }  // the reader has asked for another card meanwhile
        cardAsked = null;
        if (loaded) { show(loaded); } else { window.location.href = link.href; }
      };
      script.onerror = function () {
        script.remove();
        if (cardAsked === link) { window.location.href = link.href; }
      };
      document.head.appendChild(script);
    };

    var card = null;
    var cardOwner = null;

    var element = function (tag, text, className) {
      var made = document.createElement(tag);
      if (text) { made.textContent = text; }
      if (className) { made.className = className; }
      return made;
    };
    var listOf = function (items, make) {
      var list = element("ul");
      items.forEach(function (item) { var li = element("li"); li.appendChild(make(item)); list.appendChild(li); });
      return list;
    };
    var closeCard = function (returnFocus) {
      if (!card) { return; }
      card.remove();
      card = null;
      cardOwner.setAttribute("aria-expanded", "false");
      if (returnFocus) { cardOwner.focus(); }
      cardOwner = null;
    };

    var openCard = function (link, data) {
      closeCard(false);
      var pageUrl = link.href;
      card = element("div", "", "entity-card");
      card.id = "entity-card";
      card.setAttribute("role", "dialog");
      card.setAttribute("aria-labelledby", "entity-card-title");
      var heading = element("h2", data.name);
      heading.id = "entity-card-title";
      heading.tabIndex = -1;
      card.appendChild(heading);
      card.appendChild(element("p", cardWord(data.kind), "entity-card-kind"));
      if (data.variants.length > 0) {
        card.appendChild(element("p", cardWord("variants") + ": " + data.variants.join("; ")));
      }
      if (data.note) { card.appendChild(element("p", data.note)); }
      var linked = data.authorities.filter(function (authority) { return authority.url; });
      if (linked.length > 0) {
        card.appendChild(listOf(linked, function (authority) {
          var a = element("a", authority.source + " " + authority.id);
          a.href = authority.url;
          a.rel = "external noopener";
          return a;
        }));
      }
      if (data.documents.length > 0) {
        // the card lists the first documents; the entity's page lists them all
        var count = data.documentCount;
        card.appendChild(element("p", cardWord(count === 1 ? "card-documents-one" : "card-documents-many", { count: count })));
        var documents = listOf(data.documents, function (found) {
          var a = element("a", found.title);
          a.href = new URL("../" + found.url, pageUrl).href;
          return a;
        });
        if (count > data.documents.length) {
          documents.appendChild(element("li", cardWord("card-more", { count: count - data.documents.length })));
        }
        card.appendChild(documents);
      }
      var more = element("a", cardWord("card-page", { name: data.name }), "entity-card-page");
      more.href = pageUrl;
      card.appendChild(element("p")).appendChild(more);
      var close = element("button", "×", "entity-card-close");
      close.type = "button";
      close.setAttribute("aria-label", cardWord("close"));
      close.addEventListener("click", function () { closeCard(true); });
      card.appendChild(close);
      body.appendChild(card);
      var box = link.getBoundingClientRect();
      var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - card.offsetWidth - 8));
      card.style.left = (left + window.scrollX) + "px";
      card.style.top = (box.bottom + window.scrollY + 4) + "px";
      cardOwner = link;
      link.setAttribute("aria-expanded", "true");
      link.setAttribute("aria-controls", "entity-card");
      heading.focus();
    };

    entityLinks.forEach(function (link) { link.setAttribute("aria-expanded", "false"); });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.tei-entity[data-entity]");
      if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
        event.preventDefault();
        if (cardOwner === link) {
          closeCard(true);
        } else {
          withCard(link, function (data) { openCard(link, data); });
        }
        return;
      }
      if (card && !card.contains(event.target)) { closeCard(false); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && card) { closeCard(true); }
    });
    document.addEventListener("focusin", function (event) {
      if (card && !card.contains(event.target) && event.target !== cardOwner) { closeCard(false); }
    });
  }
  /* ==== end of entity views ==== */
}());
