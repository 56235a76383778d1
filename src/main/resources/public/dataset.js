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
          var landing = document.createElement('a');
          landing.href = '/datasets/' + ds + '/versions/' + n;
          landing.textContent = v.pid || ('v' + n);
          landing.setAttribute('data-testid', 'version-page');
          p.appendChild(landing);
          p.appendChild(document.createTextNode(' '));
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
// The owner's co-worker editor: PUT / DELETE /api/v1/datasets/{id}/coworkers/{user} (audited by
// the API); the page reloads to show the stored list, and a refusal is shown as the API worded it.
(function () {
  var box = document.getElementById('coworkers');
  if (!box) return;
  var base = '/api/v1/datasets/' + box.getAttribute('data-dataset') + '/coworkers/';
  var error = box.querySelector('[data-testid=coworker-error]');
  function send(method, user, body) {
    error.textContent = '';
    return fetch(base + encodeURIComponent(user), {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': box.getAttribute('data-csrf') },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.ok) { location.reload(); return; }
      r.json().then(function (p) {
        error.textContent = p.errors && p.errors.length
          ? p.errors.map(function (x) { return x.field + ': ' + x.message; }).join('; ') : (p.detail || p.title);
      }, function () { error.textContent = String(r.status); });
    });
  }
  var form = document.getElementById('coworker-form');
  if (form) form.addEventListener('submit', function (e) {
    e.preventDefault();
    var user = form.querySelector('[name=user]').value.trim();
    if (user) send('PUT', user, { role: form.querySelector('[name=role]').value });
  });
  box.querySelectorAll('[data-remove]').forEach(function (b) {
    b.addEventListener('click', function () { send('DELETE', b.getAttribute('data-remove')); });
  });
})();
