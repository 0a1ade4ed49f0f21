// Card forms (checkout, offer, accepting a counter): the card inputs go to the
// gateway's card form with fetch, and the form is then submitted to its own
// URL with the token only, in the same click. Without this file the form posts
// to the card form, which answers with a page to confirm the payment.
(function () {
  "use strict";
  var CARD_FIELDS = ["card_number", "expiry", "cvc"];

  function cardInputs(form) {
    return CARD_FIELDS.map(function (name) {
      return form.elements[name];
    }).filter(Boolean);
  }

  function payingByCard(form) {
    if (!form.elements.card_number) return false;
    var payment = form.querySelector('input[name="payment"]:checked');
    return !payment || payment.value === "card";
  }

  // Card data never goes to the form's own URL: disabled inputs are not sent.
  function holdBackCard(form, disabled) {
    cardInputs(form).forEach(function (input) {
      input.disabled = disabled;
    });
  }

  function showErrors(form, errors) {
    var first = null;
    CARD_FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (!input) return;
      var field = input.closest(".field");
      var old = field && field.querySelector(".card-error");
      if (old) old.remove();
      input.removeAttribute("aria-invalid");
      if (field) field.classList.remove("field-error");
      if (!errors[name]) return;
      var message = document.createElement("p");
      message.className = "errorlist card-error";
      message.id = "id_" + name + "_card_error";
      message.textContent = errors[name];
      input.insertAdjacentElement("beforebegin", message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", message.id);
      if (field) field.classList.add("field-error");
      first = first || input;
    });
    if (first) first.focus();
  }

  document.querySelectorAll("form[data-card-form]").forEach(function (form) {
    var tokenizer = form.getAttribute("action");
    var target = form.elements.next && form.elements.next.value;
    var busy = false;
    if (!target || tokenizer === target) return;

    window.addEventListener("pageshow", function () {
      holdBackCard(form, false);
      busy = false;
    });

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if ((submitter && submitter.name === "preview") || !payingByCard(form)) {
        // Nothing to tokenize: straight to the form's own URL.
        holdBackCard(form, true);
        if (!submitter || !submitter.getAttribute("formaction")) {
          form.action = target;
        }
        return;
      }
      event.preventDefault();
      if (busy) return;
      busy = true;
      var body = new FormData();
      ["csrfmiddlewaretoken", "next", "payment"]
        .concat(CARD_FIELDS)
        .forEach(function (name) {
          var value = new FormData(form).get(name);
          if (value !== null) body.append(name, value);
        });
      fetch(tokenizer, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          if (answer.ok && answer.data.token) {
            form.elements.card_token.value = answer.data.token;
            holdBackCard(form, true);
            form.action = target;
            form.submit();
            return;
          }
          busy = false;
          if (answer.data.errors) {
            showErrors(form, answer.data.errors);
          } else {
            form.submit(); // the card form's own page says what went wrong
          }
        })
        .catch(function () {
          form.submit(); // without the script's help: the two-step path
        });
    });
  });
})();
