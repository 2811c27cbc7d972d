// The review page's behaviour: zoom and pan, details on hover, one finding's path at a time.
// Text from the BPMN file only ever goes into textContent, never into markup.
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var MIN_ZOOM = 0.02, MAX_ZOOM = 8, STEP = 1.25, MARGIN = 16, PAN = 60;
  // Labels are 11-12 px: below 75 % they get too small to read, so the first view is the
  // diagram's width only down to this zoom (pan for the rest).
  var READABLE = 0.75;

  var data = JSON.parse(document.getElementById('review-data').textContent);
  var viewport = document.getElementById('diagram');
  var svg = viewport.querySelector('svg');
  var tip = document.getElementById('tip');
  var level = document.getElementById('zoom-level');
  var box = svg.viewBox.baseVal;
  var steps = document.createElementNS(SVG_NS, 'g');
  var view = {k: 1, x: 0, y: 0};
  var drag = null;
  var shown = null;  // the element data the tip holds

  svg.appendChild(steps);
  // The overlay's <title> tooltips say less than the page's own and would pop up over it.
  svg.querySelectorAll('title').forEach(function (t) { t.remove(); });

  function apply() {
    svg.style.transform = 'translate(' + view.x.toFixed(1) + 'px, ' + view.y.toFixed(1) +
      'px) scale(' + view.k.toFixed(4) + ')';
    level.textContent = Math.round(view.k * 100) + ' %';
  }

  function clamp(k) { return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k)); }

  // Zoom keeping the diagram point under (cx, cy), in viewport pixels, where it is.
  function zoomAt(factor, cx, cy) {
    var k = clamp(view.k * factor);
    view.x = cx - (cx - view.x) * k / view.k;
    view.y = cy - (cy - view.y) * k / view.k;
    view.k = k;
    apply();
  }

  function zoomCentre(factor) {
    zoomAt(factor, viewport.clientWidth / 2, viewport.clientHeight / 2);
  }

  // Show the region (x, y, w, h) of the diagram, in viewBox units, centred at zoom k.
  function show(region, k) {
    view.k = clamp(k);
    view.x = Math.max(MARGIN, (viewport.clientWidth - region.width * view.k) / 2) -
      (region.x - box.x) * view.k;
    view.y = Math.max(MARGIN, (viewport.clientHeight - region.height * view.k) / 2) -
      (region.y - box.y) * view.k;
    apply();
  }

  function fitZoom(region) {
    return Math.min((viewport.clientWidth - 2 * MARGIN) / region.width,
                    (viewport.clientHeight - 2 * MARGIN) / region.height);
  }

  function fit() { show(box, fitZoom(box)); }

  function firstView() {
    var width = (viewport.clientWidth - 2 * MARGIN) / box.width;
    show(box, Math.min(1, Math.max(READABLE, width)));
  }

  function groups(id) {
    return svg.querySelectorAll('[data-element-id="' + CSS.escape(id) + '"]');
  }

  function regionOf(ids) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      groups(id).forEach(function (g) {
        var b = g.getBBox();
        x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
        x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
      });
    });
    return x0 > x1 ? null : {x: x0, y: y0, width: Math.max(x1 - x0, 1), height: Math.max(y1 - y0, 1)};
  }

  // Bring a finding's elements into view: readable if they fit so, else all of them.
  function focus(ids) {
    var region = regionOf(ids);
    if (region) { show(region, Math.min(Math.max(view.k, READABLE), fitZoom(region))); }
  }

  function marker(x, y, label) {
    var g = document.createElementNS(SVG_NS, 'g');
    var rect = document.createElementNS(SVG_NS, 'rect');
    var text = document.createElementNS(SVG_NS, 'text');
    var width = 10 + 7 * label.length;
    g.setAttribute('class', 'step-marker');
    rect.setAttribute('x', x - width / 2); rect.setAttribute('y', y - 9);
    rect.setAttribute('width', width); rect.setAttribute('height', 18); rect.setAttribute('rx', 9);
    text.setAttribute('x', x); text.setAttribute('y', y + 4);
    text.textContent = label;
    g.appendChild(rect); g.appendChild(text);
    return g;
  }

  // Number the path's steps at each element's top left corner; an element visited twice
  // gets both numbers.
  function drawSteps(ids) {
    var numbers = new Map();
    ids.forEach(function (id, i) { numbers.set(id, (numbers.get(id) || []).concat(i + 1)); });
    numbers.forEach(function (list, id) {
      var region = regionOf([id]);
      if (region) { steps.appendChild(marker(region.x, region.y, list.join(','))); }
    });
  }

  function clear() {
    svg.querySelectorAll('.selected').forEach(function (g) { g.classList.remove('selected'); });
    document.querySelectorAll('aside li.active').forEach(function (li) { li.classList.remove('active'); });
    steps.replaceChildren();
  }

  function select(item) {
    var finding = data.findings[Number(item.dataset.index)];
    clear();
    item.classList.add('active');
    finding.highlight.forEach(function (id) {
      groups(id).forEach(function (g) { g.classList.add('selected'); });
    });
    drawSteps(finding.steps);
    focus(finding.highlight);
  }

  function add(parent, tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) { node.textContent = text; }
    parent.appendChild(node);
    return node;
  }

  function fillTip(info) {
    tip.replaceChildren();
    add(tip, 'div', 'head', info.head);
    info.rows.forEach(function (row) {
      var line = add(tip, 'div', 'row', '');
      add(line, 'span', 'label', row[0] + ': ');
      line.appendChild(document.createTextNode(row[1]));
    });
    info.findings.forEach(function (index) {
      var finding = data.findings[index];
      add(tip, 'div', 'finding ' + finding.severity, finding.severity + ' ' + finding.text);
      if (finding.hint) { add(tip, 'div', 'hint', 'hint: ' + finding.hint); }
    });
  }

  // The element a pointer is over: its group, its external label or its badge or state note.
  function elementAt(target) {
    var g = target.closest && target.closest('[data-element-id], [data-for]');
    if (!g) { return null; }
    var id = g.getAttribute('data-element-id') || g.getAttribute('data-for');
    if (data.elements[id]) { return data.elements[id]; }
    return data.elements[id.replace(/_label$/, '')] || null;
  }

  function placeTip(event) {
    var x = event.clientX + 14, y = event.clientY + 14;
    tip.style.left = Math.max(0, Math.min(x, window.innerWidth - tip.offsetWidth - 4)) + 'px';
    tip.style.top = (y + tip.offsetHeight > window.innerHeight ?
                     Math.max(0, event.clientY - tip.offsetHeight - 8) : y) + 'px';
  }

  viewport.addEventListener('mousemove', function (event) {
    var info = drag ? null : elementAt(event.target);
    if (!info) { tip.style.display = 'none'; return; }
    if (shown !== info) { fillTip(info); shown = info; }
    tip.style.display = 'block';
    placeTip(event);
  });
  viewport.addEventListener('mouseleave', function () { tip.style.display = 'none'; });

  viewport.addEventListener('wheel', function (event) {
    event.preventDefault();
    var r = viewport.getBoundingClientRect();
    var pixels = event.deltaMode === 1 ? event.deltaY * 20 : event.deltaY;
    zoomAt(Math.exp(-pixels * 0.002), event.clientX - r.left, event.clientY - r.top);
  }, {passive: false});

  viewport.addEventListener('pointerdown', function (event) {
    if (event.button !== 0) { return; }
    drag = {x: event.clientX - view.x, y: event.clientY - view.y};
    viewport.setPointerCapture(event.pointerId);
    viewport.classList.add('dragging');
    tip.style.display = 'none';
  });
  viewport.addEventListener('pointermove', function (event) {
    if (!drag) { return; }
    view.x = event.clientX - drag.x;
    view.y = event.clientY - drag.y;
    apply();
  });
  function endDrag() { drag = null; viewport.classList.remove('dragging'); }
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);

  var KEYS = {
    '+': function () { zoomCentre(STEP); }, '=': function () { zoomCentre(STEP); },
    '-': function () { zoomCentre(1 / STEP); }, '_': function () { zoomCentre(1 / STEP); },
    '0': fit, 'Escape': clear,
    'ArrowLeft': function () { view.x += PAN; apply(); },
    'ArrowRight': function () { view.x -= PAN; apply(); },
    'ArrowUp': function () { view.y += PAN; apply(); },
    'ArrowDown': function () { view.y -= PAN; apply(); }
  };
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }  // the browser's own zoom
    if ((event.key === 'Enter' || event.key === ' ') && event.target.dataset.index) {
      event.preventDefault();
      select(event.target);
      return;
    }
    var inList = event.target.closest && event.target.closest('aside');
    if (inList && event.key.indexOf('Arrow') === 0) { return; }  // they scroll the list
    var action = KEYS[event.key];
    if (action) { event.preventDefault(); action(); }
  });

  document.getElementById('zoom-in').addEventListener('click', function () { zoomCentre(STEP); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomCentre(1 / STEP); });
  document.getElementById('fit').addEventListener('click', fit);
  document.querySelectorAll('aside li[data-index]').forEach(function (item) {
    item.addEventListener('click', function () { select(item); });
  });

  firstView();
})();
