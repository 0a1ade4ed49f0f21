// Sell/edit form enhancements. The form works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector(".sell-form");
  if (!form) return;

  // --- Live "You earn" -------------------------------------------------------
  var feePercent = parseInt(form.dataset.feePercent, 10) || 0;
  var tierPrices = {};
  (form.dataset.tierPrices || "").split(",").forEach(function (pair) {
    var parts = pair.split(":");
    if (parts.length === 2) tierPrices[parts[0]] = parseInt(parts[1], 10);
  });
  function money(cents) {
    var sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    var dollars = Math.floor(cents / 100).toLocaleString("en-US");
    return sign + "$" + dollars + "." + String(cents % 100).padStart(2, "0");
  }
  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : null;
  }
  function updateEarnings() {
    var price = parseInt((form.elements.price || {}).value, 10);
    var tier = (form.elements.shipping_tier || {}).value;
    var out = function (sel, text) {
      var el = form.querySelector(sel);
      if (el) el.textContent = text;
    };
    if (!(price >= 1) || !(tier in tierPrices)) {
      out("[data-fee]", "—");
      out("[data-seller-shipping]", "—");
      out("[data-earnings]", "—");
      return;
    }
    var cents = price * 100;
    var fee = Math.floor((cents * feePercent + 50) / 100);
    var sellerShipping = checked("shipping") === "seller" ? tierPrices[tier] : 0;
    out("[data-fee]", money(fee));
    out("[data-seller-shipping]", money(sellerShipping));
    out("[data-earnings]", money(cents - fee - sellerShipping));
  }
  form.addEventListener("input", updateEarnings);
  form.addEventListener("change", updateEarnings);
  updateEarnings();

  // --- Brand autocomplete ------------------------------------------------------
  var brand = form.elements.brand;
  var list = document.getElementById("brand-options");
  var timer = null;
  if (brand && list && window.fetch) {
    brand.addEventListener("input", function () {
      clearTimeout(timer);
      var q = brand.value.trim();
      if (q.length < 1) return;
      timer = setTimeout(function () {
        fetch(form.dataset.brandUrl + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
        })
          .then(function (r) { return r.ok ? r.json() : { brands: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.brands.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  }

  // --- Drag to reorder photos (updates the position inputs) ---------------------
  var grid = form.querySelector("[data-sortable]");
  if (grid) {
    var dragged = null;
    grid.addEventListener("dragstart", function (e) {
      dragged = e.target.closest(".photo-tile");
      if (dragged) dragged.classList.add("dragging");
    });
    grid.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      grid.querySelectorAll(".position-input").forEach(function (input, i) {
        input.value = i + 1;
      });
    });
    grid.addEventListener("dragover", function (e) {
      e.preventDefault();
      var target = e.target.closest(".photo-tile");
      if (!dragged || !target || target === dragged) return;
      var rect = target.getBoundingClientRect();
      var after = e.clientX > rect.left + rect.width / 2;
      grid.insertBefore(dragged, after ? target.nextSibling : target);
    });
  }
})();
