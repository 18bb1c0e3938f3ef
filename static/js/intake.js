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

// Answers that raise a red flag (the safety questions, PHQ-9 item 9: inputs marked data-flag):
// the moment a patient gives one (or changes it), ask the server which instruction applies and
// show it where they are, moving focus to it. Without JavaScript the same instruction appears
// after Next.
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
    if (!event.target.dataset.flag) return;
    var query = new URLSearchParams({ page: holder.dataset.instructionPage });
    form.querySelectorAll("input[data-flag]:checked").forEach(function (input) {
      if (input.dataset.flagWhen.split(" ").indexOf(input.value) !== -1) {
        query.append("flag", input.dataset.flag);
      }
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

// Another operation without a reload: the formset's empty form is copied in, numbered, and
// focus moves to it, so the patient stays where they are. Without JavaScript the button saves
// the page and comes back at the new operation's anchor.
(function () {
  "use strict";
  var button = document.querySelector("button.add-operation");
  var template = document.getElementById("operation-template");
  var list = document.querySelector(".operations");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  if (!button || !template || !list || !total) return;
  var max = parseInt(list.dataset.max, 10);
  button.type = "button";
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (!(index < max)) return;
    list.insertAdjacentHTML(
      "beforeend",
      template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1))
    );
    total.value = String(index + 1);
    var added = list.lastElementChild;
    added.scrollIntoView({ block: "start" });
    added.focus();
    button.hidden = index + 1 >= max;
  });
})();

// "Save and finish later": copy the private link in one tap.
(function () {
  "use strict";
  var button = document.querySelector("button.copy-link");
  if (!button || !navigator.clipboard) return;
  var link = document.getElementById(button.dataset.copyTarget);
  var status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(link.href).then(
      function () {
        status.textContent = "Link copied. Paste it somewhere safe, such as a note to yourself.";
      },
      function () {
        status.textContent = "It could not be copied: press and hold the link to copy it.";
      }
    );
  });
})();

// Questions that apply only after some answers (their hints say "Only if ..."): each shows only
// while the answer before it calls for it, so its hint is no longer needed and is hidden.
// Without JavaScript every question shows with its hint, and the server ignores an answer to a
// question that does not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.intake-form");
  if (!form || !form.querySelector("[data-only-if]")) return;

  // The answers given to a question: the ticked boxes or the chosen option, or what is typed.
  function answers(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    var chosen = [];
    inputs.forEach(function (input) {
      if ((input.type !== "radio" && input.type !== "checkbox") || input.checked) {
        chosen.push(input.value);
      }
    });
    return chosen;
  }

  function update() {
    form.querySelectorAll("[data-only-if]").forEach(function (holder) {
      var values = holder.dataset.onlyIfValues.split(" ");
      holder.classList.add("only-if-live");
      holder.hidden = !answers(holder.dataset.onlyIf).some(function (answer) {
        return values.indexOf(answer) !== -1;
      });
    });
  }

  form.addEventListener("change", update);
  update();
})();
