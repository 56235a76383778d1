// Behaviour every page may use, declared in the markup rather than in inline handlers (the
// Content-Security-Policy allows script files from this site only): a control marked
// data-autosubmit sends its form as soon as it changes; an element with data-refresh="S" reloads the
// page every S seconds while it is on the page (a job or coordination still running).
(function () {
  var refresh = document.querySelector('[data-refresh]');
  if (refresh) {
    var seconds = Math.max(1, parseInt(refresh.getAttribute('data-refresh'), 10) || 5);
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el && el.matches && el.matches('[data-autosubmit]') && el.form) {
      el.form.submit();
    }
  });
})();
