// A "try it" form for each GET route of the API page, built from /openapi.json.
(function () {
  "use strict";

  function tryForm(article, operation) {
    var form = document.createElement("form");
    form.className = "try grid";
    (operation.parameters || []).forEach(function (parameter) {
      if (parameter["in"] !== "query" && parameter["in"] !== "path") {
        return;
      }
      var label = document.createElement("label");
      label.textContent = parameter.name + (parameter.required ? " *" : "");
      var input = document.createElement("input");
      input.name = parameter.name;
      input.setAttribute("data-in", parameter["in"]);
      var examples = parameter.examples || (parameter.schema && parameter.schema.examples);
      if (examples && examples.length) {
        input.value = examples[0];
      }
      label.appendChild(input);
      form.appendChild(label);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Try it";
    form.appendChild(button);
    var output = document.createElement("pre");
    output.className = "try-output";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var path = article.getAttribute("data-path");
      var query = new URLSearchParams();
      form.querySelectorAll("input").forEach(function (input) {
        if (input.getAttribute("data-in") === "path") {
          path = path.replace("{" + input.name + "}", encodeURIComponent(input.value));
        } else if (input.value !== "") {
          query.set(input.name, input.value);
        }
      });
      var url = path + (query.toString() ? "?" + query.toString() : "");
      output.textContent = "GET " + url + " …";
      fetch(url)
        .then(function (response) {
          return response.text().then(function (text) {
            var body = text;
            try {
              body = JSON.stringify(JSON.parse(text), null, 2);
            } catch (ignored) {
              // not JSON: shown as is
            }
            output.textContent = "HTTP " + response.status + "\n" + body.slice(0, 20000);
          });
        })
        .catch(function (err) {
          output.textContent = String(err);
        });
    });
    article.appendChild(form);
    article.appendChild(output);
  }

  document.addEventListener("DOMContentLoaded", function () {
    fetch("/openapi.json")
      .then(function (response) {
        return response.json();
      })
      .then(function (schema) {
        document.querySelectorAll("article.operation[data-method='GET']").forEach(function (article) {
          var operation = (schema.paths[article.getAttribute("data-path")] || {}).get;
          if (operation) {
            tryForm(article, operation);
          }
        });
      });
  });
})();
