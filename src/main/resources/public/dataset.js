// The dataset page: the owner's access editor (PUT /api/v1/datasets/{id}/access).
(function () {
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
