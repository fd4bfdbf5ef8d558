// The animation's page (autograd.view.player): apply each step's record; zoom, pan and fit.
(function () {
  var steps = JSON.parse(document.getElementById('steps').textContent);
  var view = document.getElementById('view'), pane = document.getElementById('pane');
  var svg = pane.querySelector('svg');
  var story = document.getElementById('story'), slider = document.getElementById('slider');
  var counter = document.getElementById('counter'), play = document.getElementById('play');
  var fitButton = document.getElementById('fit');
  var last = steps.length - 1, at = 0, timer = null;
  function el(id) { return document.getElementById(id); }
  function first(node, sel) { return node ? node.querySelector(sel) : null; }
  function all(node, sel) { return node ? node.querySelectorAll(sel) : []; }
  // What each changing cell shows at the start, read from the picture itself.
  var startGrad = {}, startFlow = {};
  steps.forEach(function (s) {
    Object.keys(s.g).forEach(function (id) {
      if (id in startGrad) return;
      var g = el(id), t = first(g, 'text.grad'), f = first(g, '.fill');
      startGrad[id] = [t ? t.textContent : '', f ? f.getAttribute('fill') : '', t ? t.getAttribute('fill') : ''];
    });
    Object.keys(s.t).forEach(function (id) {
      if (!(id in startFlow)) { var t = first(el(id), 'text.flow'); startFlow[id] = t ? t.textContent : ''; }
    });
  });
  // What each step overwrote, so stepping back undoes just that step.
  (function () {
    var grads = {};
    steps.forEach(function (s) {
      s.before = {};
      Object.keys(s.g).forEach(function (id) { s.before[id] = grads[id] || startGrad[id]; grads[id] = s.g[id]; });
    });
  })();
  function undo1(s) {
    Object.keys(s.before).forEach(function (id) { setGrad(id, s.before[id]); });
    Object.keys(s.t).forEach(function (id) { var t = first(el(id), 'text.flow'); if (t) t.textContent = startFlow[id]; });
    s.e.forEach(function (id) { var g = el(id); if (g) g.classList.remove('done'); });
  }
  function setGrad(id, v) {
    var g = el(id); if (!g) return;
    var t = first(g, 'text.grad'), f = first(g, '.fill');
    if (t) t.textContent = v[0];
    if (f) f.setAttribute('fill', v[1]);
    all(g, 'text').forEach(function (x) { x.setAttribute('fill', v[2]); });
  }
  function mark(id, cls) { var g = el(id); if (g) g.classList.add(cls); }
  function unmark(s) {
    [s.n, s.o].concat(s.e, s.w).forEach(function (id) { var g = id && el(id); if (g) g.classList.remove('cur', 'hot', 'grown'); });
  }
  function apply1(s) {
    Object.keys(s.g).forEach(function (id) { setGrad(id, s.g[id]); });
    Object.keys(s.t).forEach(function (id) { var t = first(el(id), 'text.flow'); if (t) t.textContent = s.t[id]; });
    s.e.forEach(function (id) { mark(id, 'done'); });
  }
  function rebuild(k) {
    all(svg, '.done, .hot, .cur, .grown').forEach(function (g) { g.classList.remove('done', 'hot', 'cur', 'grown'); });
    var grads = {}, flows = {};
    for (var j = 1; j <= k; j++) {
      var s = steps[j];
      Object.keys(s.g).forEach(function (id) { grads[id] = s.g[id]; });
      Object.keys(s.t).forEach(function (id) { flows[id] = s.t[id]; });
      s.e.forEach(function (id) { mark(id, 'done'); });
    }
    Object.keys(startGrad).forEach(function (id) { setGrad(id, grads[id] || startGrad[id]); });
    Object.keys(startFlow).forEach(function (id) {
      var t = first(el(id), 'text.flow'); if (t) t.textContent = flows[id] || startFlow[id];
    });
  }
  var drawn = -1;  // the step the picture shows
  function show(k) {
    k = Math.max(0, Math.min(last, k));
    if (drawn >= 0 && k === drawn + 1) { unmark(steps[drawn]); apply1(steps[k]); }  // one step on: its changes only
    else if (drawn >= 0 && k === drawn - 1) { unmark(steps[drawn]); undo1(steps[drawn]); }  // one back: undo it
    else if (k !== drawn) { rebuild(k); }
    drawn = at = k;
    var now = steps[at];
    if (now.n) { mark(now.n, 'cur'); mark(now.o, 'cur'); }
    now.e.forEach(function (id) { mark(id, 'hot'); });
    now.w.forEach(function (id) { mark(id, 'grown'); });
    story.innerHTML = now.h;
    slider.value = at;
    counter.textContent = counter.dataset.word + ' ' + at + ' / ' + last;
    document.body.dataset.step = at;
    if (now.o) follow(el(now.o));
  }
  // --- zoom and pan ---------------------------------------------------------
  var scale = 1, tx = 0, ty = 0, fitted = false;
  var W = svg.getBoundingClientRect().width, H = svg.getBoundingClientRect().height;
  view.style.height = Math.max(240, Math.min(window.innerHeight * 0.68, H + 16)) + 'px';
  function apply() {
    pane.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
    document.body.dataset.zoom = scale.toFixed(4);
    fitButton.setAttribute('aria-pressed', fitted ? 'true' : 'false');
  }
  function centre() {
    var vw = view.clientWidth, vh = view.clientHeight;
    tx = W * scale < vw ? (vw - W * scale) / 2 : Math.min(0, Math.max(tx, vw - W * scale));
    ty = H * scale < vh ? (vh - H * scale) / 2 : Math.min(0, Math.max(ty, vh - H * scale));
  }
  function zoomAt(factor, cx, cy) {
    var s = Math.max(0.05, Math.min(8, scale * factor));
    tx = cx - (cx - tx) * s / scale; ty = cy - (cy - ty) * s / scale; scale = s; fitted = false;
    centre(); apply();
  }
  function fit() {
    scale = Math.min(view.clientWidth / W, view.clientHeight / H); fitted = true; centre(); apply();
  }
  function actual() { scale = 1; fitted = false; centre(); apply(); }
  function follow(node) {
    if (!node || fitted) return;
    var v = view.getBoundingClientRect(), r = node.getBoundingClientRect();
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
    tx += (v.left + v.width / 2) - (r.left + r.width / 2);
    ty += (v.top + v.height / 2) - (r.top + r.height / 2);
    centre(); apply();
  }
  view.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = view.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var pointers = {}, pinch = 0;
  function spread() {
    var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
    return p.length < 2 ? 0 : Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  }
  view.addEventListener('pointerdown', function (e) {
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    view.setPointerCapture(e.pointerId); view.classList.add('dragging'); pinch = spread();
  });
  view.addEventListener('pointermove', function (e) {
    var p = pointers[e.pointerId]; if (!p) return;
    var n = Object.keys(pointers).length;
    if (n === 1) { tx += e.clientX - p.x; ty += e.clientY - p.y; fitted = false; centre(); apply(); }
    p.x = e.clientX; p.y = e.clientY;
    if (n === 2) {
      var d = spread(), r = view.getBoundingClientRect();
      if (pinch > 0 && d > 0) zoomAt(d / pinch, e.clientX - r.left, e.clientY - r.top);
      pinch = d;
    }
  });
  function up(e) { delete pointers[e.pointerId]; pinch = spread(); if (!Object.keys(pointers).length) view.classList.remove('dragging'); }
  view.addEventListener('pointerup', up); view.addEventListener('pointercancel', up);
  function mid(f) { zoomAt(f, view.clientWidth / 2, view.clientHeight / 2); }
  document.getElementById('zoom-in').onclick = function () { mid(1.25); };
  document.getElementById('zoom-out').onclick = function () { mid(0.8); };
  document.getElementById('actual').onclick = actual;
  fitButton.onclick = function () { if (fitted) actual(); else fit(); };
  window.addEventListener('resize', function () { if (fitted) fit(); else { centre(); apply(); } });
  // --- stepping -------------------------------------------------------------
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    play.querySelector('.word').textContent = play.dataset.play;
    play.querySelector('.i-play').style.display = ''; play.querySelector('.i-pause').style.display = 'none';
  }
  function start() {
    if (at === last) show(0);
    play.querySelector('.word').textContent = play.dataset.pause;
    play.querySelector('.i-play').style.display = 'none'; play.querySelector('.i-pause').style.display = '';
    timer = setInterval(function () { if (at >= last) stop(); else show(at + 1); }, 1600);
  }
  play.onclick = function () { if (timer) stop(); else start(); };
  document.getElementById('first').onclick = function () { stop(); show(0); };
  document.getElementById('prev').onclick = function () { stop(); show(at - 1); };
  document.getElementById('next').onclick = function () { stop(); show(at + 1); };
  document.getElementById('last').onclick = function () { stop(); show(last); };
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  document.addEventListener('keydown', function (e) {
    // Space plays or pauses wherever the focus is (a focused button would otherwise be pressed again).
    if (e.target && e.target.tagName === 'INPUT' && e.key !== ' ') return;
    if (e.key === 'ArrowLeft') { stop(); show(at - 1); }
    else if (e.key === 'ArrowRight') { stop(); show(at + 1); }
    else if (e.key === 'Home') { stop(); show(0); }
    else if (e.key === 'End') { stop(); show(last); }
    else if (e.key === ' ') { if (timer) stop(); else start(); }
    else if (e.key === '+' || e.key === '=') mid(1.25);
    else if (e.key === '-') mid(0.8);
    else if (e.key === '0') actual();
    else if (e.key === 'f') fitButton.onclick();
    else return;
    e.preventDefault();
  });
  centre(); apply(); stop(); show(0);
  // Chrome keeps the boxes it drew for text shaped before the embedded font loaded; any change to a
  // font property makes it shape the text again with the font.
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { document.body.classList.add('fonts-ready'); });
  }
})();
