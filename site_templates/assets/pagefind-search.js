/* The search page of search = "pagefind": start Pagefind's UI under the site's sub-path and run
   the query of the address (?q=, sent by the header's search box). Pagefind fetches only the
   index chunks of the words typed, never the whole index.

   Pagefind requires every word of a query, matches "quoted phrases" as phrases, and keeps a
   hyphenated word whole (it also finds it by its parts). A paper's result shows its title, then
   its year, authors and themes (Pagefind's metadata, which the paper page marks), then a short
   excerpt around the first match (two lines at most, in catalog.css). A paper page's indexed
   text starts with its title and ends with its byline (site_templates/paper.md.j2), so the
   excerpt drops the title's words at its start and the byline at its end: the title shows once. */
(function () {
  "use strict";

  var EXCERPT_WORDS = 18;
  var WORDS_BEFORE = 4;  // words kept before the first match

  function words(text) {
    return String(text || "").split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function plain(html) {
    return html.replace(/<\/?mark>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#0*39;/g, "'").replace(/&amp;/g, "&").toLowerCase();
  }

  /* The excerpt is Pagefind's HTML (its text escaped by Pagefind, matches in <mark>); it is cut
     at its words, which never split a <mark>. */
  function cutExcerpt(excerpt, meta) {
    var tokens = words(excerpt);
    // Compared as text: Pagefind escapes the excerpt's <, > (not always &) and not the title's.
    var title = words(meta.title).map(plain);
    // The title, or its end when the excerpt starts inside it: Pagefind ends it with a full stop.
    for (var k = Math.min(title.length, tokens.length - 1); k > 0; k--) {
      var tail = title.slice(title.length - k);
      if (/\.$/.test(plain(tokens[k - 1])) && tail.every(function (word, index) {
        return plain(tokens[index]).replace(/\.$/, "") === word.replace(/\.$/, "");
      })) {
        tokens = tokens.slice(k);
        break;
      }
    }
    // The byline: the year's words, then "·" (or the end of the text).
    var year = words(String(meta.year || "").toLowerCase());
    for (var i = 1; year.length && i < tokens.length; i++) {
      var after = i + year.length;
      var isYear = year.every(function (word, k) { return i + k < tokens.length && plain(tokens[i + k]) === word; });
      if (isYear && (after >= tokens.length || plain(tokens[after]) === "\u00b7")) {
        // Cut unless only the byline holds a match (a search by author): then it is the excerpt.
        if (tokens.slice(0, i).join(" ").indexOf("<mark>") !== -1) { tokens = tokens.slice(0, i); }
        break;
      }
    }
    var mark = -1;
    for (var m = 0; m < tokens.length; m++) { if (tokens[m].indexOf("<mark>") !== -1) { mark = m; break; } }
    var start = mark > WORDS_BEFORE ? mark - WORDS_BEFORE : 0;
    return (start > 0 ? "\u2026 " : "") + tokens.slice(start).join(" ");
  }

  /* Title, year, authors, themes: the metadata in the order a result shows it. */
  function processResult(result) {
    var meta = result.meta || {};
    var ordered = { title: meta.title };
    ["year", "authors", "themes"].forEach(function (key) { if (meta[key]) { ordered[key] = meta[key]; } });
    Object.keys(meta).forEach(function (key) { if (!(key in ordered)) { ordered[key] = meta[key]; } });
    if (meta.year) { result.excerpt = cutExcerpt(result.excerpt || "", meta); }
    result.meta = ordered;
    return result;
  }

  function start() {
    var element = document.getElementById("catalog-search");
    if (!element || typeof window.PagefindUI !== "function") { return; }
    // Pagefind stores result addresses from the site's root; the site may live under a sub-path.
    var base = new URL(element.getAttribute("data-base"), window.location.href).pathname;
    var bundle = new URL(element.getAttribute("data-bundle"), window.location.href).pathname;
    var ui = new window.PagefindUI({
      element: "#catalog-search",
      bundlePath: bundle,
      baseUrl: base,
      showImages: false,
      showSubResults: false,
      excerptLength: EXCERPT_WORDS,
      processResult: processResult,
      autofocus: true,
      openFilters: ["theme", "year"]
    });
    // Pagefind's box has a placeholder and a title but no label (axe: label-title-only).
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input && !input.hasAttribute("aria-label")) {
      input.setAttribute("aria-label", input.getAttribute("placeholder") || "Search");
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var box = document.getElementById("catalog-search-query");
      if (box) { box.value = query; }
    }
    // The address follows what is typed (?q=…), so a search can be shared, reloaded or come
    // back to with the browser's back button, as the header's box sent it.
    if (input) {
      input.addEventListener("input", function () {
        var params = new URLSearchParams(window.location.search);
        if (input.value.trim()) { params.set("q", input.value); } else { params.delete("q"); }
        var rest = params.toString();
        history.replaceState(history.state, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
