/* Material's search worker, wrapped: the catalog's query rules on top of Material's own search.

   Material for MkDocs runs its search (lunr) in a web worker whose address its configuration
   names; that address is the documented way to change how search works. main.html points it
   here, with Material's worker as ?material=, which this script loads unchanged. Material's
   worker takes two messages, the index (SETUP) and a query (QUERY), and answers a query with a
   RESULT; this script changes the query on its way in and the result on its way out:

   - every word is required (Material's own query matches any word): `federated learning`
     becomes `+federated* +learning*`; a word the visitor marked (+word, -word, field:word,
     word~1, word^2) and a stop word such as `the` are left as they are;
   - a phrase in quotes ("federated learning") must appear as written: lunr has no phrase
     queries, so its words are required and the results without the phrase are dropped;
   - the pages whose title holds every word of the query come first, in Material's order;
   - a paper's text keeps its byline (see withByline), which assets/search.js puts under the title;
   - a hyphenated word is also found by its parts (see indexParts).

   Only message data is changed: no page text is written as HTML here (the result's title and
   text are Material's, escaped by its index). */
(function () {
  "use strict";

  var MATERIAL = /^search\.[0-9a-f]+\.min\.js$/;
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var name = new URL(self.location.href).searchParams.get("material") || "";
  if (!MATERIAL.test(name)) {
    throw new Error("search-worker.js: no Material worker named in ?material=");
  }

  var listeners = [];
  var addListener = self.addEventListener.bind(self);
  var post = self.postMessage.bind(self);
  var load = self.importScripts.bind(self);
  var pending = [];   // the queries sent to Material's worker, oldest first
  var plain = {};     // location -> the page's title and text, as plain lower-case text
  var separator = /[\s\-]+/;

  // Material's worker loads its language scripts from ../lunr/, relative to its own folder.
  self.importScripts = function () {
    var urls = Array.prototype.map.call(arguments, function (url) {
      return String(url).replace(/^\.\.\/lunr\//, "javascripts/lunr/");
    });
    return load.apply(self, urls);
  };
  self.addEventListener = function (type, listener, options) {
    if (type === "message") { listeners.push(listener); return undefined; }
    return addListener(type, listener, options);
  };
  self.postMessage = function (message) {
    if (message && message.type === RESULT) {
      message = { type: RESULT, data: refine(message.data, pending.shift()) };
    }
    post(message);
  };

  load("javascripts/workers/" + name);

  addListener("message", function (event) {
    var message = event.data;
    if (message && message.type === SETUP) {
      remember(message.data);
    } else if (message && message.type === QUERY) {
      var query = parse(String(message.data || ""));
      pending.push(query);
      message = { type: QUERY, data: query.lunr };
    }
    listeners.forEach(function (listener) { listener.call(self, { data: message }); });
  });

  function text(html) {
    return String(html || "")
      .replace(/<[^>]*>/g, " ")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#0*39;|&#x0*27;/gi, "'").replace(/&amp;/g, "&")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function remember(index) {
    if (index && index.config && index.config.separator) {
      separator = new RegExp(index.config.separator);
    }
    // lunr's query parser splits terms at its own separator, taken when lunr loaded (spaces and
    // hyphens), not at the index's: `non-IID` would become `non` and `IID`. The query reaching it
    // has its words split already (parse), so it splits at spaces only.
    if (self.lunr && self.lunr.QueryLexer) { self.lunr.QueryLexer.termSeparator = /\s+/; }
    indexParts(self.lunr);
    ((index && index.docs) || []).forEach(function (doc) {
      var parts = blocks(doc.text);
      plain[doc.location] = {
        title: text(doc.title), all: text(doc.title) + " " + text(doc.text),
        first: parts[0] || "", last: parts.length > 1 ? parts[parts.length - 1] : ""
      };
    });
  }

  function blocks(html) {
    return String(html || "").match(/<p>[\s\S]*?<\/p>/g) || [];
  }

  /* Material shows at most two paragraphs of a result's text, those holding a match. The
     catalog's result shows a paper's byline, its last paragraph (site_templates/paper.md.j2),
     and a snippet: keep the matched paragraphs (or the first one, when only the title, the
     themes or the byline matched) and end with the byline, as matched or as indexed. The
     paragraphs are Material's own, escaped by its index. */
  function withByline(item) {
    var page = plain[item.location];
    if (!page || !page.last || item.location.indexOf("#") !== -1) { return item; }
    var shown = blocks(item.text);
    if (!shown.length) { return item; }
    var unmark = function (html) { return html.replace(/<\/?mark>/g, ""); };
    var byline = shown.filter(function (block) { return unmark(block) === page.last; })[0] || page.last;
    var body = shown.filter(function (block) { return unmark(block) !== page.last; });
    if (!body.length && page.first !== page.last) { body = [page.first]; }
    var copy = {};
    Object.keys(item).forEach(function (key) { copy[key] = item[key]; });
    copy.text = body.concat([byline]).join(" ");
    return copy;
  }

  /* A hyphenated word is indexed whole and by its parts, as Pagefind does: `non-IID` is found by
     `non-IID` (never by `non` and `IID` apart, which its part `non-convex` also has), and
     `Navier-Stokes` by `Stokes`; a match on a part marks the whole word. The parts come from
     the stop-word filter of lunr's indexing pipeline (the one step Material keeps there), which
     lunr lets return several terms; the query side is unchanged. */
  function indexParts(lunr) {
    if (!lunr || !lunr.stopWordFilter || lunr.stopWordFilter.catalogParts) { return; }
    var filter = lunr.stopWordFilter;
    var withParts = function (token, index, tokens) {
      var kept = filter(token, index, tokens);
      if (!kept || typeof kept.clone !== "function") { return kept; }
      var value = kept.toString();
      if (!/[^-]-[^-]/.test(value)) { return kept; }
      var terms = [kept];
      value.split("-").forEach(function (part) {
        if (part && filter(part)) { terms.push(kept.clone(function () { return part; })); }
      });
      return terms;
    };
    withParts.catalogParts = true;
    if (lunr.Pipeline && lunr.Pipeline.registerFunction) { lunr.Pipeline.registerFunction(withParts, "catalogStopWordFilterWithParts"); }
    lunr.stopWordFilter = withParts;
  }

  function isStopWord(word) {
    var lunr = self.lunr;
    return !!(lunr && lunr.stopWordFilter && typeof lunr.stopWordFilter(word) === "undefined");
  }

  function words(part) {
    return part.split(separator).filter(function (word) { return word.length > 0; });
  }

  /* The visitor's query -> {lunr: Material's query, words: required words, phrases: [...]} */
  function parse(value) {
    var phrases = [], required = [], out = [];
    var parts = value.split(/"([^"]*)"/);
    // An unmatched quote leaves an odd part count; its words count as plain words.
    parts.forEach(function (part, index) {
      var quoted = index % 2 === 1 && index < parts.length - 1;
      if (quoted) {
        var phrase = words(part.toLowerCase());
        if (phrase.length) { phrases.push(phrase.join(" ")); }
        phrase.forEach(function (word) {
          if (isStopWord(word)) { return; }
          required.push(word);
          out.push("+" + word);
        });
        return;
      }
      part.replace(/"/g, " ").split(/\s+/).forEach(function (token) {
        if (!token) { return; }
        // Marked by the visitor: Material's syntax, kept as typed.
        if (/^[+\-]|[:~^*]/.test(token)) { out.push(token); return; }
        words(token).forEach(function (word) {
          if (isStopWord(word.toLowerCase())) { out.push(word); return; }
          required.push(word.toLowerCase());
          out.push("+" + word + "*");
        });
      });
    });
    return { lunr: out.join(" "), words: required, phrases: phrases };
  }

  function holdsWords(title, query) {
    var terms = words(title);
    return query.words.length > 0 && query.words.every(function (word) {
      return terms.some(function (term) { return term.indexOf(word) === 0; });
    }) && query.phrases.every(function (phrase) { return title.indexOf(phrase) !== -1; });
  }

  function refine(data, query) {
    if (!query || !data || !Array.isArray(data.items)) { return data; }
    var groups = data.items;
    if (query.phrases.length) {
      groups = groups.filter(function (group) {
        return group.some(function (item) {
          var page = plain[item.location];
          return !!page && query.phrases.every(function (phrase) { return page.all.indexOf(phrase) !== -1; });
        });
      });
    }
    groups = groups.map(function (group) { return group.map(withByline); });
    var first = [], rest = [];
    groups.forEach(function (group) {
      var article = plain[String((group[0] && group[0].location) || "").split("#")[0]];
      (article && holdsWords(article.title, query) ? first : rest).push(group);
    });
    // Material's Enter key opens the result of the highest score: raise the title matches' scores
    // above the rest, each group keeping its own order.
    var top = 0;
    rest.forEach(function (group) { group.forEach(function (item) { top = Math.max(top, item.score || 0); }); });
    first = first.map(function (group) {
      return group.map(function (item) {
        var copy = {};
        Object.keys(item).forEach(function (key) { copy[key] = item[key]; });
        copy.score = (item.score || 0) + top;
        return copy;
      });
    });
    var refined = {};
    Object.keys(data).forEach(function (key) { refined[key] = data[key]; });
    refined.items = first.concat(rest);
    return refined;
  }
})();
