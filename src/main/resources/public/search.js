// The periodic-table picker: a click cycles an element through include → exclude → neither.
// The state lives in two hidden inputs named like the search API's parameters, so the submitted
// URL is the API query (shareable); empty fields are left out of the URL.
(function () {
  var form = document.getElementById('search-form');
  if (!form) return;
  var include = document.getElementById('el-include');
  var exclude = document.getElementById('el-exclude');
  var mode = document.getElementById('el-mode');
  function list(input) { return input.value ? input.value.split(',') : []; }
  function set(input, values) { input.value = values.join(','); }
  function without(values, el) { return values.filter(function (v) { return v !== el; }); }
  form.querySelectorAll('.ptable .el').forEach(function (button) {
    button.addEventListener('click', function () {
      var el = button.dataset.el;
      var inc = list(include), exc = list(exclude);
      if (button.classList.contains('inc')) {
        set(include, without(inc, el));
        if (mode.value !== 'only') { exc.push(el); set(exclude, exc); button.classList.add('exc'); }
        button.classList.remove('inc');
      } else if (button.classList.contains('exc')) {
        set(exclude, without(exc, el));
        button.classList.remove('exc');
      } else {
        inc.push(el); set(include, inc);
        button.classList.add('inc');
      }
    });
  });
  mode.addEventListener('change', function () {
    include.name = mode.value === 'all' ? 'elements' : mode.value + '_elements';
  });
  form.addEventListener('submit', function () {
    form.querySelectorAll('input, select').forEach(function (field) {
      if (field.name && !field.value) field.disabled = true;
    });
  });
})();
