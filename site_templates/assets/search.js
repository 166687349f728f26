/* Material's search results, shaped for reading on a phone: a paper's result shows its title,
   its byline (authors and year), its themes and a two-line snippet around the first match.

   Material renders each result from its index entry: the title, then the entry's text (its
   matched paragraphs, which assets/search-worker.js ends with a paper's byline), then the tags,
   and has no template setting for it. This script only rearranges what
   Material rendered, as it appears: a paper's entry ends with its byline paragraph (written by
   site_templates/paper.md.j2), which moves under the title with the themes after it; of the
   other paragraphs only the first one holding a match stays, cut to a little text before its
   first match. Text is moved or cut as DOM text, never written as HTML. Pages other than papers
   keep their title and get the same snippet. Without this script the results are Material's. */
(function () {
  "use strict";

  var script = document.currentScript;
  var papers = script && script.getAttribute("data-papers");
  var papersPath = papers ? new URL(papers, document.baseURI).pathname : null;
  var BEFORE = 60;  // characters of text kept before the first match

  function isPaper(link) {
    if (!papersPath || !link) { return false; }
    var path = new URL(link.href, document.baseURI).pathname;
    return path.indexOf(papersPath) === 0 && /^[^/]+\/$/.test(path.slice(papersPath.length));
  }

  function paragraphs(article) {
    return Array.prototype.filter.call(article.children, function (child) {
      return child.tagName === "P" && !child.classList.contains("md-search-result__terms");
    });
  }

  /* Keep at most BEFORE characters of text before the paragraph's first match, from a word. */
  function trim(paragraph) {
    var mark = paragraph.querySelector("mark");
    if (!mark) { return; }
    var walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    var before = [], node;
    while ((node = walker.nextNode())) {
      if (mark.contains(node) || (mark.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) { break; }
      before.push(node);
    }
    var kept = 0;
    for (var i = before.length - 1; i >= 0; i--) {
      var value = before[i].nodeValue;
      if (kept + value.length <= BEFORE) { kept += value.length; continue; }
      var cut = value.slice(value.length - (BEFORE - kept));
      var space = cut.search(/\s/);
      before[i].nodeValue = "\u2026" + (space >= 0 ? cut.slice(space + 1) : cut);
      for (var j = 0; j < i; j++) { before[j].nodeValue = ""; }
      break;
    }
  }

  function shape(article) {
    if (article.hasAttribute("data-catalog-shaped")) { return; }
    article.setAttribute("data-catalog-shaped", "");
    var heading = article.querySelector(":scope > h1, :scope > h2");
    var tags = article.querySelector(":scope > .md-tags");
    // Material draws each result's tags as a <nav>: one landmark per result, each named by its page.
    if (tags && heading) { tags.setAttribute("aria-label", "Themes of " + heading.textContent); }
    var texts = paragraphs(article);
    // Text outside paragraphs (a page's heading, repeated in its text): dropped when the entry
    // has paragraphs, else made the snippet.
    var loose = Array.prototype.filter.call(article.childNodes, function (node) {
      return node.nodeType === Node.TEXT_NODE ? /\S/.test(node.nodeValue)
        : node.nodeType === Node.ELEMENT_NODE && node.tagName !== "P" && node !== heading && node !== tags &&
          !node.classList.contains("md-search-result__icon");
    });
    if (texts.length) {
      loose.forEach(function (node) { node.remove(); });
    } else if (loose.length) {
      var wrap = document.createElement("p");
      loose.forEach(function (node) { wrap.appendChild(node); });
      article.appendChild(wrap);
      texts = [wrap];
    }
    var anchor = heading;
    if (isPaper(article.closest("a")) && texts.length) {
      var byline = texts.pop();
      byline.classList.add("catalog-result__byline");
      if (anchor) { anchor.after(byline); }
      anchor = byline;
      article.classList.add("catalog-result--paper");
    }
    if (tags && anchor) { anchor.after(tags); anchor = tags; }
    if (!texts.length) { return; }
    var chosen = texts.filter(function (p) { return p.querySelector("mark"); })[0] || texts[0];
    texts.forEach(function (p) { if (p !== chosen) { p.remove(); } });
    trim(chosen);
    chosen.classList.add("catalog-result__snippet");
    if (anchor) { anchor.after(chosen); }
  }

  function shapeAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-search-result__article"), shape);
  }

  function start() {
    var list = document.querySelector(".md-search-result__list");
    if (!list) { return; }
    shapeAll(list);
    new MutationObserver(function () { shapeAll(list); }).observe(list, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
