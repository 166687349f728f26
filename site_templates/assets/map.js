/* The catalog map (map/ only): highlight a theme, show a point's title on hover, tap and focus,
   move between points with the arrow keys, and hide cluster labels that overlap. Without
   JavaScript the map is the same drawing of links. All text goes in with textContent. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NEARBY = 4;

  function setUp(root) {
    var svg = root.querySelector("svg");
    var view = svg.viewBox.baseVal;
    var form = document.querySelector(".map-picker");
    var select = form && form.elements.theme;
    var status = form && form.querySelector(".map-picker-status");
    var names = [], idOf = [], indexById = {};
    if (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var index = Number(option.getAttribute("data-index"));
        names[index] = option.textContent.replace(/ \(\d+\)$/, "");
        idOf[index] = option.value;
        indexById[option.value] = index;
      });
    }
    var points = Array.prototype.map.call(svg.querySelectorAll("a[data-t]"), function (link) {
      var circle = link.querySelector("circle");
      var title = circle.querySelector("title");
      return {
        link: link, circle: circle, x: Number(circle.getAttribute("cx")), y: Number(circle.getAttribute("cy")),
        themes: link.getAttribute("data-t").split(" ").map(Number), year: link.getAttribute("data-y"),
        title: title ? title.textContent : "", href: link.getAttribute("href")
      };
    }).map(function (point) {
      point.lower = point.title.toLowerCase();
      return point;
    });
    var pointOf = new Map(points.map(function (point) { return [point.link, point]; }));
    var chosen = null;  // the highlighted theme's number, or null
    var words = [];  // the words a highlighted title must contain, lower case
    var current = null;  // the point the panel shows
    var lastPointer = "mouse";

    var panel = document.createElement("div");
    panel.className = "map-panel";
    panel.hidden = true;
    root.appendChild(panel);

    function element(tag, className, text) {
      var made = document.createElement(tag);
      if (className) { made.className = className; }
      if (text !== undefined) { made.textContent = text; }
      return made;
    }

    function nearest(point, count) {
      return points.filter(function (other) { return other !== point && isActive(other); })
        .map(function (other) { return [(other.x - point.x) * (other.x - point.x) + (other.y - point.y) * (other.y - point.y), other]; })
        .sort(function (a, b) { return a[0] - b[0]; }).slice(0, count).map(function (pair) { return pair[1]; });
    }

    function show(point) {
      if (current) { current.link.classList.remove("is-current"); }
      current = point;
      point.link.classList.add("is-current");
      panel.replaceChildren();
      var heading = element("p", "map-panel-title");
      var open = element("a", "", point.title);
      open.href = point.href;
      heading.appendChild(open);
      panel.appendChild(heading);
      var facts = [names[point.themes[0]] || "", point.year || "no date"].filter(Boolean);
      if (point.themes.length > 1) { facts.push("+" + (point.themes.length - 1) + " more theme" + (point.themes.length > 2 ? "s" : "")); }
      panel.appendChild(element("p", "map-panel-meta", facts.join(" \u00b7 ")));
      var near = nearest(point, NEARBY);
      if (near.length) {
        panel.appendChild(element("p", "map-panel-meta", "Nearby:"));
        var list = element("ul");
        near.forEach(function (other) {
          var item = element("li");
          var link = element("a", "", other.title);
          link.href = other.href;
          item.appendChild(link);
          list.appendChild(item);
        });
        panel.appendChild(list);
      }
      panel.hidden = false;
      place(point);
    }

    function place(point) {
      panel.style.left = panel.style.top = panel.style.right = "";
      if (getComputedStyle(panel).position !== "absolute") { return; }
      var width = root.clientWidth, height = svg.getBoundingClientRect().height;
      var x = point.x / view.width * width, y = point.y / view.height * height;
      var box = panel.getBoundingClientRect();
      var left = x + 12 + box.width > width ? Math.max(0, x - 12 - box.width) : x + 12;
      var top = y + 12 + box.height > height ? Math.max(0, y - 12 - box.height) : y + 12;
      panel.style.left = left + "px";
      panel.style.top = top + "px";
    }

    function hide() {
      if (current) { current.link.classList.remove("is-current"); }
      current = null;
      panel.hidden = true;
    }

    function isActive(point) {
      return (chosen === null || point.themes.indexOf(chosen) !== -1) &&
        words.every(function (word) { return point.lower.indexOf(word) !== -1; });
    }

    function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

    function describe(count, first) {
      var what = chosen === null ? "" : " of " + names[chosen];
      var text = words.length ? "\u201c" + words.join(" ") + "\u201d" : "";
      if (!words.length) {
        return plural(count, "paper", "papers") + what + " highlighted; " + first + " of them ha" +
          (first === 1 ? "s" : "ve") + " it as first theme (its colour).";
      }
      return count ? plural(count, "paper", "papers") + what + " with " + text + " in the title highlighted."
        : "No paper" + what + " has " + text + " in its title; search the whole catalog with the search box.";
    }

    function highlight(index, fromUrl) {
      chosen = index;
      var old = svg.querySelector(".map-highlight");
      if (old) { old.remove(); }
      var on = index !== null || words.length > 0;
      root.classList.toggle("is-highlighting", on);
      var layer = document.createElementNS(SVG_NS, "g");
      layer.setAttribute("class", "map-highlight");
      layer.setAttribute("aria-hidden", "true");
      var count = 0, first = 0;
      points.forEach(function (point) {
        var picked = on && isActive(point);
        point.link.classList.toggle("is-chosen", picked);
        if (!picked) { return; }
        count++;
        if (point.themes[0] === index) { first++; }
        var ring = document.createElementNS(SVG_NS, "circle");
        ring.setAttribute("cx", point.x);
        ring.setAttribute("cy", point.y);
        ring.setAttribute("r", "6");
        ring.setAttribute("class", "c" + (index === null ? point.themes[0] : index));
        layer.appendChild(ring);
      });
      if (on) { svg.appendChild(layer); }
      if (select) { select.value = index === null ? "" : idOf[index]; }
      document.querySelectorAll(".map-legend-toggle").forEach(function (button) {
        button.setAttribute("aria-pressed", String(index !== null && button.getAttribute("data-theme") === idOf[index]));
      });
      if (status) { status.textContent = on ? describe(count, first) : ""; }
      if (!fromUrl) { remember(); }
      if (current && !isActive(current)) { hide(); }
    }

    function remember() {
      var url = new URL(location.href);
      if (chosen === null) { url.searchParams.delete("theme"); } else { url.searchParams.set("theme", idOf[chosen]); }
      if (!words.length) { url.searchParams.delete("q"); } else { url.searchParams.set("q", words.join(" ")); }
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    }

    function move(point, key) {
      var dx = {ArrowLeft: -1, ArrowRight: 1}[key] || 0, dy = {ArrowUp: -1, ArrowDown: 1}[key] || 0;
      var best = null, bestScore = Infinity;
      points.forEach(function (other) {
        if (other === point || !isActive(other)) { return; }
        var ax = other.x - point.x, ay = other.y - point.y;
        var along = ax * dx + ay * dy, across = Math.abs(ax * dy - ay * dx);
        if (along <= 0 || across > 2 * along) { return; }
        var score = along + 2 * across;
        if (score < bestScore) { best = other; bestScore = score; }
      });
      return best;
    }

    function cullLabels() {
      var kept = [];
      root.querySelectorAll(".map-label").forEach(function (label) {
        label.classList.remove("is-culled");
        if (!label.offsetParent) { return; }
        var box = label.getBoundingClientRect();
        var clash = kept.some(function (other) {
          return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
        });
        if (clash) { label.classList.add("is-culled"); } else { kept.push(box); }
      });
    }

    var shownBeforeTap = false;  // a tap focuses its point (and shows it) before the click comes
    svg.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType || "mouse";
      shownBeforeTap = current !== null && current === pointOf.get(event.target.closest("a[data-t]"));
    });
    svg.addEventListener("click", function (event) {
      var point = pointOf.get(event.target.closest && event.target.closest("a[data-t]"));
      if (!point) { return; }
      if (lastPointer !== "mouse" && !shownBeforeTap) {  // a first tap shows the title, a second opens
        event.preventDefault();
        show(point);
        panel.scrollIntoView({block: "nearest"});  // on a phone the panel is under the map
      }
    });
    svg.addEventListener("mouseover", function (event) {
      var point = pointOf.get(event.target.closest && event.target.closest("a[data-t]"));
      if (point && lastPointer === "mouse") { show(point); }
    });
    svg.addEventListener("focusin", function (event) {
      var point = pointOf.get(event.target.closest("a[data-t]"));
      if (point) { show(point); }
    });
    svg.addEventListener("keydown", function (event) {
      var point = pointOf.get(event.target.closest("a[data-t]"));
      if (!point) { return; }
      if (event.key === "Escape") { hide(); return; }
      if (!/^Arrow(Left|Right|Up|Down)$/.test(event.key)) { return; }
      event.preventDefault();
      var next = move(point, event.key);
      if (next) { next.link.focus(); }
    });
    root.addEventListener("mouseleave", function () {
      if (lastPointer === "mouse" && !root.contains(document.activeElement)) { hide(); }
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) { hide(); }
    });

    if (form && select) {
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      select.addEventListener("change", function () {
        highlight(select.value ? indexById[select.value] : null, false);
      });
      document.querySelectorAll(".map-legend li[data-theme]").forEach(function (item) {
        var id = item.getAttribute("data-theme");
        if (!(id in indexById)) { return; }
        var button = element("button", "map-legend-toggle", "Highlight");
        button.type = "button";
        button.setAttribute("data-theme", id);
        button.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-label", "Highlight " + names[indexById[id]] + " on the map");
        button.addEventListener("click", function () {
          var index = indexById[id];
          highlight(chosen === index ? null : index, false);
          root.scrollIntoView({block: "nearest"});
        });
        item.appendChild(button);
      });
      var find = form.elements.find;
      var setWords = function (text) { words = text.toLowerCase().split(/\s+/).filter(Boolean); };
      if (find) {
        find.addEventListener("input", function () { setWords(find.value); highlight(chosen, false); });
      }
      var query = new URLSearchParams(location.search);
      var wanted = query.get("theme");
      if (find && query.get("q")) { find.value = query.get("q"); setWords(find.value); }
      if ((wanted && wanted in indexById) || words.length) {
        highlight(wanted && wanted in indexById ? indexById[wanted] : null, true);
      }
    }
    cullLabels();
    window.addEventListener("resize", function () { cullLabels(); if (current) { place(current); } });
  }

  document.querySelectorAll(".catalog-map").forEach(setUp);
})();
