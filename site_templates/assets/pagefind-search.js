/* The search page of search = "pagefind": a search form, theme and year filters and a list of
   results, drawn by this script over Pagefind's JavaScript API (pagefind.js, loaded from the
   bundle Pagefind writes into the site, under the site's sub-path). Pagefind fetches only the
   index chunks of the words typed, never the whole index.

   Why not PagefindUI: it cannot reorder or drop results, and Pagefind scores every result of a
   "quoted phrase" alike (1.0), so a phrase's title matches did not come first. Here a query
   with phrases runs twice: as written (which papers hold the phrase) and with its quotes taken
   off (which ranks them, title matches first by data-pagefind-weight), and the phrase's results
   are shown in the second search's order.

   Every word of a query is required, "quoted phrases" match as phrases, and a hyphenated word
   stays whole (Pagefind also finds it by its parts). A result shows its title once, its year and
   authors (a paper page's byline, which it indexes last: site_templates/paper.md.j2), its themes
   and two lines around the first match. Everything is built as text nodes, from Pagefind's plain
   text of the page: a title or abstract holding HTML shows it literally. The address follows
   the form (?q=…&theme=…&year=…), so a search can be shared, reloaded or come back to. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;       // results drawn at once; "Show 10 more" draws the next ones
  var WORDS_BEFORE = 6;     // words of the excerpt before its first match
  var BYLINE_WORDS_BEFORE = 2;  // words of the byline kept before a matched author's name
  var EXCERPT_WORDS = 40;   // words of the excerpt (catalog.css shows two lines of them)
  var DEBOUNCE_MS = 150;
  var SEPARATOR = "\u00b7"; // between the byline's year, authors and themes

  function words(text) {
    return String(text || "").split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function bare(word) {
    return word.toLowerCase().replace(/[.,;:!?]+$/, "");
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Append ``tokens`` (words of the page's text, the first at index ``first``) to ``parent``,
     the matched ones in <mark>. */
  function appendMarked(parent, tokens, first, matched) {
    var text = "";
    tokens.forEach(function (token, index) {
      if (index > 0) { text += " "; }
      if (matched[first + index]) {
        if (text) { parent.appendChild(document.createTextNode(text)); text = ""; }
        parent.appendChild(element("mark", "", token));
      } else {
        text += token;
      }
    });
    if (text) { parent.appendChild(document.createTextNode(text)); }
  }

  /* The parts of a paper page's indexed text: title, body (abstract, note), byline. */
  function parts(data) {
    var tokens = words(data.content);
    var meta = data.meta || {};
    var title = words(meta.title);
    var bodyStart = 0;
    if (title.length && title.length <= tokens.length && title.every(function (word, index) {
      return bare(tokens[index]) === bare(word);
    })) {
      bodyStart = title.length;
    }
    // The byline is last: the year, then "·" (or the end), found from the end.
    var bylineStart = tokens.length;
    var year = words(meta.year);
    if (year.length) {
      for (var i = tokens.length - year.length; i >= bodyStart; i--) {
        var isYear = year.every(function (word, k) { return bare(tokens[i + k]) === bare(word); });
        var after = i + year.length;
        if (isYear && (after === tokens.length || tokens[after] === SEPARATOR)) { bylineStart = i; break; }
      }
    }
    return { tokens: tokens, bodyStart: bodyStart, bylineStart: bylineStart, hasThemes: Boolean(meta.themes) };
  }

  /* The byline's year and authors ("8 authors" where a listing gave only their number), without
     the themes, which show as chips. */
  function bylineRange(part) {
    var end = part.tokens.length;
    if (part.hasThemes) {
      for (var i = end - 1; i > part.bylineStart; i--) {
        if (part.tokens[i] === SEPARATOR) { end = i; break; }
      }
    }
    var tokens = part.tokens.slice(part.bylineStart, end);
    if (tokens.length) { tokens[tokens.length - 1] = tokens[tokens.length - 1].replace(/\.$/, ""); }
    return { first: part.bylineStart, tokens: tokens };
  }

  function excerptRange(part, matched) {
    var first = -1;
    for (var i = part.bodyStart; i < part.bylineStart; i++) { if (matched[i]) { first = i; break; } }
    var start = first > part.bodyStart + WORDS_BEFORE ? first - WORDS_BEFORE : part.bodyStart;
    var end = Math.min(part.bylineStart, start + EXCERPT_WORDS);
    return { first: start, tokens: part.tokens.slice(start, end), cut: start > part.bodyStart };
  }

  function drawResult(data) {
    var part = parts(data);
    var matched = {};
    (data.locations || []).forEach(function (location) { matched[location] = true; });
    var item = element("li", "catalog-result catalog-result--paper");
    var heading = element("h2", "catalog-result__title");
    var link = element("a");
    link.href = data.url;
    var meta = data.meta || {};
    // The title as the listing gave it (Pagefind's text of it ends with a full stop of its own).
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (part.bylineStart < part.tokens.length) {
      var byline = bylineRange(part);
      var line = element("p", "catalog-result__byline");
      if (byline.tokens[0] === "no" && byline.tokens[1] === "date") { byline.tokens[0] = "No"; }
      var hit = -1;
      byline.tokens.forEach(function (token, index) { if (hit < 0 && matched[byline.first + index]) { hit = index; } });
      var yearEnd = byline.tokens.indexOf(SEPARATOR);
      if (hit > 0 && yearEnd > 0 && hit - yearEnd > BYLINE_WORDS_BEFORE + 1) {
        // A search by author: the year, then the names from a little before the match.
        appendMarked(line, byline.tokens.slice(0, yearEnd + 1).concat(["\u2026"]), byline.first, matched);
        line.appendChild(document.createTextNode(" "));
        appendMarked(line, byline.tokens.slice(hit - BYLINE_WORDS_BEFORE), byline.first + hit - BYLINE_WORDS_BEFORE, matched);
      } else {
        appendMarked(line, byline.tokens, byline.first, matched);
      }
      // The match shows: the byline wraps (two lines at most) instead of being cut at one.
      if (hit >= 0) { line.classList.add("catalog-result__byline--matched"); }
      item.appendChild(line);
    }
    var themes = (data.filters && data.filters.theme) || [];
    if (themes.length) {
      var chips = element("ul", "md-tags catalog-result__themes");
      chips.setAttribute("aria-label", "Themes");
      themes.forEach(function (theme) { chips.appendChild(element("li", "md-tag", theme)); });
      item.appendChild(chips);
    }
    var excerpt = excerptRange(part, matched);
    if (excerpt.tokens.length) {
      var snippet = element("p", "catalog-result__snippet");
      if (excerpt.cut) { snippet.appendChild(document.createTextNode("\u2026 ")); }
      appendMarked(snippet, excerpt.tokens, excerpt.first, matched);
      item.appendChild(snippet);
    }
    return item;
  }

  /* Split a query into its "quoted phrases" and the same words without quotes. */
  function parseQuery(query) {
    var hasPhrase = /"[^"]*\S[^"]*"/.test(query);
    return { query: query.trim(), hasPhrase: hasPhrase, unquoted: query.replace(/"/g, " ").replace(/\s+/g, " ").trim() };
  }

  /* The results of a query, best first: Pagefind's order, or for a query with phrases the
     phrase's results in the order of the unquoted search. */
  function ranked(pagefind, parsed, options) {
    if (!parsed.hasPhrase) {
      return pagefind.search(parsed.query, options).then(function (search) { return search && search.results; });
    }
    return Promise.all([pagefind.search(parsed.query, options), pagefind.search(parsed.unquoted, options)])
      .then(function (searches) {
        if (!searches[0] || !searches[1]) { return null; }
        var exact = {};
        searches[0].results.forEach(function (result) { exact[result.id] = result; });
        var ordered = [];
        searches[1].results.forEach(function (result) {
          if (exact[result.id]) { ordered.push(exact[result.id]); delete exact[result.id]; }
        });
        searches[0].results.forEach(function (result) { if (exact[result.id]) { ordered.push(result); } });
        return ordered;
      });
  }

  function fillSelect(select, counts, order) {
    var names = Object.keys(counts || {});
    names.sort(order);
    names.forEach(function (name) {
      var option = element("option", "", name + " (" + counts[name] + ")");
      option.value = name;
      select.appendChild(option);
    });
    select.closest(".catalog-search__field").hidden = names.length === 0;
  }

  function start() {
    var root = document.getElementById("catalog-search");
    if (!root) { return; }
    var form = root.querySelector(".catalog-search__form");
    var box = root.querySelector(".catalog-search__query");
    var theme = root.querySelector(".catalog-search__theme");
    var year = root.querySelector(".catalog-search__year");
    var message = root.querySelector(".catalog-search__message");
    var list = root.querySelector(".catalog-search__results");
    var more = root.querySelector(".catalog-search__more");
    // Pagefind stores result addresses from the site's root; the site may live under a sub-path.
    var base = new URL(root.getAttribute("data-base"), window.location.href).pathname;
    var bundle = new URL(root.getAttribute("data-bundle"), window.location.href).href;
    var params = new URLSearchParams(window.location.search);
    box.value = params.get("q") || "";
    var header = document.getElementById("catalog-search-query");
    if (header) { header.value = box.value; }
    form.hidden = false;

    var pagefind = null;
    var shown = [];
    var drawn = 0;
    var generation = 0;
    var timer = 0;

    function saveAddress() {
      var next = new URLSearchParams(window.location.search);
      [["q", box.value.trim() ? box.value : ""], ["theme", theme.value], ["year", year.value]].forEach(function (pair) {
        if (pair[1]) { next.set(pair[0], pair[1]); } else { next.delete(pair[0]); }
      });
      var rest = next.toString();
      history.replaceState(history.state, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
    }

    function drawMore() {
      var batch = shown.slice(drawn, drawn + PAGE_SIZE);
      var mine = generation;
      drawn += batch.length;
      more.hidden = true;
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
        if (mine !== generation) { return; }
        pages.forEach(function (data) { list.appendChild(drawResult(data)); });
        var left = shown.length - drawn;
        more.textContent = "Show " + Math.min(PAGE_SIZE, left) + " more";
        more.hidden = left <= 0;
      });
    }

    function run() {
      var mine = ++generation;
      var parsed = parseQuery(box.value);
      saveAddress();
      if (!parsed.unquoted) {
        list.replaceChildren();
        message.textContent = "";
        more.hidden = true;
        return Promise.resolve();
      }
      var filters = {};
      if (theme.value) { filters.theme = theme.value; }
      if (year.value) { filters.year = year.value; }
      return ranked(pagefind, parsed, { filters: filters }).then(function (results) {
        if (mine !== generation || !results) { return; }
        shown = results;
        drawn = 0;
        list.replaceChildren();
        var count = results.length;
        // A query with its own quotes is shown as typed; other queries get quotes around them.
        var quoted = parsed.hasPhrase ? parsed.query : "\u201c" + parsed.query + "\u201d";
        message.textContent = count === 0 ? "No paper matches " + quoted
          : count + (count === 1 ? " paper matches " : " papers match ") + quoted;
        return drawMore();
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); run(); });
    box.addEventListener("input", later);
    theme.addEventListener("change", run);
    year.addEventListener("change", run);
    more.addEventListener("click", function () {
      var next = list.children.length;
      drawMore().then(function () {
        var link = list.children[next] && list.children[next].querySelector("a");
        if (link) { link.focus(); }  // keyboard users carry on from the first new result
      });
    });

    import(bundle + "pagefind.js").then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: base }).then(function () { return pagefind.filters(); });
    }).then(function (counts) {
      fillSelect(theme, counts.theme, function (a, b) { return a.localeCompare(b); });
      fillSelect(year, counts.year, function (a, b) { return b.localeCompare(a); });
      theme.value = params.get("theme") || "";
      year.value = params.get("year") || "";
      return run();
    }).catch(function (error) {
      message.textContent = "Search could not start: " + error;
    });
    if (!box.value) { box.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
