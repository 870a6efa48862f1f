// goldenage pages: draw the Plotly charts and suggest HTS codes. Everything works without it.
(function () {
  "use strict";

  var CONFIG = { responsive: true, displaylogo: false };

  function draw(target, figure) {
    target.textContent = "";
    var layout = figure.layout || {};
    window.Plotly.newPlot(target, figure.data || [], layout, CONFIG);
  }

  function showError(target, message) {
    target.textContent = "";
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = message;
    target.appendChild(p);
  }

  function drawCharts() {
    if (!window.Plotly) {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (target) {
      var source = document.getElementById(target.getAttribute("data-chart"));
      if (source) {
        draw(target, JSON.parse(source.textContent));
      }
    });
    document.querySelectorAll("[data-chart-src]").forEach(function (target) {
      fetch(target.getAttribute("data-chart-src"), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("the chart could not be computed (HTTP " + response.status + ")");
          }
          return response.json();
        })
        .then(function (figure) {
          draw(target, figure);
          target.setAttribute("data-drawn", "true");
        })
        .catch(function (err) {
          showError(target, String(err.message || err));
        });
    });
  }

  function suggestCodes() {
    var input = document.getElementById("hts");
    var list = document.getElementById("hts-suggestions");
    var date = document.getElementById("date");
    if (!input || !list) {
      return;
    }
    var timer = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 3 || /^[\d.]+$/.test(text) && text.replace(/\./g, "").length >= 10) {
        return;
      }
      timer = window.setTimeout(function () {
        var query = new URLSearchParams({ q: text, limit: "15" });
        if (date && date.value) {
          query.set("date", date.value);
        }
        fetch("/api/tariff/search?" + query.toString())
          .then(function (response) {
            return response.ok ? response.json() : { lines: [] };
          })
          .then(function (found) {
            list.textContent = "";
            found.lines.forEach(function (line) {
              var option = document.createElement("option");
              option.value = line.htsno;
              option.label = line.htsno + " " + line.path.slice(-90);
              list.appendChild(option);
            });
          })
          .catch(function () {
            list.textContent = "";
          });
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    suggestCodes();
  });
})();
