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
          && (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (countOutput) { countOutput.textContent = String(shown); }
    };
    [archiveFilter, languageFilter, titleFilter].forEach(function (control) {
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

    var fold = function (text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    var folded = searchIndex.documents.map(function (entry) {
      return fold(entry.title + " " + entry.text);
    });

    var snippet = function (text, term) {
      var position = fold(text).indexOf(term);
      if (position < 0) { return null; }
      var start = Math.max(0, position - 60);
      var end = Math.min(text.length, position + term.length + 60);
      var fragment = document.createDocumentFragment();
      fragment.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, position)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(position, position + term.length);
      fragment.appendChild(mark);
      fragment.appendChild(document.createTextNode(text.slice(position + term.length, end) + (end < text.length ? "…" : "")));
      return fragment;
    };

    var runSearch = function (query) {
      var terms = fold(query).split(/\s+/).filter(function (term) { return term.length > 0; });
      resultList.textContent = "";
      if (terms.length === 0) { status.textContent = ""; return; }
      var hits = 0;
      searchIndex.documents.forEach(function (entry, index) {
        var haystack = folded[index];
        if (!terms.every(function (term) { return haystack.indexOf(term) >= 0; })) { return; }
        hits += 1;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.url;
        link.textContent = entry.title;
        item.appendChild(link);
        if (entry.date) { item.appendChild(document.createTextNode(" (" + entry.date + ")")); }
        var context = snippet(entry.text, terms[0]);
        if (context) {
          var span = document.createElement("span");
          span.className = "search-snippet";
          span.appendChild(context);
          item.appendChild(span);
        }
        resultList.appendChild(item);
      });
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
}());
