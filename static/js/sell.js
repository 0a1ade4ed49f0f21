// Sell/edit form enhancements. The form works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector(".sell-form");
  if (!form) return;

  // --- Live "You earn" -------------------------------------------------------
  // The fee rule (rate and rounding) is rendered by the server from
  // marketplace.fees.fee_rule: fee = floor((cents * percent + offset) / per).
  var feePercent = parseInt(form.dataset.feePercent, 10) || 0;
  var feeOffset = parseInt(form.dataset.feeOffset, 10) || 0;
  var feePer = parseInt(form.dataset.feePer, 10) || 100;
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
    var fee = Math.floor((cents * feePercent + feeOffset) / feePer);
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

  // --- Photos: one upload per request ---------------------------------------------
  // Each request may decode only so many pixels (PHOTO_REQUEST_PIXEL_BUDGET), so
  // the photos a seller picks are sent to the staging endpoint one at a time, in
  // order, and shown as staged photos (the hidden `staged_photo` inputs the form
  // already understands). The file input is then emptied, so saving the form
  // sends no files. One request at a time also keeps a member on one worker.
  var photoSet = form.querySelector("[data-stage-url]");
  var photoInput = form.elements.photos;
  if (
    photoSet && photoInput && photoInput.type === "file" &&
    window.fetch && window.FormData && "content" in document.createElement("template")
  ) {
    var stagedBox = photoSet.querySelector("[data-staged-photos]");
    var stagedList = photoSet.querySelector("[data-staged-list]");
    var tileTemplate = photoSet.querySelector("template[data-staged-tile]");
    var statusBox = photoSet.querySelector("[data-stage-status]");
    var errorBox = photoSet.querySelector("[data-stage-errors]");
    var maxPhotos = parseInt(photoSet.dataset.maxPhotos, 10) || 12;
    var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
    var queue = [];
    var busy = false;
    var batch = { total: 0, sent: 0, added: 0, refused: 0 };
    var waitingSubmit = null;

    // A translated text from the fieldset's data-text-* attributes, "{name}"
    // placeholders filled in one pass (a file name may itself contain braces).
    var say = function (key, values) {
      return (photoSet.dataset[key] || "").replace(/\{(\w+)\}/g, function (all, name) {
        return values && name in values ? String(values[name]) : all;
      });
    };
    var showStatus = function (message) { statusBox.textContent = message; };
    var refuse = function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      errorBox.appendChild(item);
      photoInput.setAttribute("aria-invalid", "true");
      batch.refused += 1;
    };
    var describedBy = (photoInput.getAttribute("aria-describedby") || "").split(" ");
    if (describedBy.indexOf(errorBox.id) < 0) {
      describedBy.push(errorBox.id);
      photoInput.setAttribute("aria-describedby", describedBy.join(" ").trim());
    }

    // Photos the listing will have: kept ones, staged ones, and those on their way.
    var photoCount = function () {
      return (
        form.querySelectorAll('input[name="remove_photo"]:not(:checked)').length +
        form.querySelectorAll('input[name="remove_staged"]:not(:checked)').length +
        queue.length + (busy ? 1 : 0)
      );
    };

    var addTile = function (photo) {
      var tile = tileTemplate.content.firstElementChild.cloneNode(true);
      var image = tile.querySelector("img");
      image.src = photo.thumb_url;
      image.width = photo.width || 160;
      image.height = photo.height || 160;
      image.alt = say("textAlt", { n: stagedList.children.length + 1 });
      tile.querySelector('input[name="staged_photo"]').value = photo.id;
      tile.querySelector('input[name="remove_staged"]').value = photo.id;
      stagedList.appendChild(tile);
      stagedBox.hidden = false;
    };

    var submitNow = function (submitter) {
      if (form.requestSubmit) {
        form.requestSubmit(submitter);
        return;
      }
      if (submitter && submitter.name) {
        var which = document.createElement("input");
        which.type = "hidden";
        which.name = submitter.name;
        which.value = submitter.value;
        form.appendChild(which);
      }
      form.submit();
    };

    var finish = function () {
      if (batch.sent) {
        showStatus(say("textDone", { added: batch.added, total: batch.total }));
      }
      var waiting = waitingSubmit;
      waitingSubmit = null;
      // A save asked for while photos were on their way goes ahead once they
      // are all staged; if one was refused the seller sees why first.
      if (waiting && !batch.refused) submitNow(waiting.submitter);
    };

    var sendNext = function () {
      if (busy) return;
      var file = queue.shift();
      if (!file) {
        finish();
        return;
      }
      busy = true;
      batch.sent += 1;
      showStatus(say("textProgress", { n: batch.sent, total: batch.total, name: file.name }));
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      body.append("photo", file, file.name);
      fetch(photoSet.dataset.stageUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          var data = type.indexOf("application/json") === 0
            ? response.json().catch(function () { return null; })
            : Promise.resolve(null);
          return data.then(function (json) {
            return { ok: response.ok, status: response.status, data: json || {} };
          });
        })
        .then(function (answer) {
          if (answer.ok && answer.data.id) {
            addTile(answer.data);
            batch.added += 1;
          } else if (answer.data.error) {
            refuse(answer.data.error);
          } else if (answer.status === 429) {
            // Over the upload limit: the rest would be refused too, and each
            // try would count against the member again.
            refuse(say("textThrottled", { name: file.name }));
            queue.splice(0).forEach(function (rest) {
              refuse(say("textThrottled", { name: rest.name }));
            });
          } else {
            refuse(say("textFailed", { name: file.name }));
          }
        })
        .catch(function () {
          refuse(say("textFailed", { name: file.name }));
        })
        .then(function () {
          busy = false;
          sendNext();
        });
    };

    photoInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(photoInput.files || []);
      if (!files.length) return;
      photoInput.value = "";
      if (!busy && !queue.length) {
        batch = { total: 0, sent: 0, added: 0, refused: 0 };
        errorBox.replaceChildren();
        photoInput.removeAttribute("aria-invalid");
      }
      files.forEach(function (file) {
        if (photoCount() >= maxPhotos) {
          refuse(say("textTooMany", { name: file.name }));
          return;
        }
        queue.push(file);
        batch.total += 1;
      });
      sendNext();
    });

    form.addEventListener("submit", function (event) {
      if (!busy && !queue.length) return;
      event.preventDefault();
      waitingSubmit = { submitter: event.submitter || null };
      showStatus(say("textWaiting"));
    });
  }
})();
