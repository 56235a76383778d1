// The upload page: builds the invoice form from the chosen template's JSON Schema, sends the
// files to the ingest API with live progress, and shows a result per file and each invoice
// problem next to its field.
(function () {
  var form = document.getElementById('upload-form');
  if (!form) return;
  // not form.dataset: a form's controls shadow its properties, and one of them is called "dataset"
  var lang = form.getAttribute('data-lang') || 'en';
  var csrf = form.getAttribute('data-csrf');
  var labels = JSON.parse(document.getElementById('upload-labels').textContent);
  var invoice = document.getElementById('invoice');
  var results = document.getElementById('results');
  var progress = document.getElementById('progress');
  var templateSelect = form.querySelector('select[name=template]');
  var fileInput = form.querySelector('input[name=file]');
  var drop = document.getElementById('drop');
  var progressText = document.getElementById('progress-text');

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function label(schema, key) {
    var l = schema['x-label'];
    return l ? (l[lang] || l.en || key) : key;
  }

  function field(path, key, schema, required) {
    var row = el('div', { 'class': 'invoice-field' });
    var name = path + '.' + key;
    var id = 'f-' + name.replace(/\./g, '-');
    var lab = el('label', { 'for': id }, label(schema, key) + (required ? ' *' : ''));
    row.appendChild(lab);
    var input;
    if (schema['enum']) {
      input = el('select', { id: id, name: name });
      input.appendChild(el('option', { value: '' }, '—'));
      schema['enum'].forEach(function (v) { input.appendChild(el('option', { value: v }, v)); });
    } else if (schema.type === 'boolean') {
      input = el('input', { id: id, name: name, type: 'checkbox' });
    } else if (schema.type === 'number' || schema.type === 'integer') {
      input = el('input', { id: id, name: name, type: 'number', step: schema.type === 'integer' ? '1' : 'any',
        min: schema.minimum, max: schema.maximum, 'data-type': schema.type });
    } else if (schema.format === 'date') {
      input = el('input', { id: id, name: name, type: 'date' });
    } else if ((schema.maxLength || 0) > 1000) {
      input = el('textarea', { id: id, name: name, rows: 2 });
    } else {
      input = el('input', { id: id, name: name, type: 'text' });
    }
    if (required) input.required = true;
    row.appendChild(input);
    if (schema['x-unit']) row.appendChild(el('span', { 'class': 'unit' }, schema['x-unit']));
    row.appendChild(el('span', { 'class': 'field-error', 'data-for': name }));
    return row;
  }

  function section(title, path, schema) {
    var fs = el('fieldset', { 'class': 'invoice-part', 'data-part': path });
    fs.appendChild(el('legend', {}, title));
    // a problem of the part as a whole (e.g. "sample") is shown at the top of the part
    fs.appendChild(el('span', { 'class': 'field-error', 'data-for': path }));
    var req = schema.required || [];
    Object.keys(schema.properties || {}).forEach(function (k) {
      var p = schema.properties[k];
      if (p.type === 'object') return;
      fs.appendChild(field(path, k, p, req.indexOf(k) >= 0));
    });
    return fs;
  }

  function render(t) {
    invoice.innerHTML = '';
    var s = t.invoice_schema;
    var props = s.properties || {};
    if (props.basic) invoice.appendChild(section(label(props.basic, 'basic'), 'invoice.basic', props.basic));
    if (props.sample) invoice.appendChild(section(label(props.sample, 'sample'), 'invoice.sample', props.sample));
    if (props.custom && props.custom.properties && Object.keys(props.custom.properties).length) {
      invoice.appendChild(section(labels.custom + ' — ' + (t.name || t.id), 'invoice.custom', props.custom));
    }
    if (templateSelect.value === 'auto') invoice.appendChild(el('p', { 'class': 'meta' }, labels.auto_note));
  }

  function load() {
    var id = templateSelect.value;
    if (id === 'auto') {
      // the shared basic and sample parts are the same in every template: show them from the first
      var first = templateSelect.options[1];
      if (!first) return;
      id = first.value;
    }
    fetch('/api/v1/templates/' + encodeURIComponent(id) + '?lang=' + lang, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (t) {
        if (templateSelect.value === 'auto' && t.invoice_schema.properties.custom) t.invoice_schema.properties.custom = {};
        render(t);
      });
  }

  function collect() {
    var inv = {};
    invoice.querySelectorAll('input, select, textarea').forEach(function (f) {
      if (!f.name || f.name.indexOf('invoice.') !== 0) return;
      var v;
      if (f.type === 'checkbox') { if (!f.checked) return; v = true; }
      else if (f.value === '') return;
      else if (f.type === 'number') v = Number(f.value);
      else v = f.value;
      var parts = f.name.split('.').slice(1);
      var o = inv;
      for (var i = 0; i < parts.length - 1; i++) { o[parts[i]] = o[parts[i]] || {}; o = o[parts[i]]; }
      o[parts[parts.length - 1]] = v;
    });
    return inv;
  }

  function showErrors(errors) {
    invoice.querySelectorAll('.field-error').forEach(function (e) { e.textContent = ''; });
    var unplaced = [];
    (errors || []).forEach(function (e) {
      // the field's own slot, else the nearest enclosing part's (sample.x.y → sample.x → sample)
      var f = (e.field || '').replace(/^invoice\./, '');
      var slot = null;
      while (f && !slot) {
        slot = invoice.querySelector('.field-error[data-for="invoice.' + f + '"]');
        f = f.indexOf('.') < 0 ? '' : f.substring(0, f.lastIndexOf('.'));
      }
      if (slot) slot.textContent = e.message; else unplaced.push(e);
    });
    return unplaced;
  }

  // The same rule as the server's (Invoice.parse): an existing sample is named by its id alone,
  // a new one by name and composition. Said next to the sample ID while typing, not after upload.
  function sampleProblems() {
    var value = function (k) {
      var f = invoice.querySelector('[name="invoice.sample.' + k + '"]');
      return f ? f.value.trim() : '';
    };
    return value('id') && (value('name') || value('composition'))
      ? [{ field: 'sample.id', message: labels.sample_conflict }] : [];
  }

  invoice.addEventListener('input', function (e) {
    if (!e.target.name || e.target.name.indexOf('invoice.sample.') !== 0) return;
    var slot = invoice.querySelector('.field-error[data-for="invoice.sample.id"]');
    if (slot) slot.textContent = sampleProblems().length ? labels.sample_conflict : '';
  });

  function resultRow(r) {
    var li = el('li', { 'class': r.error ? 'result failed' : 'result stored', 'data-testid': 'result' });
    li.appendChild(el('b', { 'class': 'source' }, r.file || ''));
    if (r.error) {
      li.appendChild(el('span', { 'class': 'badge outcome failed' }, labels.failed));
      li.appendChild(el('span', { 'class': 'reason' }, ' ' + r.error));
      // the issues, one per line, unless the error sentence already says all of them
      if (r.issues && r.issues.some(function (i) { return r.error.indexOf(i.message) < 0; })) {
        var ul = el('ul', { 'class': 'issues' });
        r.issues.forEach(function (i) { ul.appendChild(el('li', { 'data-field': i.field }, i.field + ': ' + i.message)); });
        li.appendChild(ul);
      }
    } else {
      li.appendChild(el('span', { 'class': 'badge outcome succeeded' }, labels.stored));
      if (r.points) li.appendChild(el('span', {}, ' ' + r.points + ' ' + labels.points + ' '));
      var entry = r.entry || (r.entries && r.entries[0] && (r.entries[0].id || r.entries[0]));
      if (entry) li.appendChild(el('a', { href: '/entries/' + entry, 'data-testid': 'result-link' }, labels.open));
    }
    return li;
  }

  /** A batch or archive answer: "n of m stored", then one line per row or main file. */
  function showSummary(body) {
    var list = el('ul', { 'class': 'results' });
    (body.results || [body]).forEach(function (r) { list.appendChild(resultRow(r)); });
    if (body.results) {
      results.appendChild(el('p', { 'class': 'summary', 'data-testid': 'summary' },
        labels.summary.replace('{0}', body.succeeded).replace('{1}', body.files)));
    }
    // the other files of the run directories: attached to which entry, or not stored and why
    (body.attachments || []).forEach(function (a) { list.appendChild(attachmentRow(a)); });
    // files not stored because they are not data (macOS resource forks, Thumbs.db), with why
    (body.skipped || []).forEach(function (s) {
      var li = el('li', { 'class': 'result skipped', 'data-testid': 'skipped' });
      li.appendChild(el('b', { 'class': 'source' }, s.file || ''));
      li.appendChild(el('span', { 'class': 'badge outcome' }, labels.skipped));
      li.appendChild(el('span', { 'class': 'reason' }, ' ' + (s.reason || '')));
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  function attachmentRow(a) {
    var ok = a.outcome === 'attached';
    var li = el('li', { 'class': ok ? 'result attached' : 'result failed', 'data-testid': 'attachment' });
    li.appendChild(el('b', { 'class': 'source' }, a.file || ''));
    li.appendChild(el('span', { 'class': 'badge outcome ' + (ok ? 'succeeded' : 'failed') }, ok ? labels.attached : labels.not_stored));
    if (ok) {
      li.appendChild(el('span', {}, ' ' + labels.attached_with.replace('{0}', a.main) + ' '));
      (a.entries || []).forEach(function (id) {
        li.appendChild(el('a', { href: '/entries/' + id, 'data-testid': 'attachment-link' }, labels.open));
      });
    } else {
      li.appendChild(el('span', { 'class': 'reason' }, ' ' + (a.reason || '') + ' (' + a.main + ')'));
    }
    return li;
  }

  function fail(text) {
    var list = el('ul', { 'class': 'results' });
    var li = el('li', { 'class': 'result failed' });
    li.appendChild(el('span', { 'class': 'badge outcome failed' }, labels.invalid));
    li.appendChild(el('span', { 'class': 'reason', 'data-testid': 'upload-error' }, ' ' + text));
    list.appendChild(li);
    results.appendChild(list);
  }

  /** Batches and archives run as a background job: follow its progress, then show its per-file results. */
  function follow(url) {
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (j) {
      if (j.status === 'succeeded') {
        progress.value = 100;
        progressText.textContent = '';
        showSummary(j.result || {});
      } else if (j.status === 'failed') {
        progressText.textContent = '';
        fail(labels.job_failed + ' ' + (j.error || ''));
      } else {
        progress.value = 100 * (typeof j.progress === 'number' ? j.progress : 0);
        progressText.textContent = labels.processing + (j.message ? ' — ' + j.message : '');
        setTimeout(function () { follow(url); }, 500);
      }
    });
  }

  function mode() { return form.querySelector('input[name=mode]:checked').value; }
  function applyMode() {
    var m = mode();
    form.querySelectorAll('[data-mode]').forEach(function (e) { e.hidden = e.getAttribute('data-mode') !== m; });
    invoice.hidden = m === 'batch'; // each row of the sheet is an invoice
    form.noValidate = m === 'batch'; // the hidden invoice form's required fields do not apply
    templateSelect.closest('label').hidden = m === 'batch';
    fileInput.multiple = m !== 'zip';
    fileInput.accept = m === 'zip' ? '.zip,application/zip,.tar,.tar.gz,.tgz,.tar.bz2,.tar.xz,application/x-tar,application/gzip' : '';
  }
  form.querySelectorAll('input[name=mode]').forEach(function (r) { r.addEventListener('change', applyMode); });

  templateSelect.addEventListener('change', load);
  ['dragenter', 'dragover'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) { if (e.dataTransfer && e.dataTransfer.files.length) fileInput.files = e.dataTransfer.files; });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    results.innerHTML = '';
    showErrors([]);
    var m = mode();
    var files = Array.prototype.slice.call(fileInput.files);
    var sheet = form.querySelector('input[name=sheet]').files[0];
    if (m === 'batch' && !sheet) { fail(labels.need_sheet); return; }
    if (m === 'zip' && (files.length !== 1 || !/\.(zip|tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i.test(files[0].name))) { fail(labels.need_zip); return; }
    if (m !== 'batch' && sampleProblems().length) {
      showErrors(sampleProblems());
      invoice.querySelector('[name="invoice.sample.id"]').focus();
      return;
    }
    var data = new FormData();
    files.forEach(function (f) { data.append('file', f, f.name); });
    if (m === 'batch') {
      data.append('sheet', sheet, sheet.name);
      data.append('mode', 'batch');
    } else {
      data.append('invoice', JSON.stringify(collect()));
      data.append('template', templateSelect.value);
      var axis = form.querySelector('select[name=x_axis]').value;
      if (axis !== 'auto') data.append('x_axis', axis);
      if (m === 'zip') data.append('mode', 'tree');
    }
    if (form.querySelector('input[name=restricted_all]').checked) data.append('restricted', '*');
    var dataset = form.querySelector('select[name=dataset]').value;
    var background = m !== 'files';
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/datasets/' + dataset + '/ingest?lang=' + lang + (background ? '&async=true' : ''));
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    progress.hidden = false;
    progress.value = 0;
    progressText.textContent = labels.uploading;
    xhr.upload.onprogress = function (ev) { if (ev.lengthComputable) progress.value = 100 * ev.loaded / ev.total; };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { detail: xhr.responseText }; }
      if (xhr.status === 202 && body.status_url) {
        progress.value = 0;
        follow(body.status_url);
        return;
      }
      progress.value = 100;
      progressText.textContent = '';
      if (xhr.status >= 400) {
        var rest = showErrors(body.errors);
        fail(rest.length ? rest.map(function (x) { return x.field + ': ' + x.message; }).join('; ') : body.detail || '');
      } else {
        showSummary(body);
      }
    };
    xhr.send(data);
  });
  applyMode();
  load();
})();
