// The owner's lending page: set ε (PUT /api/v1/datasets/{id}/lending) and withdraw the dataset
// (POST /api/v1/datasets/{id}/lending/withdraw).
(function () {
  var form = document.getElementById('lending-form');
  if (!form) return;
  var ds = form.getAttribute('data-dataset');
  var csrf = form.getAttribute('data-csrf');
  var status = document.getElementById('lending-status');
  function send(method, url, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      if (r.ok) { location.reload(); return; }
      r.json().then(function (p) { status.textContent = p.detail || p.title; });
    });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    send('PUT', '/api/v1/datasets/' + ds + '/lending',
         { epsilon: parseFloat(form.querySelector('[name=epsilon]').value) });
  });
  var withdraw = document.getElementById('lending-withdraw');
  if (withdraw) {
    withdraw.addEventListener('click', function () {
      if (confirm(withdraw.textContent + '?')) send('POST', '/api/v1/datasets/' + ds + '/lending/withdraw', {});
    });
  }
})();
