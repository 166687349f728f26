/* Filter a catalog table by text, theme, year, reading status and code. Without JavaScript every row shows. */
(function () {
  "use strict";

  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) {
      var title = row.cells[0].querySelector("a") || row.cells[0];  // the title, not its status badge
      return title.textContent.toLowerCase();
    });
    var count = form.querySelector(".catalog-filter-count");

    function apply() {
      var words = form.elements.text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var theme = form.elements.theme.value;
      var year = form.elements.year.value;
      var code = form.elements.code.checked;
      var status = form.elements.status ? form.elements.status.value : "";
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var visible = words.every(function (word) { return texts[i].indexOf(word) !== -1; }) &&
          (!theme || (" " + row.getAttribute("data-themes") + " ").indexOf(" " + theme + " ") !== -1) &&
          (!year || row.getAttribute("data-year") === year) &&
          (!code || row.getAttribute("data-code") === "1") &&
          (!status || row.getAttribute("data-status") === status);
        row.hidden = !visible;
        if (visible) { shown++; }
      }
      count.textContent = shown === rows.length ? rows.length + " papers" : shown + " of " + rows.length + " papers";
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function start() {
    var forms = document.querySelectorAll("form.catalog-filter");
    for (var i = 0; i < forms.length; i++) { setUp(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
