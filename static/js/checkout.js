// Checkout and offer forms: enhancements only; both forms work without this file.
// - the error summary at the top takes focus, so it is read first;
// - choosing a saved address hides the new-address fields (the server ignores
//   them then anyway);
// - the offer form's card fields are shown here (without JavaScript the card
//   is asked on the next page) and its total is live.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  document.querySelectorAll("[data-address-choice]").forEach(function (box) {
    var fields = box.querySelector("[data-new-address]");
    var radios = box.querySelectorAll('input[name="address"]');
    if (!fields || !radios.length) return;
    function update() {
      var chosen = box.querySelector('input[name="address"]:checked');
      fields.hidden = !!chosen && chosen.value !== "new";
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });

  var form = document.querySelector("form[data-offer-form]");
  if (!form) return;

  var step = form.querySelector("[data-card-step]");
  var note = form.querySelector("[data-card-step-note]");
  if (step) step.hidden = false;
  if (note) note.remove();
  var showTotal = form.querySelector("[data-show-total]");
  if (showTotal) showTotal.remove(); // the total below is live

  // --- Live total --------------------------------------------------------------
  // The same rule as orders.pricing.quote, rendered by the server from
  // orders.pricing.quote_rule: fee = floor((cents * percent + offset) / per),
  // total = offer + shipping + fee. Tested against the server's quote in
  // tests/e2e/test_buying.py.
  var data = form.dataset;
  var feePercent = parseInt(data.feePercent, 10) || 0;
  var feeOffset = parseInt(data.feeOffset, 10) || 0;
  var feePer = parseInt(data.feePer, 10) || 100;
  var shipping = parseInt(data.shippingCents, 10) || 0;
  var minCents = parseInt(data.minCents, 10) || 0;
  var priceCents = parseInt(data.priceCents, 10) || 0;
  var live = form.querySelector("[data-live-summary]");
  var authorized = form.querySelector("[data-authorized]");
  var template = form.querySelector("[data-authorized-template]");
  var peek = form.querySelector("[data-total-peek]");
  var amount = form.elements.amount;
  var initialLines = live ? live.innerHTML : "";
  var initialAuthorized = authorized ? authorized.innerHTML : "";
  if (!live || !amount) return;

  function money(cents) {
    var dollars = Math.floor(cents / 100).toLocaleString("en-US");
    return "$" + dollars + "." + String(cents % 100).padStart(2, "0");
  }

  // As orders.forms.fields.DollarsField: "25", "25.5", "$1,025.50" → cents,
  // at most two decimals; null for anything else.
  function cents(text) {
    var value = text.trim().replace(/^\$/, "").replace(/,/g, "").trim();
    var match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(value);
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt((match[2] || "").padEnd(2, "0"), 10);
  }

  function line(dl, label, text, total) {
    var dt = document.createElement("dt");
    var dd = document.createElement("dd");
    dt.textContent = label;
    dd.className = "price";
    if (total) {
      dt.className = "summary-total";
      dd.className = "summary-total price";
      var strong = document.createElement("strong");
      strong.textContent = text;
      dd.appendChild(strong);
    } else {
      dd.textContent = text;
    }
    dl.append(dt, dd);
  }

  function update() {
    var item = cents(amount.value);
    if (item === null || item < minCents || item >= priceCents) {
      live.innerHTML = initialLines;
      if (authorized) authorized.innerHTML = initialAuthorized;
      if (peek) peek.textContent = "";
      return;
    }
    var fee = Math.floor((item * feePercent + feeOffset) / feePer);
    var total = item + shipping + fee;
    var dl = document.createElement("dl");
    dl.className = "checkout-summary";
    line(dl, live.dataset.labelItem, money(item));
    line(
      dl,
      live.dataset.labelShipping,
      shipping ? money(shipping) : live.dataset.labelFree
    );
    // A zero fee is not a line, as on the server (Quote.shows_buyer_fee).
    if (fee) line(dl, live.dataset.labelFee, money(fee));
    line(dl, live.dataset.labelTotal, money(total), true);
    dl.dataset.liveTotal = String(total);
    live.replaceChildren(dl);
    if (authorized && template) {
      authorized.textContent = template.content.textContent.trim().replace("TOTAL", money(total));
    }
    if (peek) peek.textContent = money(total);
  }

  amount.addEventListener("input", update);
  update();
})();
