// The dataset page: the owner's access editor (PUT /api/v1/datasets/{id}/access) and the
// published versions with their citation, DataCite and RO-Crate downloads.
(function () {
  var exports = document.getElementById('version-exports');
  if (exports) {
    var ds = exports.getAttribute('data-dataset');
    fetch('/api/v1/datasets/' + ds + '/versions', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (d) {
        (d.items || []).forEach(function (v) {
          var n = v.number || v.version;
          var base = '/api/v1/datasets/' + ds + '/versions/' + n;
          var p = document.createElement('p');
          p.className = 'version';
          p.appendChild(document.createTextNode((v.pid || ('v' + n)) + ' '));
          [['BibTeX', base + '/citation?format=bibtex'], ['CSL-JSON', base + '/citation?format=csl'],
           ['DataCite', base + '/datacite'], ['RO-Crate', base + '/export']].forEach(function (l) {
            var a = document.createElement('a');
            a.href = l[1]; a.textContent = l[0]; a.className = 'button secondary small';
            p.appendChild(a); p.appendChild(document.createTextNode(' '));
          });
          exports.appendChild(p);
        });
      });
  }
  var form = document.getElementById('access-form');
  if (!form) return;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = { access: form.querySelector('[name=access]').value,
                 model_use_only: form.querySelector('[name=model_use_only]').checked };
    var until = form.querySelector('[name=embargo_until]').value;
    if (body.access === 'embargoed' && until) body.embargo_until = until;
    fetch('/api/v1/datasets/' + form.getAttribute('data-dataset') + '/access', {
      method: 'PUT', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': form.getAttribute('data-csrf') },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.ok) { location.reload(); return; }
      r.json().then(function (p) {
        form.querySelector('[data-testid=access-error]').textContent =
          (p.errors && p.errors.length ? p.errors.map(function (x) { return x.field + ': ' + x.message; }).join('; ') : p.detail);
      });
    });
  });
})();
