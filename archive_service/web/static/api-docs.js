// /api/v1/docs: Swagger UI (served by the app) on the API's OpenAPI document.
"use strict";
(function () {
  const node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.ui = window.SwaggerUIBundle({
    url: node.dataset.spec,
    domNode: node,
    deepLinking: true,
    validatorUrl: null,  // no outside validator badge
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    defaultModelsExpandDepth: 0,
  });
})();
