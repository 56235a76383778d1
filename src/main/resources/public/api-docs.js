// The interactive API page (/api/docs): Swagger UI on the OpenAPI description the server generates
// from its routes. "Try it out" sends requests as the signed-in browser or with a token (Authorize).
(function () {
  var el = document.getElementById('swagger');
  if (!el || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: el.getAttribute('data-url'), dom_id: '#swagger', deepLinking: true });
})();
