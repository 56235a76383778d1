// Behaviour every page may use, declared in the markup rather than in inline handlers (the
// Content-Security-Policy allows script files from this site only): a control marked
// data-autosubmit sends its form as soon as it changes.
(function () {
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el && el.matches && el.matches('[data-autosubmit]') && el.form) {
      el.form.submit();
    }
  });
})();
