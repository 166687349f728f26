/* The catalog map (map/ only): highlight a theme, show a point's title on hover, tap and focus,
   move between points with the arrow keys, zoom (buttons, a cluster's name, Ctrl + wheel, pinch)
   and pan (drag), and place the cluster labels where they cover no dot. ?paper=<id> opens on a
   paper's point. Without JavaScript the map is the same drawing of links. All text goes in with
   textContent. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NEARBY = 4;
  var MAX_ZOOM = 8, STEP = 2;
  var DRAG_PIXELS = 5;  // a press that moves less than this is a click or a tap, not a drag
  var NARROW = 600;  // pixels: a map drawn narrower than this opens ?paper= zoomed in
  // How far (in label heights, and half label widths to the sides) a label may move off its
  // cluster's centre to find a place that covers as few dots as can be.
  var LABEL_SHIFTS = [0, -1, 1, -2, 2, -3, 3], LABEL_SIDES = [0, -1, 1];

  function setUp(root) {
    var svg = root.querySelector("svg");
    var canvas = root.querySelector(".map-canvas");
    var full = {x: 0, y: 0, w: svg.viewBox.baseVal.width, h: svg.viewBox.baseVal.height};
    var view = {x: full.x, y: full.y, w: full.w, h: full.h};
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
    var clusters = {};  // by number: the cluster's name, centre and bounds, in drawing units
    svg.querySelectorAll("g[data-cluster]").forEach(function (group) {
      var members = Array.prototype.map.call(group.querySelectorAll("a[data-t]"), function (link) { return pointOf.get(link); });
      if (!members.length) { return; }
      var xs = members.map(function (point) { return point.x; }), ys = members.map(function (point) { return point.y; });
      var sum = function (values) { return values.reduce(function (a, b) { return a + b; }, 0); };
      clusters[group.getAttribute("data-cluster")] = {
        x: sum(xs) / xs.length, y: sum(ys) / ys.length,
        left: Math.min.apply(null, xs), right: Math.max.apply(null, xs),
        top: Math.min.apply(null, ys), bottom: Math.max.apply(null, ys)
      };
    });
    var labels = Array.prototype.map.call(root.querySelectorAll(".map-label"), function (label) {
      return {element: label, cluster: clusters[label.getAttribute("data-cluster")], text: label.textContent};
    }).filter(function (label) { return label.cluster; });
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

    function scale() { return svg.getBoundingClientRect().width / view.w; }  // pixels per drawing unit

    function toScreen(x, y) {  // drawing units to pixels from the canvas's top left corner
      var factor = scale();
      return {x: (x - view.x) * factor, y: (y - view.y) * factor};
    }

    function inView(point) {
      return point.x >= view.x && point.x <= view.x + view.w && point.y >= view.y && point.y <= view.y + view.h;
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
      var spot = toScreen(point.x, point.y);
      var box = panel.getBoundingClientRect();
      var left = spot.x + 12 + box.width > width ? Math.max(0, spot.x - 12 - box.width) : spot.x + 12;
      var top = spot.y + 12 + box.height > height ? Math.max(0, spot.y - 12 - box.height) : spot.y + 12;
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

    /* The dot an arrow key moves to: of the highlighted dots within 45 degrees of the key's
       direction (so every dot is in some key's cone), the nearest, a dot off to the side
       counting as up to twice as far; with none there, focus stays. */
    function move(point, key) {
      var dx = {ArrowLeft: -1, ArrowRight: 1}[key] || 0, dy = {ArrowUp: -1, ArrowDown: 1}[key] || 0;
      var best = null, bestScore = Infinity;
      points.forEach(function (other) {
        if (other === point || !isActive(other)) { return; }
        var ax = other.x - point.x, ay = other.y - point.y;
        var along = ax * dx + ay * dy, across = Math.abs(ax * dy - ay * dx);
        if (along <= 0 || across > along) { return; }
        var score = Math.sqrt(along * along + across * across) + across;
        if (score < bestScore) { best = other; bestScore = score; }
      });
      return best;
    }

    /* Zooming: the view is the part of the drawing the SVG shows (its viewBox), always of the
       drawing's shape. Dots grow more slowly than the drawing (--map-unit), so a zoom spreads a
       dense core apart. */
    var zoomIn, zoomOut, zoomAll, zoomTo;

    function setView(width, centreX, centreY) {
      var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, width));
      var h = w * full.h / full.w;
      view.w = w;
      view.h = h;
      view.x = Math.min(full.x + full.w - w, Math.max(full.x, centreX - w / 2));
      view.y = Math.min(full.y + full.h - h, Math.max(full.y, centreY - h / 2));
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (value) { return Math.round(value * 100) / 100; }).join(" "));
      var zoom = full.w / view.w;
      root.style.setProperty("--map-unit", String(Math.pow(zoom, -0.75)));
      root.classList.toggle("is-zoomed", zoom > 1.001);
      if (zoomIn) {
        zoomIn.disabled = zoom >= MAX_ZOOM - 0.001;
        zoomOut.disabled = zoomAll.disabled = zoom <= 1.001;
      }
      placeLabels();
      if (current) { place(current); }
    }

    function zoomBy(factor, screenX, screenY) {  // keep the drawing's spot under (screenX, screenY) still
      var rect = svg.getBoundingClientRect();
      var fx = screenX === undefined ? 0.5 : (screenX - rect.left) / rect.width;
      var fy = screenY === undefined ? 0.5 : (screenY - rect.top) / rect.height;
      var x = view.x + fx * view.w, y = view.y + fy * view.h;
      var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w / factor)), h = w * full.h / full.w;
      setView(w, x - fx * w + w / 2, y - fy * h + h / 2);
    }

    function zoomToCluster(cluster) {
      var margin = 30;
      var w = Math.max(cluster.right - cluster.left + 2 * margin, (cluster.bottom - cluster.top + 2 * margin) * full.w / full.h);
      setView(w, (cluster.left + cluster.right) / 2, (cluster.top + cluster.bottom) / 2);
    }

    function keepInView(point) {  // pan (not zoom) so that a point focused off the view comes into it
      if (inView(point)) { return; }
      setView(view.w, point.x, point.y);
    }

    function makeZoomControls() {
      var bar = element("div", "map-zoom");
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", "Zoom the map");
      function button(text, label, action) {
        var made = element("button", "map-zoom-button", text);
        made.type = "button";
        made.setAttribute("aria-label", label);
        made.title = label;
        made.addEventListener("click", action);
        bar.appendChild(made);
        return made;
      }
      zoomIn = button("+", "Zoom in", function () { zoomBy(STEP); });
      zoomOut = button("\u2212", "Zoom out", function () { zoomBy(1 / STEP); });
      zoomAll = button("Whole map", "Whole map", function () { setView(full.w, full.w / 2, full.h / 2); });
      if (labels.length) {
        zoomTo = element("select");  // its first option says what it does, in less room than a label
        zoomTo.setAttribute("aria-label", "Zoom to a cluster");
        zoomTo.appendChild(new Option("Zoom to a cluster\u2026", ""));
        labels.forEach(function (entry) {
          zoomTo.appendChild(new Option(entry.text, entry.element.getAttribute("data-cluster")));
        });
        zoomTo.addEventListener("change", function () {
          if (zoomTo.value && clusters[zoomTo.value]) { zoomToCluster(clusters[zoomTo.value]); }
        });
        bar.appendChild(zoomTo);
      }
      // Before the skip link, which leads past the map's links, and so before the first of them.
      var skip = root.previousElementSibling;
      if (skip && skip.classList.contains("map-skip")) { skip.parentNode.insertBefore(bar, skip); } else { root.insertBefore(bar, canvas); }
    }

    /* Labels: largest cluster first (the page's order), each at the place near its cluster's
       centre that covers fewest dots (the nearest of those), inside the map and off the labels
       placed before; a label with no such place, or whose cluster is out of the view, is not
       shown, nor is a minor one (a small cluster's) that would cover a dot. Zooming in spreads the dots, so more labels find room and cover none. */
    function placeLabels() {
      var width = svg.getBoundingClientRect().width, height = svg.getBoundingClientRect().height;
      if (!width) { return; }
      var factor = scale();
      var radius = 7;  // pixels round a dot's centre a label keeps clear of
      var spots = points.filter(inView).map(function (point) { return toScreen(point.x, point.y); });
      var kept = [];
      labels.forEach(function (label) {
        var node = label.element;
        node.classList.remove("is-culled");
        node.style.display = "block";  // measured even where a narrow screen's style hides it
        var w = node.offsetWidth, h = node.offsetHeight;
        var centre = {x: (label.cluster.x - view.x) * factor, y: (label.cluster.y - view.y) * factor};
        var found = null, fewest = Infinity;
        if (centre.x >= 0 && centre.x <= width && centre.y >= 0 && centre.y <= height) {
          candidates(centre, w, h).some(function (box) {
            if (box.left < 0 || box.top < 0 || box.right > width || box.bottom > height) { return false; }
            if (kept.some(function (other) { return overlap(box, other); })) { return false; }
            var covered = spots.filter(function (spot) {
              return spot.x > box.left - radius && spot.x < box.right + radius && spot.y > box.top - radius && spot.y < box.bottom + radius;
            }).length;
            if (covered < fewest) { found = box; fewest = covered; }
            return covered === 0;
          });
        }
        if (!found || (fewest > 0 && node.classList.contains("map-label--minor"))) {  // a small cluster's label only where it covers no dot
          node.classList.add("is-culled");
          return;
        }
        kept.push(found);
        node.classList.toggle("is-over-dots", fewest > 0);
        node.style.left = (found.left + w / 2) + "px";
        node.style.top = (found.top + h / 2) + "px";
      });
    }

    function candidates(centre, w, h) {
      var boxes = [];
      LABEL_SHIFTS.forEach(function (shift) {
        LABEL_SIDES.forEach(function (side) {
          var x = centre.x + side * w / 2, y = centre.y + shift * h;
          boxes.push({left: x - w / 2, top: y - h / 2, right: x + w / 2, bottom: y + h / 2,
                      distance: Math.abs(shift) * h + Math.abs(side) * w / 2});
        });
      });
      return boxes.sort(function (a, b) { return a.distance - b.distance; });
    }

    function overlap(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

    /* Drag to pan, two fingers to pinch; a press that moved is no click. */
    var presses = new Map(), gesture = null, dragged = false;
    svg.addEventListener("pointerdown", function (event) {
      presses.set(event.pointerId, {x: event.clientX, y: event.clientY});
      dragged = false;
      gesture = {view: {x: view.x, y: view.y, w: view.w}, start: Array.from(presses.values()).map(function (p) { return {x: p.x, y: p.y}; })};
    });
    svg.addEventListener("pointermove", function (event) {
      if (!presses.has(event.pointerId) || !gesture) { return; }
      presses.set(event.pointerId, {x: event.clientX, y: event.clientY});
      var now = Array.from(presses.values()), start = gesture.start;
      if (now.length !== start.length) { return; }
      var rect = svg.getBoundingClientRect(), factor = rect.width / gesture.view.w;
      if (now.length === 2) {
        var before = Math.hypot(start[0].x - start[1].x, start[0].y - start[1].y);
        var after = Math.hypot(now[0].x - now[1].x, now[0].y - now[1].y);
        if (before < 1) { return; }
        dragged = true;
        var midX = (start[0].x + start[1].x) / 2 - rect.left, midY = (start[0].y + start[1].y) / 2 - rect.top;
        var x = gesture.view.x + midX / factor, y = gesture.view.y + midY / factor;
        var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, gesture.view.w * before / after));
        var h = w * full.h / full.w, fx = midX / rect.width, fy = midY / rect.height;
        setView(w, x - fx * w + w / 2, y - fy * h + h / 2);
        return;
      }
      var moveX = now[0].x - start[0].x, moveY = now[0].y - start[0].y;
      if (!dragged && Math.hypot(moveX, moveY) < DRAG_PIXELS) { return; }
      if (gesture.view.w >= full.w) { return; }  // the whole map: nothing to pan, let the page scroll
      dragged = true;
      setView(gesture.view.w, gesture.view.x + gesture.view.w / 2 - moveX / factor,
              gesture.view.y + gesture.view.w * full.h / full.w / 2 - moveY / factor);
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      svg.addEventListener(type, function (event) {
        presses.delete(event.pointerId);
        gesture = presses.size ? {view: {x: view.x, y: view.y, w: view.w},
                                  start: Array.from(presses.values()).map(function (p) { return {x: p.x, y: p.y}; })} : null;
      });
    });
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopImmediatePropagation(); dragged = false; }
    }, true);
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) { return; }  // a plain wheel scrolls the page; a trackpad pinch comes with Ctrl
      event.preventDefault();
      zoomBy(Math.pow(2, -event.deltaY / 200), event.clientX, event.clientY);
    }, {passive: false});

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
      if (point && lastPointer === "mouse" && !gesture) { show(point); }
    });
    svg.addEventListener("focusin", function (event) {
      var point = pointOf.get(event.target.closest("a[data-t]"));
      if (point) { keepInView(point); show(point); }
    });
    svg.addEventListener("keydown", function (event) {
      var point = pointOf.get(event.target.closest("a[data-t]"));
      if (!point) { return; }
      if (event.key === "Escape") { hide(); return; }
      if (event.key === "+" || event.key === "=" || event.key === "-") {
        event.preventDefault();
        var spot = toScreen(point.x, point.y), rect = svg.getBoundingClientRect();
        zoomBy(event.key === "-" ? 1 / STEP : STEP, rect.left + spot.x, rect.top + spot.y);
        keepInView(point);
        return;
      }
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
    root.classList.add("has-zoom");
    makeZoomControls();
    setView(full.w, full.w / 2, full.h / 2);
    openPaper(new URLSearchParams(location.search).get("paper"));
    window.addEventListener("resize", function () { placeLabels(); if (current) { place(current); } });

    /* ?paper=<id> (a paper page's "See this paper on the map"): focus its point, which shows its
       panel; on a narrow map, zoomed in round it. */
    function openPaper(id) {
      if (!id) { return; }
      var pattern = root.getAttribute("data-paper-link") || "";
      var href = pattern.replace("{id}", encodeURIComponent(id));
      var point = pattern && points.find(function (candidate) { return candidate.href === href; });
      if (!point) {
        if (status) { status.textContent = "That paper is not drawn on this map."; }
        return;
      }
      if (svg.getBoundingClientRect().width < NARROW) { setView(full.w / 4, point.x, point.y); }
      point.link.classList.add("is-target");
      point.link.focus({preventScroll: true});
      root.scrollIntoView({block: "start"});
    }
  }

  document.querySelectorAll(".catalog-map").forEach(setUp);
})();
