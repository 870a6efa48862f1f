// goldenage pages: draw the Plotly charts and suggest HTS codes. Everything works without it.
(function () {
  "use strict";

  var CONFIG = { responsive: true, displaylogo: false };

  var NARROW = 640; // px: phone layout of the charts (as the stylesheet's breakpoint)

  // The chart's title goes above it as a caption, where it wraps instead of being cut off.
  function caption(target, layout) {
    var title = layout.title && (layout.title.text || layout.title);
    if (typeof title !== "string" || !title) {
      return;
    }
    var figure = target.closest("figure");
    if (figure && !figure.querySelector("figcaption")) {
      var element = document.createElement("figcaption");
      element.textContent = title.replace(/<[^>]*>/g, "");
      figure.insertBefore(element, figure.firstChild);
    }
    delete layout.title;
  }

  function fitToWidth(target, layout) {
    var margin = layout.margin || {};
    layout.margin = Object.assign({}, margin, { t: 20 });
    if (target.clientWidth < NARROW) {
      layout.margin = Object.assign({}, layout.margin, {
        l: Math.min(margin.l || 60, 48),
        r: Math.min(margin.r || 20, layout.yaxis2 ? 48 : 12)
      });
      layout.font = Object.assign({}, layout.font || {}, { size: 11 });
      if (layout.legend) {
        layout.legend = Object.assign({}, layout.legend, { font: { size: 11 } });
      }
    }
  }

  function draw(target, figure) {
    target.textContent = "";
    var layout = figure.layout || {};
    caption(target, layout);
    fitToWidth(target, layout);
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

  // "Copy link" next to a shareable address (the address itself stays selectable without it).
  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            button.textContent = "Copied";
          },
          function () {
            field.select();
          }
        );
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    suggestCodes();
    copyButtons();
  });
})();
