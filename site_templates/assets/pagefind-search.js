/* The search page of search = "pagefind": start Pagefind's UI under the site's sub-path and run
   the query of the address (?q=, sent by the header's search box). Pagefind fetches only the
   index chunks of the words typed, never the whole index. */
(function () {
  "use strict";

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
      autofocus: true,
      openFilters: ["theme", "year"]
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var box = document.getElementById("catalog-search-query");
      if (box) { box.value = query; }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
