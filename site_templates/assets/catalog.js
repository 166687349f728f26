/* The all-papers filter: find and sort across the whole catalog, the view kept in the URL.
 *
 * The page as served lists its own slice of the papers (readable without JavaScript, with a
 * pager); the form shows from the first paint (a noscript style hides it without JavaScript),
 * so nothing moves when this script runs at the end of the page. The script does nothing at load unless the URL carries a view (?text=…&theme=…&year=…
 * &code=1&status=…&sort=…&order=…); on the first use of the form it fetches the filter's data
 * file (papers/filter.json, written by generator/paper_filter.py; papers/filter.json.gz from
 * compact_exports_from papers on, which readJson unpacks), then draws only the first
 * SHOWN matches, with a button for more. Rows are built with DOM calls and textContent, so a
 * title or note is shown as written, never read as HTML. Back to the default view, the page's
 * own rows and pager come back.
 */
(function () {
  "use strict";

  var SHOWN = 100;  // rows drawn at a time
  var NATURAL = {date: "desc", title: "asc", upvotes: "desc"};  // each column's first order
  var NAMES = {date: "date", title: "title", upvotes: "upvotes"};
  // "text", not "q": Material's search opens itself on any page whose URL has ?q=.
  var FIELDS = ["text", "theme", "year", "status"];

  // The data file writes each paper's words as numbers into its vocabulary, in five-bit groups:
  // these digits for all groups but a number's last, LAST for its last (paper_filter.py).
  var MORE = "0123456789abcdefghijklmnopqrstuv";
  var LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) { DIGIT[MORE.charCodeAt(d)] = d; DIGIT[LAST.charCodeAt(d)] = 32 + d; }

  function decodeNumbers(text) {
    var numbers = [];
    var value = 0;
    var previous = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (digit >= 32) {
        previous += value * 32 + digit - 32;
        numbers.push(previous);
        value = 0;
      } else {
        value = value * 32 + digit;
      }
    }
    return Int32Array.from(numbers);
  }

  // Lower-cased and without accents, so "nunez" finds "Núñez".
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) { return; }
    var body = table.tBodies[0];
    var ownRows = Array.prototype.slice.call(body.rows);
    var caption = table.caption;
    var ownCaption = caption ? caption.textContent : "";
    var count = form.querySelector(".catalog-filter-count");
    var ownCount = count.textContent;
    var root = form.getAttribute("data-site-root");
    var data = null;
    var loading = null;
    var sorted = {};
    var matches = [];
    var drawn = 0;
    var sort = {column: "date", order: "desc"};
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button catalog-more";
    more.hidden = true;
    var box = table.closest(".catalog-table") || table;
    box.parentNode.insertBefore(more, box.nextSibling);

    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-filter-data"))
          .then(function (response) {
            if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
            return readJson(response);
          })
          .then(prepare)
          .catch(function (error) {
            count.textContent = "The filter could not load the catalog (" + error.message + ")";
            throw error;
          });
      }
      return loading;
    }

    // A .gz file is served as it is (GitHub Pages sends no Content-Encoding for it), so its bytes
    // are unpacked here; a server that sends it already unpacked (Content-Encoding: gzip) gives
    // JSON, which is read as it comes. Either way the first two bytes tell.
    function readJson(response) {
      return response.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
          return JSON.parse(new TextDecoder().decode(bytes));
        }
        if (typeof DecompressionStream === "undefined") {
          throw new Error("this browser cannot unpack gzip");
        }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text().then(JSON.parse);
      });
    }

    function prepare(file) {
      var at = {};
      file.fields.forEach(function (name, index) { at[name] = index; });
      var themes = {};
      file.themes.forEach(function (theme) { themes[theme[0]] = {name: theme[1], url: theme[2]}; });
      var papers = file.papers.map(function (row, index) {
        var date = row[at.date];
        return {
          rank: index, url: row[at.url], title: row[at.title], authors: row[at.authors], date: date,
          year: date ? date.slice(0, 4) : "none", themes: row[at.themes], code: row[at.code],
          status: row[at.status], upvotes: row[at.upvotes], words: decodeNumbers(row[at.words]),
          text: fold(row[at.title] + "\n" + row[at.authors])
        };
      });
      data = {papers: papers, themes: themes, statuses: file.statuses, vocabulary: file.vocabulary.map(fold)};
    }

    function order(column, direction) {
      var key = column + " " + direction;
      if (!sorted[key]) {
        var papers = data.papers.slice();
        var collator = new Intl.Collator(undefined, {sensitivity: "base", numeric: true});
        var compare = {
          date: function (a, b) {  // undated papers last either way, as the pages list them
            if (!a.date !== !b.date) { return a.date ? -1 : 1; }
            return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
          },
          title: function (a, b) { return collator.compare(a.title, b.title); },
          upvotes: function (a, b) {
            if ((a.upvotes === null) !== (b.upvotes === null)) { return a.upvotes === null ? 1 : -1; }
            return (a.upvotes || 0) - (b.upvotes || 0);
          }
        }[column];
        var sign = direction === "asc" ? 1 : -1;
        if (column === "date" && direction === "desc") {
          sorted[key] = papers;  // the file's own order: newest first, as the pages are
        } else {
          papers.sort(function (a, b) {
            var missing = column === "date" ? (!a.date !== !b.date) : column === "upvotes" &&
              ((a.upvotes === null) !== (b.upvotes === null));
            var result = compare(a, b);
            return (missing ? result : sign * result) || a.rank - b.rank;
          });
          sorted[key] = papers;
        }
      }
      return sorted[key];
    }

    function readState() {
      var elements = form.elements;
      return {
        text: elements.text.value.trim(), theme: elements.theme.value, year: elements.year.value,
        status: elements.status ? elements.status.value : "", code: elements.code.checked,
        sort: sort.column, order: sort.order
      };
    }

    function isDefault(state) {
      return !state.text && !state.theme && !state.year && !state.status && !state.code &&
        state.sort === "date" && state.order === "desc";
    }

    function writeUrl(state) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
      if (state.code) { params.set("code", "1"); }
      if (state.sort !== "date" || state.order !== NATURAL[state.sort]) {
        params.set("sort", state.sort);
        if (state.order !== NATURAL[state.sort]) { params.set("order", state.order); }
      }
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    // Take the view the URL names; a field it does not name keeps what the visitor may have typed
    // (the form shows before this script runs).
    function readUrl() {
      var params = new URLSearchParams(location.search);
      var elements = form.elements;
      if (params.has("text")) { elements.text.value = params.get("text"); }
      ["theme", "year", "status"].forEach(function (name) {
        var select = elements[name];
        var value = params.get(name);
        if (select && value !== null &&
            Array.prototype.some.call(select.options, function (option) { return option.value === value; })) {
          select.value = value;
        }
      });
      if (params.has("code")) { elements.code.checked = params.get("code") === "1"; }
      var column = params.get("sort");
      if (NAMES.hasOwnProperty(column)) {
        sort.column = column;
        var direction = params.get("order");
        sort.order = direction === "asc" || direction === "desc" ? direction : NATURAL[column];
      }
    }

    function showHeader(state) {
      var cells = table.tHead.rows[0].cells;
      for (var i = 0; i < cells.length; i++) {
        var column = cells[i].getAttribute("data-sort");
        if (!column) { continue; }
        if (column === state.sort) {
          cells[i].setAttribute("aria-sort", state.order === "asc" ? "ascending" : "descending");
        } else {
          cells[i].removeAttribute("aria-sort");
        }
      }
    }

    // Each view is drawn once: a text box's "change" (fired when it loses focus, often by the
    // click on a result) or a select's "input" then "change" would otherwise redraw the rows
    // between the press and the release of that click, and the click would land on nothing.
    var applied = null;

    function apply() {
      var state = readState();
      var key = JSON.stringify(state);
      if (key === applied) { return; }
      applied = key;
      writeUrl(state);
      showHeader(state);
      if (isDefault(state)) {
        showOwnRows();
        return;
      }
      if (!data) { count.textContent = "Loading the catalog…"; }
      load().then(function () { draw(readState()); }, function () {});
    }

    function showOwnRows() {
      if (body.rows.length !== ownRows.length || body.rows[0] !== ownRows[0]) {
        body.replaceChildren.apply(body, ownRows);
      }
      matches = [];
      more.hidden = true;
      togglePagers(false);
      count.textContent = ownCount;
      if (caption) { caption.textContent = ownCaption; }
      form.dispatchEvent(new CustomEvent("catalog-filter-drawn"));
    }

    function draw(state) {
      if (isDefault(state)) { showOwnRows(); return; }
      var words = fold(state.text).split(/\s+/).filter(Boolean);
      var marks = words.map(markWords);
      var theme = state.theme;
      var papers = order(state.sort, state.order);
      matches = [];
      for (var i = 0; i < papers.length; i++) {
        var paper = papers[i];
        if (theme && (theme === "unsorted" ? paper.themes.length : paper.themes.indexOf(theme) === -1)) { continue; }
        if (state.year && paper.year !== state.year) { continue; }
        if (state.code && !paper.code) { continue; }
        if (state.status && paper.status !== state.status) { continue; }
        var found = true;
        for (var w = 0; w < words.length && found; w++) {
          found = paper.text.indexOf(words[w]) !== -1 || (marks[w] !== null && hasMarked(paper.words, marks[w]));
        }
        if (found) { matches.push(paper); }
      }
      drawn = 0;
      body.replaceChildren();
      drawMore();
      togglePagers(true);
      var total = data.papers.length;
      count.textContent = matches.length === total ? total + " papers" : matches.length + " of " + total + " papers";
      if (caption) {
        caption.textContent = "Papers found by the filter, by " + state.sort + ", " +
          (state.sort === "title" ? (state.order === "asc" ? "A to Z" : "Z to A")
            : state.sort === "date" ? (state.order === "asc" ? "oldest first" : "newest first")
              : (state.order === "asc" ? "fewest first" : "most first"));
      }
    }

    // Mark the vocabulary's words that hold ``word``; null when none does.
    function markWords(word) {
      var vocabulary = data.vocabulary;
      var marks = null;
      for (var i = 0; i < vocabulary.length; i++) {
        if (vocabulary[i].indexOf(word) !== -1) {
          marks = marks || new Uint8Array(vocabulary.length);
          marks[i] = 1;
        }
      }
      return marks;
    }

    function hasMarked(numbers, marks) {
      for (var i = 0; i < numbers.length; i++) { if (marks[numbers[i]]) { return true; } }
      return false;
    }

    function drawMore() {
      var fragment = document.createDocumentFragment();
      var stop = Math.min(matches.length, drawn + SHOWN);
      for (var i = drawn; i < stop; i++) { fragment.appendChild(makeRow(matches[i])); }
      body.appendChild(fragment);
      drawn = stop;
      var left = matches.length - drawn;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(left, SHOWN) + " more (" + left + " not shown)";
      form.dispatchEvent(new CustomEvent("catalog-filter-drawn"));
    }

    function element(name, className, text) {
      var node = document.createElement(name);
      if (className) { node.className = className; }
      if (text !== undefined) { node.textContent = text; }
      return node;
    }

    function link(href, text) {
      var node = element("a", "", text);
      node.href = href;
      return node;
    }

    function makeRow(paper) {
      var row = document.createElement("tr");
      var title = element("td", "title");
      title.appendChild(link(root + paper.url, paper.title));
      if (paper.status) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(element("span", "paper-status paper-status--" + paper.status, data.statuses[paper.status]));
      }
      if (paper.authors) {
        var names = paper.authors.split(", ");
        title.appendChild(element("span", "authors", names.slice(0, 3).join(", ") + (names.length > 3 ? " et al." : "")));
      }
      row.appendChild(title);
      row.appendChild(element("td", paper.date ? "date" : "date missing", paper.date || "—"));
      var themes = element("td", "themes");
      paper.themes.forEach(function (id, index) {
        var theme = data.themes[id];
        if (!theme) { return; }
        if (index) { themes.appendChild(document.createTextNode(", ")); }
        themes.appendChild(link(root + theme.url, theme.name));
      });
      row.appendChild(themes);
      row.appendChild(element("td", paper.upvotes === null ? "upvotes missing" : "upvotes",
        paper.upvotes === null ? "—" : String(paper.upvotes)));
      var code = element("td", paper.code ? "code" : "code missing");
      if (paper.code) {
        var anchor = link(paper.code, "code");
        anchor.rel = "noopener nofollow";
        anchor.setAttribute("aria-label", "Code of " + paper.title);
        code.appendChild(anchor);
      } else {
        code.textContent = "—";
      }
      row.appendChild(code);
      return row;
    }

    function togglePagers(hidden) {
      var pagers = document.querySelectorAll(".catalog-pager");
      for (var i = 0; i < pagers.length; i++) { pagers[i].hidden = hidden; }
    }

    function addSortButtons() {
      var cells = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(cells, function (cell) {
        var column = cell.getAttribute("data-sort");
        if (!column) { return; }
        var button = element("button", "catalog-sort", cell.textContent);
        button.type = "button";
        button.addEventListener("click", function () {
          if (sort.column === column) {
            sort.order = sort.order === "asc" ? "desc" : "asc";
          } else {
            sort.column = column;
            sort.order = NATURAL[column];
          }
          apply();
        });
        cell.replaceChildren(button);
      });
    }

    more.addEventListener("click", drawMore);
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // Fetch the data as soon as the visitor reaches for the filter, so it is there by the first key.
    ["focusin", "pointerdown"].forEach(function (name) {
      form.addEventListener(name, function () { load().catch(function () {}); }, {once: true});
    });
    addSortButtons();
    readUrl();
    form.hidden = false;
    if (!isDefault(readState())) { apply(); }
  }

  function start() {
    var forms = document.querySelectorAll("form.catalog-filter[data-filter-data]");
    for (var i = 0; i < forms.length; i++) { setUp(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
