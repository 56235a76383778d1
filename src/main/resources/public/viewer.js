// The crystal-structure viewer of the entry page: the cell, its atoms coloured by element, bonds
// and periodic images, drawn on a 2-D canvas as depth-sorted spheres and cylinders (an
// orthographic view; no WebGL or library, so it works wherever the page does). Drag (one finger)
// rotates, Shift+drag, the right button or two fingers pan, the wheel or a pinch zooms; arrow keys,
// + and − and 0 do the same on the focused canvas. Hovering or tapping an atom names its element,
// site and fractional coordinates. The model (lattice, sites, colours, covalent radii) comes from
// the server in a JSON script next to the canvas (web.ui.StructureView).
(function () {
  'use strict';
  var MAX_ATOMS = 8000; // after images and supercell; the server already caps the sites of one cell
  var MAX_BONDS = 24000;
  var BOND_WIDTH = 0.16; // Å
  var ATOM_SCALE = 0.36; // drawn radius as a fraction of the covalent radius

  function mul(a, b) { // 3×3 matrices as arrays of rows
    var r = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) for (var k = 0; k < 3; k++) r[i][j] += a[i][k] * b[k][j];
    return r;
  }
  function rotX(t) { var c = Math.cos(t), s = Math.sin(t); return [[1, 0, 0], [0, c, -s], [0, s, c]]; }
  function rotY(t) { var c = Math.cos(t), s = Math.sin(t); return [[c, 0, s], [0, 1, 0], [-s, 0, c]]; }
  function apply(m, v) {
    return [m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]];
  }
  // c up on the screen, looking along +y, then turned a little so that all three axes show
  var BASE = [[1, 0, 0], [0, 0, 1], [0, -1, 0]];
  function initialRotation() { return mul(rotX(0.32), mul(rotY(-0.55), BASE)); }

  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    return (0.299 * (n >> 16 & 255) + 0.587 * (n >> 8 & 255) + 0.114 * (n & 255)) / 255;
  }
  function shade(hex, f) { // f > 0 lighter, f < 0 darker
    var n = parseInt(hex.slice(1), 16), out = [n >> 16 & 255, n >> 8 & 255, n & 255].map(function (c) {
      return Math.round(f > 0 ? c + (255 - c) * f : c * (1 + f));
    });
    return 'rgb(' + out.join(',') + ')';
  }
  function fmt(x) { return (Math.round(x * 10000) / 10000).toFixed(4); }

  function Viewer(root) {
    var model = JSON.parse(root.querySelector('.viewer-data').textContent);
    var canvas = root.querySelector('canvas');
    var tip = root.querySelector('.viewer-tip');
    var ctx = canvas.getContext('2d');
    var L = model.lattice;
    var state = { images: true, bonds: true, labels: false, supercell: false };
    var atoms = [], bonds = [], edges = [], centre = [0, 0, 0], extent = 1;
    var rot = initialRotation(), zoom = 1, pan = [0, 0], scale = 1;
    var projected = [];

    function cart(f) {
      return [f[0] * L[0][0] + f[1] * L[1][0] + f[2] * L[2][0], f[0] * L[0][1] + f[1] * L[1][1] + f[2] * L[2][1],
              f[0] * L[0][2] + f[1] * L[1][2] + f[2] * L[2][2]];
    }

    // The atoms to draw: every site wrapped into the cell (or each cell of the 2×2×2 supercell)
    // and, with periodic images on, repeated on the far faces, edges and corners it touches.
    function build() {
      var n = state.supercell ? 2 : 1, eps = 1e-4;
      atoms = [];
      var truncated = false;
      for (var s = 0; s < model.sites.length && !truncated; s++) {
        var site = model.sites[s];
        var f = site.frac.map(function (x) { x -= Math.floor(x); return x > 1 - eps ? 0 : x; });
        var shifts = [0, 1, 2].map(function (d) {
          var list = [];
          for (var k = 0; k < n; k++) list.push(f[d] + k);
          if (state.images && f[d] < eps) list.push(f[d] + n);
          return list;
        });
        for (var i = 0; i < shifts[0].length && !truncated; i++) for (var j = 0; j < shifts[1].length; j++) for (var k = 0; k < shifts[2].length; k++) {
          if (atoms.length >= MAX_ATOMS) { truncated = true; break; }
          var fr = [shifts[0][i], shifts[1][j], shifts[2][k]];
          atoms.push({ p: cart(fr), frac: fr, e: site.e, site: s });
        }
      }
      bonds = state.bonds ? findBonds() : [];
      edges = [];
      var corner = function (i) { return cart([(i & 1) * n, (i >> 1 & 1) * n, (i >> 2 & 1) * n]); };
      [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 3], [2, 6], [3, 7], [4, 5], [4, 6], [5, 7], [6, 7]].forEach(function (e) {
        edges.push([corner(e[0]), corner(e[1])]);
      });
      centre = cart([n / 2, n / 2, n / 2]);
      extent = 0;
      for (var c = 0; c < 8; c++) extent = Math.max(extent, dist(corner(c), centre));
      atoms.forEach(function (a) { extent = Math.max(extent, dist(a.p, centre) + radius(a)); });
      root.setAttribute('data-atoms', String(atoms.length));
      root.setAttribute('data-bonds', String(bonds.length));
      root.toggleAttribute('data-truncated', truncated);
    }

    function dist(a, b) { return Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2])); }
    function sq(x) { return x * x; }
    function radius(a) { return model.elements[a.e].covalent * ATOM_SCALE; }

    // Pairs closer than the sum of covalent radii × tolerance (no metal–metal pairs in a cell with a
    // nonmetal: StructureView.NONMETALS), found through a grid of cells as
    // wide as the longest possible bond, so the work grows with the number of atoms, not its square.
    function findBonds() {
      var tol = model.bondTolerance, maxR = 0, out = [];
      model.elements.forEach(function (e) { maxR = Math.max(maxR, e.covalent); });
      var cell = 2 * maxR * tol, grid = new Map();
      function key(i, j, k) { return i + ',' + j + ',' + k; }
      atoms.forEach(function (a, idx) {
        var g = a.p.map(function (x) { return Math.floor(x / cell); });
        a.g = g;
        var kk = key(g[0], g[1], g[2]);
        if (!grid.has(kk)) grid.set(kk, []);
        grid.get(kk).push(idx);
      });
      for (var i = 0; i < atoms.length && out.length < MAX_BONDS; i++) {
        var a = atoms[i];
        for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) for (var dz = -1; dz <= 1; dz++) {
          var list = grid.get(key(a.g[0] + dx, a.g[1] + dy, a.g[2] + dz));
          if (!list) continue;
          for (var m = 0; m < list.length; m++) {
            var j = list[m];
            if (j <= i) continue;
            var b = atoms[j], d = dist(a.p, b.p);
            if (!model.metalBonds && model.elements[a.e].metal && model.elements[b.e].metal) continue;
            var limit = (model.elements[a.e].covalent + model.elements[b.e].covalent) * tol;
            if (d > 0.5 && d < limit && out.length < MAX_BONDS) out.push([i, j]);
          }
        }
      }
      return out;
    }

    function size() {
      var w = Math.max(200, canvas.parentElement.clientWidth || 320);
      var h = Math.round(Math.min(520, Math.max(280, w * 0.85)));
      var dpr = window.devicePixelRatio || 1;
      canvas.style.width = w + 'px';
      canvas.style.height = h + 'px';
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    }

    function project(p) {
      var v = apply(rot, [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]]);
      var w = canvas.width / (window.devicePixelRatio || 1), h = canvas.height / (window.devicePixelRatio || 1);
      return [w / 2 + pan[0] + v[0] * scale, h / 2 + pan[1] - v[1] * scale, v[2]];
    }

    function draw() {
      var w = canvas.width / (window.devicePixelRatio || 1), h = canvas.height / (window.devicePixelRatio || 1);
      scale = zoom * 0.46 * Math.min(w, h) / Math.max(extent, 0.5);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      var items = [];
      projected = atoms.map(function (a) { return project(a.p); });
      edges.forEach(function (e) {
        var p = project(e[0]), q = project(e[1]);
        items.push({ z: (p[2] + q[2]) / 2, kind: 'edge', p: p, q: q });
      });
      bonds.forEach(function (b) {
        var p = projected[b[0]], q = projected[b[1]];
        var mid = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2];
        items.push({ z: (p[2] + mid[2]) / 2, kind: 'bond', p: p, q: mid, colour: model.elements[atoms[b[0]].e].colour });
        items.push({ z: (q[2] + mid[2]) / 2, kind: 'bond', p: q, q: mid, colour: model.elements[atoms[b[1]].e].colour });
      });
      atoms.forEach(function (a, i) { items.push({ z: projected[i][2], kind: 'atom', i: i }); });
      items.sort(function (x, y) { return x.z - y.z; });
      ctx.lineCap = 'round';
      items.forEach(function (it) {
        if (it.kind === 'edge') {
          ctx.strokeStyle = '#3d444d';
          ctx.lineWidth = 1.2;
          ctx.beginPath(); ctx.moveTo(it.p[0], it.p[1]); ctx.lineTo(it.q[0], it.q[1]); ctx.stroke();
        } else if (it.kind === 'bond') {
          ctx.strokeStyle = '#3d444d';
          ctx.lineWidth = Math.max(2, BOND_WIDTH * scale) + 1.5;
          ctx.beginPath(); ctx.moveTo(it.p[0], it.p[1]); ctx.lineTo(it.q[0], it.q[1]); ctx.stroke();
          ctx.strokeStyle = shade(it.colour, -0.05);
          ctx.lineWidth = Math.max(2, BOND_WIDTH * scale);
          ctx.beginPath(); ctx.moveTo(it.p[0], it.p[1]); ctx.lineTo(it.q[0], it.q[1]); ctx.stroke();
        } else {
          var a = atoms[it.i], p = projected[it.i], el = model.elements[a.e], r = Math.max(2, radius(a) * scale);
          var g = ctx.createRadialGradient(p[0] - r * 0.35, p[1] - r * 0.35, r * 0.1, p[0], p[1], r);
          g.addColorStop(0, shade(el.colour, 0.55));
          g.addColorStop(0.5, el.colour);
          g.addColorStop(1, shade(el.colour, -0.35));
          ctx.fillStyle = g;
          ctx.beginPath(); ctx.arc(p[0], p[1], r, 0, 2 * Math.PI); ctx.fill();
          ctx.strokeStyle = 'rgba(31,35,40,0.7)';
          ctx.lineWidth = 0.8;
          ctx.stroke();
          if (state.labels && r > 6) {
            ctx.fillStyle = luminance(el.colour) > 0.55 ? '#1f2328' : '#ffffff';
            ctx.font = '600 ' + Math.min(16, Math.max(9, r * 0.8)) + 'px system-ui, sans-serif';
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(el.symbol, p[0], p[1]);
          }
        }
      });
      drawAxes(h);
    }

    // a, b, c as short arrows in the corner, so the orientation can be read after rotating
    function drawAxes(h) {
      var names = ['a', 'b', 'c'], colours = ['#cf222e', '#1a7f37', '#0b5cad'];
      var o = [34, h - 34];
      for (var i = 0; i < 3; i++) {
        var v = apply(rot, L[i]), len = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) || 1;
        var x = o[0] + v[0] / len * 22, y = o[1] - v[1] / len * 22;
        ctx.strokeStyle = colours[i];
        ctx.lineWidth = 2;
        ctx.beginPath(); ctx.moveTo(o[0], o[1]); ctx.lineTo(x, y); ctx.stroke();
        ctx.fillStyle = colours[i];
        ctx.font = '600 12px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(names[i], o[0] + v[0] / len * 31, o[1] - v[1] / len * 31);
      }
    }

    function atomAt(x, y) {
      var best = -1, bestZ = -Infinity;
      for (var i = 0; i < atoms.length; i++) {
        var p = projected[i], r = Math.max(2, radius(atoms[i]) * scale);
        if (sq(p[0] - x) + sq(p[1] - y) <= r * r && p[2] > bestZ) { best = i; bestZ = p[2]; }
      }
      return best;
    }

    function showTip(x, y) {
      var i = atomAt(x, y);
      if (i < 0) { tip.hidden = true; return; }
      var a = atoms[i], site = model.sites[a.site], el = model.elements[a.e];
      tip.textContent = el.symbol + (site.label && site.label !== el.symbol ? ' · ' + site.label : '')
          + (site.species ? ' · ' + site.species : '') + ' · (' + a.frac.map(fmt).join(', ') + ')';
      tip.hidden = false;
      tip.style.left = Math.round(x + 12) + 'px';
      tip.style.top = Math.round(y + 12) + 'px';
    }

    function reset() { rot = initialRotation(); zoom = 1; pan = [0, 0]; draw(); }

    // pointer input: one pointer rotates (or pans with Shift or the right button), two pan and pinch
    var pointers = new Map(), moved = 0;
    canvas.addEventListener('contextmenu', function (ev) { ev.preventDefault(); });
    canvas.addEventListener('pointerdown', function (ev) {
      canvas.setPointerCapture(ev.pointerId);
      pointers.set(ev.pointerId, { x: ev.offsetX, y: ev.offsetY, pan: ev.shiftKey || ev.button === 2 });
      moved = 0;
    });
    canvas.addEventListener('pointermove', function (ev) {
      var p = pointers.get(ev.pointerId);
      if (!p) { if (ev.pointerType === 'mouse') showTip(ev.offsetX, ev.offsetY); return; }
      var dx = ev.offsetX - p.x, dy = ev.offsetY - p.y;
      moved += Math.abs(dx) + Math.abs(dy);
      if (pointers.size >= 2) {
        var others = Array.from(pointers.entries()).filter(function (e) { return e[0] !== ev.pointerId; });
        var o = others[0][1];
        var before = Math.hypot(p.x - o.x, p.y - o.y), after = Math.hypot(ev.offsetX - o.x, ev.offsetY - o.y);
        if (before > 0) zoom = Math.max(0.2, Math.min(8, zoom * after / before));
        pan[0] += dx / 2; pan[1] += dy / 2;
      } else if (p.pan) {
        pan[0] += dx; pan[1] += dy;
      } else {
        rot = mul(rotX(dy * 0.01), mul(rotY(dx * 0.01), rot));
      }
      p.x = ev.offsetX; p.y = ev.offsetY;
      tip.hidden = true;
      draw();
    });
    function release(ev) {
      if (pointers.has(ev.pointerId) && moved < 4) showTip(ev.offsetX, ev.offsetY); // a tap names the atom
      pointers.delete(ev.pointerId);
    }
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', function (ev) { pointers.delete(ev.pointerId); });
    canvas.addEventListener('pointerleave', function (ev) { if (ev.pointerType === 'mouse') tip.hidden = true; });
    canvas.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoom = Math.max(0.2, Math.min(8, zoom * Math.exp(-ev.deltaY * 0.0015)));
      draw();
    }, { passive: false });
    canvas.addEventListener('keydown', function (ev) {
      var step = 0.087; // 5°
      var handled = true;
      if (ev.key === 'ArrowLeft') rot = mul(rotY(-step), rot);
      else if (ev.key === 'ArrowRight') rot = mul(rotY(step), rot);
      else if (ev.key === 'ArrowUp') rot = mul(rotX(-step), rot);
      else if (ev.key === 'ArrowDown') rot = mul(rotX(step), rot);
      else if (ev.key === '+' || ev.key === '=') zoom = Math.min(8, zoom * 1.15);
      else if (ev.key === '-' || ev.key === '_') zoom = Math.max(0.2, zoom / 1.15);
      else if (ev.key === '0' || ev.key === 'Home') { reset(); return ev.preventDefault(); }
      else handled = false;
      if (handled) { ev.preventDefault(); draw(); }
    });

    root.querySelectorAll('input[data-toggle]').forEach(function (box) {
      box.addEventListener('change', function () {
        state[box.getAttribute('data-toggle')] = box.checked;
        build();
        draw();
      });
    });
    root.querySelector('[data-action=reset]').addEventListener('click', reset);

    size();
    build();
    draw();
    var lastWidth = canvas.parentElement.clientWidth;
    window.addEventListener('resize', function () {
      if (canvas.parentElement.clientWidth === lastWidth) return;
      lastWidth = canvas.parentElement.clientWidth;
      size();
      draw();
    });
    root.setAttribute('data-ready', '');
  }

  function start() {
    document.querySelectorAll('[data-testid=structure-viewer]').forEach(function (root) {
      if (root.querySelector('.viewer-data')) Viewer(root);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
