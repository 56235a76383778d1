// Models: the list, a model card (cross-validation, importance), prediction with uncertainty and
// the features behind it, and training as a job — all through the models API.
(function () {
  var root = document.getElementById('models');
  if (!root) return;
  var id = root.getAttribute('data-model');
  var csrf = root.getAttribute('data-csrf');
  var labelsEl = document.getElementById('models-labels');
  var L = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  function tr(key, fallback) { return L[key] || fallback; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(x) { return typeof x === 'number' ? (Math.abs(x) >= 100 || x === 0 ? x.toFixed(0) : x.toPrecision(3)) : String(x); }
  function post(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf || '' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }

  if (!id) {
    fetch('/api/v1/models', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      var tbody = document.querySelector('[data-testid=models] tbody');
      d.items.forEach(function (m) {
        var tr = el('tr');
        var td = el('td'); td.appendChild(el('a', { href: '/models/' + m.id }, m.name));
        // a model no better than the trivial one is marked where it is chosen, not only on its card
        if (m.skill && !m.skill.better_than_baseline) {
          td.appendChild(el('span', { 'class': 'badge bad', 'data-testid': 'no-skill', title: m.warning || '' }, tr('no_skill_short', 'no better than the mean')));
        }
        tr.appendChild(td);
        tr.appendChild(el('td', {}, m.target + (m.unit ? ' (' + m.unit + ')' : '')));
        tr.appendChild(el('td', {}, m.access));
        var cv = m.cross_validation && m.cross_validation.summary && m.cross_validation.summary.mae;
        tr.appendChild(el('td', {}, cv ? fmt(cv.mean) + ' ± ' + fmt(cv.std) : '—'));
        tbody.appendChild(tr);
      });
    });
    var form = document.getElementById('train-form');
    if (form) form.addEventListener('submit', function (e) {
      e.preventDefault();
      var status = document.getElementById('train-status');
      var body = { datasets: [form.querySelector('[name=train_dataset]').value], target: form.querySelector('[name=target]').value };
      var name = form.querySelector('[name=name]').value;
      if (name) body.name = name;
      status.textContent = '…';
      post('/api/v1/models', body).then(function (r) {
        if (r.status >= 400) { status.textContent = r.body.detail || 'error'; return; }
        (function poll() {
          fetch(r.body.status_url, { credentials: 'same-origin' }).then(function (x) { return x.json(); }).then(function (j) {
            var p = typeof j.progress === 'number' ? ' ' + Math.round(100 * j.progress) + ' %' + (j.message ? ' — ' + j.message : '') : '';
            status.textContent = j.status + p;
            if (j.status === 'succeeded' && j.result && j.result.model) {
              status.textContent = '';
              status.appendChild(el('a', { href: '/models/' + j.result.model, 'data-testid': 'trained-model' }, j.result.name || j.result.model));
            } else if (j.status === 'failed') {
              status.textContent = j.error || 'failed';
            } else { setTimeout(poll, 1000); }
          });
        })();
      });
    });
    return;
  }

  fetch('/api/v1/models/' + id, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (m) {
    document.getElementById('model-name').textContent = m.name;
    if (m.warning) {
      var w = el('div', { 'class': 'warning', role: 'alert', 'data-testid': 'model-warning' });
      w.appendChild(el('strong', {}, tr('no_skill', 'Worse than predicting the mean')));
      w.appendChild(el('p', {}, m.warning));
      var h1 = document.getElementById('model-name');
      h1.parentNode.insertBefore(w, h1.nextSibling);
    }
    var facts = document.getElementById('model-facts');
    [[tr('fact_target', 'target'), m.target + (m.unit ? ' (' + m.unit + ')' : '')], [tr('fact_task', 'task'), m.task],
     [tr('fact_features', 'features'), m.features], [tr('fact_algorithm', 'algorithm'), m.algorithm && m.algorithm.name],
     [tr('fact_rows', 'training rows'), m.training_rows],
     [tr('fact_uncertainty', 'uncertainty'), m.algorithm && m.algorithm.uncertainty],
     [tr('fact_privacy', 'differential privacy'), m.privacy && ('ε = ' + m.privacy.epsilon + ' (' + m.privacy.meaning + ')')],
     [tr('fact_resolution', 'resolution'), m.privacy && (m.privacy.resolution + ' ' + (m.unit || ''))],
     [tr('fact_utility', 'error with / without privacy'), m.privacy && m.privacy.utility && (fmt(m.privacy.utility['private'])
       + ' / ' + fmt(m.privacy.utility.non_private) + ' (' + m.privacy.utility.metric + ')')],
     [tr('fact_attack', 'attack (membership AUC)'), m.privacy && m.privacy.utility && m.privacy.utility.attack
       && fmt(m.privacy.utility.attack.membership_auc)]].forEach(function (f) {
      if (f[1] === undefined || f[1] === null) return;
      facts.appendChild(el('dt', {}, f[0])); facts.appendChild(el('dd', {}, String(f[1])));
    });
    if (m.withheld) document.getElementById('withheld').textContent = m.withheld + (m.can_learn ? ' — ' + m.can_learn : '');
    var cv = m.cross_validation;
    if (cv && cv.summary) {
      var box = document.getElementById('cv');
      box.appendChild(el('h2', {}, tr('cv_title', 'Cross-validation ({0} folds)').replace('{0}', cv.folds)));
      var t = el('table', { 'class': 'small', 'data-testid': 'cv' });
      var head = el('tr'); ['', 'MAE', 'RMSE', 'R²'].forEach(function (h) { head.appendChild(el('th', {}, h)); }); t.appendChild(head);
      (cv.per_fold || []).forEach(function (f) {
        var tr = el('tr'); [String(f.fold + 1), fmt(f.mae), fmt(f.rmse), fmt(f.r2)].forEach(function (v) { tr.appendChild(el('td', {}, v)); }); t.appendChild(tr);
      });
      var s = cv.summary, tr2 = el('tr', { 'class': 'summary' });
      [tr('mean_std', 'mean ± std'), fmt(s.mae.mean) + ' ± ' + fmt(s.mae.std), fmt(s.rmse.mean) + ' ± ' + fmt(s.rmse.std), fmt(s.r2.mean) + ' ± ' + fmt(s.r2.std)]
        .forEach(function (v) { tr2.appendChild(el('td', {}, v)); });
      t.appendChild(tr2);
      box.appendChild(t);
    }
    if (cv && cv.summary && m.task !== 'classification') parity(m, cv);
    if (m.importance) {
      var imp = document.getElementById('importance');
      imp.appendChild(el('h2', {}, tr('importance_title', 'Feature importance (gain share)')));
      var entries = Object.keys(m.importance).map(function (k) { return [k, m.importance[k]]; })
        .sort(function (a, b) { return b[1] - a[1]; }).slice(0, 15);
      var max = entries.length ? entries[0][1] : 1;
      var list = el('div', { 'class': 'bars', 'data-testid': 'importance' });
      entries.forEach(function (e) {
        var row = el('div', { 'class': 'bar-row' });
        row.appendChild(el('span', { 'class': 'bar-label' }, e[0]));
        var bar = el('span', { 'class': 'bar' }); bar.style.width = (100 * e[1] / max) + '%';
        row.appendChild(bar);
        row.appendChild(el('span', { 'class': 'bar-value' }, fmt(e[1])));
        list.appendChild(row);
      });
      imp.appendChild(list);
    }
  });

  /**
   * Parity plot of the out-of-fold predictions: each training row's measured value against what
   * the model that did not see it predicted, with the y = x line. Models trained before these
   * were kept say so instead.
   */
  function parity(m, cv) {
    var box = document.getElementById('parity');
    var unit = m.unit ? ' / ' + m.unit : '';
    box.appendChild(el('h2', {}, tr('parity_title', 'Parity plot (out-of-fold predictions)')));
    var oof = cv.out_of_fold;
    if (!oof || !oof.actual || !oof.actual.length || !window.matdxPlot) {
      box.appendChild(el('p', { 'class': 'empty', 'data-testid': 'parity-none' }, tr('parity_none', 'No parity data: this model was trained before out-of-fold predictions were kept.')));
      return;
    }
    var rows = oof.actual.map(function (a, i) { return { a: a, p: oof.predicted[i], f: (oof.formula || [])[i] || '' }; })
      .sort(function (x, y) { return x.a - y.a; });
    var div = el('div', { 'class': 'plot', id: 'parity-plot', 'data-testid': 'parity' });
    var wrap = el('div', { 'class': 'plot-box' });
    wrap.appendChild(div);
    box.appendChild(wrap);
    var point = el('p', { 'class': 'meta parity-point', 'data-testid': 'parity-point', 'aria-live': 'polite' }, ' ');
    box.appendChild(point);
    var lo = Math.min(rows[0].a, Math.min.apply(null, rows.map(function (r) { return r.p; })));
    var hi = Math.max(rows[rows.length - 1].a, Math.max.apply(null, rows.map(function (r) { return r.p; })));
    // the y = x line spans the whole range of both axes: two extra x values with only the line defined
    var xs = [lo].concat(rows.map(function (r) { return r.a; }), [hi]);
    var ps = [null].concat(rows.map(function (r) { return r.p; }), [null]);
    var plot = window.matdxPlot(div, {
      title: '', square: true,
      xLabel: tr('parity_actual', 'measured') + ' ' + m.target + unit,
      yAxis: tr('parity_predicted', 'predicted (out of fold)') + ' ' + m.target + unit,
      yLabels: [tr('parity_predicted', 'predicted (out of fold)'), 'y = x'],
      styles: [{ points: true, line: false, colour: '#1f6feb', size: 7 }, { colour: '#8c959f', dash: [6, 4], width: 1 }],
      data: [xs, ps, xs.slice()]
    });
    plot.over.addEventListener('mousemove', function () {
      var i = plot.cursor.idx;
      var r = i > 0 && i <= rows.length ? rows[i - 1] : null;
      if (r) point.textContent = r.f + ': ' + fmt(r.a) + ' → ' + fmt(r.p) + (m.unit ? ' ' + m.unit : '');
    });
  }

  document.getElementById('predict-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var out = document.getElementById('prediction');
    out.textContent = '…';
    post('/api/v1/models/' + id + '/predict', { formula: e.target.querySelector('[name=formula]').value }).then(function (r) {
      out.textContent = '';
      if (r.status >= 400) { out.appendChild(el('p', { 'class': 'field-error' }, r.body.detail)); return; }
      var p = r.body;
      out.appendChild(el('p', { 'class': 'prediction', 'data-testid': 'predicted' }, p.formula + ': ' + fmt(p.prediction) + ' ± ' + fmt(p.uncertainty) + ' ' + (p.unit || '')));
      var d = p.applicability_domain;
      if (d && d.checked && !d.in_domain) {
        var box = el('div', { 'class': 'warning', role: 'alert', 'data-testid': 'outside-domain' });
        box.appendChild(el('strong', {}, tr('outside_domain', "Outside the model's domain")));
        var reasons = el('ul');
        d.reasons.forEach(function (x) { reasons.appendChild(el('li', {}, x)); });
        box.appendChild(reasons);
        out.appendChild(box);
      } else if (d && d.checked) {
        out.appendChild(el('p', { 'class': 'meta', 'data-testid': 'in-domain' }, tr('in_domain', "Within the model's domain")));
      } else if (d) {
        out.appendChild(el('p', { 'class': 'meta', 'data-testid': 'domain-unchecked' }, tr('domain_unchecked', 'Domain not checked') + ': ' + d.reason));
      }
      (p.warnings || []).filter(function (x) { return x.indexOf('outside the model') !== 0; }).forEach(function (x) {
        out.appendChild(el('p', { 'class': 'warning', role: 'alert', 'data-testid': 'prediction-warning' }, x));
      });
      if (p.contributions && p.contributions.length) {
        var ul = el('ul', { 'class': 'contributions' });
        p.contributions.forEach(function (c) { ul.appendChild(el('li', {}, c.feature + ' = ' + fmt(c.value) + ' → ' + (c.contribution >= 0 ? '+' : '') + fmt(c.contribution))); });
        out.appendChild(ul);
      }
    });
  });
})();
