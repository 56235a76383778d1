// Delete and retract buttons (entry and dataset pages): confirm, ask for a reason where one is
// needed, send the request with the session's CSRF token, and go on to the page named in data-after.
(function () {
  document.querySelectorAll('.removal button[data-url]').forEach(function (b) {
    b.addEventListener('click', function () {
      var confirmText = b.getAttribute('data-confirm');
      if (confirmText && !window.confirm(confirmText)) return;
      var body = {};
      var ask = b.getAttribute('data-ask');
      if (ask) {
        var reason = window.prompt(ask, '');
        if (reason === null || !reason.trim()) return;
        body.reason = reason.trim();
      }
      var error = b.parentNode.querySelector('[data-testid=removal-error]');
      fetch(b.getAttribute('data-url'), {
        method: b.getAttribute('data-method'), credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': b.getAttribute('data-csrf') },
        body: JSON.stringify(body)
      }).then(function (r) {
        if (r.ok) { location.href = b.getAttribute('data-after'); return; }
        r.json().then(function (p) { error.textContent = p.detail || ('' + r.status); },
                      function () { error.textContent = '' + r.status; });
      });
    });
  });
})();
