// Progressive enhancement for the intake: move focus to the error summary so screen reader
// and keyboard users land on it; links in the summary move focus to their field.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      }
    });
  }
})();

// The safety questions: the moment a patient answers yes (or changes an answer), ask the
// server which instruction applies and show it where they are, moving focus to it. Without
// JavaScript the same instruction appears after Next.
(function () {
  "use strict";
  var holder = document.getElementById("safety-instruction");
  if (!holder || !holder.dataset.instructionUrl) return;
  var form = holder.parentNode.querySelector("form.intake-form");
  if (!form) return;
  var shown = currentInstruction();
  var latest = 0;

  function currentInstruction() {
    var notice = holder.querySelector("[data-instruction]");
    return notice ? notice.dataset.instruction : "";
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("safety-") !== 0) return;
    var query = new URLSearchParams();
    form.querySelectorAll("input[type=radio][name^='safety-']:checked").forEach(function (input) {
      if (input.value === "yes") query.append("flag", input.name.slice("safety-".length));
    });
    var request = ++latest;
    fetch(holder.dataset.instructionUrl + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (request !== latest) return;
        holder.innerHTML = html;
        var now = currentInstruction();
        if (now && now !== shown) {
          var heading = holder.querySelector("#safety-notice-title");
          holder.scrollIntoView({ block: "start" });
          if (heading) heading.focus();
        }
        shown = now;
      })
      .catch(function () {
        // Offline or refused: the instruction still comes with the next page.
      });
  });
})();

// Questions that apply only after some answers (their hints say "Only if ..."): each shows only
// while the answer before it calls for it. Without JavaScript every question shows, and the
// server ignores an answer to a question that does not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.intake-form");
  if (!form || !form.querySelector("[data-only-if]")) return;

  function answer(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function update() {
    form.querySelectorAll("[data-only-if]").forEach(function (holder) {
      var values = holder.dataset.onlyIfValues.split(" ");
      holder.hidden = values.indexOf(answer(holder.dataset.onlyIf)) === -1;
    });
  }

  form.addEventListener("change", update);
  update();
})();
