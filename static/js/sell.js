// Sell/edit form enhancements. The form works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector(".sell-form");
  if (!form) return;

  // --- Error summary -----------------------------------------------------------
  // After a refused submit the summary at the top gets the focus, so a screen
  // reader hears every problem at once and a keyboard user can follow its links.
  var summary = form.querySelector("[data-error-summary]");
  if (summary) summary.focus();

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
  // Whole dollars as listings.forms.PriceField reads them: "$25", "1,200",
  // "40.00" are fine; anything else (like "12.50") is not a price yet.
  function priceDollars(raw) {
    var value = String(raw || "").replace(/\s+/g, "").replace(/^\$/, "");
    if (/^\d{1,3}(,\d{3})+(\.0*)?$/.test(value)) value = value.replace(/,/g, "");
    var match = /^(\d+)(\.0*)?$/.exec(value);
    return match ? parseInt(match[1], 10) : NaN;
  }
  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : null;
  }
  function updateEarnings() {
    var price = priceDollars((form.elements.price || {}).value);
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
  var brandList = document.getElementById("brand-options");
  var timer = null;
  if (brand && brandList && window.fetch) {
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
            brandList.replaceChildren.apply(brandList, data.brands.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  }

  // --- Photos ---------------------------------------------------------------------
  // Without this script the seller picks files with the file input, types
  // positions and ticks "Remove"; the server stages the uploads and shows them
  // again if another field needs fixing. With it, every photo becomes a tile at
  // once (a preview from the file itself), is sent to the staging endpoint one
  // per request (each request may decode only so many pixels,
  // PHOTO_REQUEST_PIXEL_BUDGET), and tiles are reordered by dragging or with
  // their arrow buttons. The position inputs stay the one source of the order.
  var uploader = form.querySelector("[data-photo-uploader]");
  var photoInput = form.elements.photos;
  if (
    !uploader || !photoInput || photoInput.type !== "file" ||
    !window.fetch || !window.FormData || !window.URL || !URL.createObjectURL ||
    !("content" in document.createElement("template"))
  ) {
    return;
  }

  var list = uploader.querySelector("[data-photo-list]");
  var removedBox = uploader.querySelector("[data-removed-photos]");
  var tileTemplate = uploader.querySelector("template[data-photo-template]");
  var dropZone = uploader.querySelector("[data-drop-zone]");
  var statusBox = uploader.querySelector("[data-stage-status]");
  var errorBox = uploader.querySelector("[data-stage-errors]");
  var maxPhotos = parseInt(uploader.dataset.maxPhotos, 10) || 12;
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
  var queue = [];
  var current = null; // the upload on its way: {file, tile, controller}
  var batch = { total: 0, sent: 0, added: 0, refused: 0 };
  var waitingSubmit = null;

  // A translated text from the uploader's data-text-* attributes, "{name}"
  // placeholders filled in one pass (a file name may itself contain braces).
  var say = function (key, values) {
    return (uploader.dataset[key] || "").replace(/\{(\w+)\}/g, function (all, name) {
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

  var tiles = function () {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > [data-photo-tile]"));
  };

  // Number the tiles in their order: position inputs (what the server reads),
  // alt texts and the move and remove buttons' names.
  var renumber = function () {
    var all = tiles();
    all.forEach(function (tile, index) {
      var n = index + 1;
      var position = tile.querySelector(".position-input");
      if (position) position.value = n;
      tile.querySelector("img").alt = say("textAlt", { n: n });
      var earlier = tile.querySelector('[data-move="-1"]');
      var later = tile.querySelector('[data-move="1"]');
      earlier.setAttribute("aria-label", say("textEarlier", { n: n }));
      later.setAttribute("aria-label", say("textLater", { n: n }));
      // aria-disabled rather than disabled: the button keeps the focus when
      // its photo arrives at either end.
      earlier.setAttribute("aria-disabled", String(index === 0));
      later.setAttribute("aria-disabled", String(index === all.length - 1));
      tile.querySelector("[data-remove]").setAttribute("aria-label", say("textRemove", { n: n }));
    });
    list.hidden = all.length === 0;
  };

  var enhance = function (tile) {
    tile.draggable = true;
    var controls = tile.querySelector(".photo-controls");
    if (controls) controls.hidden = true;
    tile.querySelector(".photo-tools").hidden = false;
  };

  uploader.classList.add("is-enhanced");
  uploader.querySelectorAll("[data-drop-hint]").forEach(function (hint) { hint.hidden = false; });
  tiles().forEach(function (tile) {
    enhance(tile);
    // A photo ticked for removal before a refused submit stays removed.
    var box = tile.querySelector('input[name="remove_photo"], input[name="remove_staged"]');
    if (box && box.checked) removedBox.appendChild(tile);
  });
  renumber();

  // Photos the listing will have: the tiles, including those on their way.
  var photoCount = function () { return tiles().length; };

  var removeTile = function (tile) {
    var entry = null;
    queue = queue.filter(function (queued) {
      if (queued.tile === tile) entry = queued;
      return queued.tile !== tile;
    });
    if (current && current.tile === tile) {
      entry = current;
      current.cancelled = true;
      if (current.controller) current.controller.abort();
      batch.sent -= 1;
    }
    if (entry) {
      // Not added and not refused either: it leaves the batch's count.
      batch.total -= 1;
      if (entry.url) URL.revokeObjectURL(entry.url);
    }
    var own = tile.querySelector('input[name="remove_photo"]');
    if (own) {
      // The listing's own photo: ticked for removal, sent with the form.
      own.checked = true;
      removedBox.appendChild(tile);
    } else {
      // A staged photo is simply not sent; the server forgets it later.
      tile.remove();
    }
  };

  var onTileClick = function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var tile = button.closest("[data-photo-tile]");
    if (!tile) return;
    if (button.hasAttribute("data-remove")) {
      var all = tiles();
      var index = all.indexOf(tile);
      removeTile(tile);
      renumber();
      showStatus(say("textRemoved"));
      var rest = tiles();
      var next = rest[Math.min(index, rest.length - 1)];
      (next ? next.querySelector("[data-remove]") : photoInput).focus();
      return;
    }
    var step = parseInt(button.dataset.move, 10);
    if (!step || button.getAttribute("aria-disabled") === "true") return;
    var sibling = step < 0 ? tile.previousElementSibling : tile.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(tile, step < 0 ? sibling : sibling.nextElementSibling);
    renumber();
    button.focus(); // moving the tile in the document took the focus away
    showStatus(say("textMoved", { n: tiles().indexOf(tile) + 1, total: tiles().length }));
  };
  list.addEventListener("click", onTileClick);

  // Drag a tile onto another to put it there.
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("[data-photo-tile]");
    if (!dragged) return;
    dragged.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var target = event.target.closest("[data-photo-tile]");
    if (!target || target === dragged || target.parentNode !== list) return;
    var rect = target.getBoundingClientRect();
    var after = rect.width > rect.height / 2
      ? event.clientX > rect.left + rect.width / 2
      : event.clientY > rect.top + rect.height / 2;
    list.insertBefore(dragged, after ? target.nextElementSibling : target);
  });
  list.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("is-dragging");
    var tile = dragged;
    dragged = null;
    renumber();
    showStatus(say("textMoved", { n: tiles().indexOf(tile) + 1, total: tiles().length }));
  });

  // Files dropped anywhere on the photo section are added (not opened by the
  // browser in place of the form).
  var hasFiles = function (event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
  };
  var dragDepth = 0;
  uploader.addEventListener("dragenter", function (event) {
    if (!hasFiles(event)) return;
    dragDepth += 1;
    dropZone.classList.add("is-dragover");
  });
  uploader.addEventListener("dragleave", function (event) {
    if (!hasFiles(event)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) dropZone.classList.remove("is-dragover");
  });
  uploader.addEventListener("dragover", function (event) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  uploader.addEventListener("drop", function (event) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    dropZone.classList.remove("is-dragover");
    addFiles(Array.prototype.slice.call(event.dataTransfer.files || []));
  });

  var newTile = function (file) {
    var tile = tileTemplate.content.firstElementChild.cloneNode(true);
    var url = URL.createObjectURL(file);
    var image = tile.querySelector("img");
    image.addEventListener("error", function onError() {
      // No preview for this format (HEIC in most browsers): the name instead,
      // until the server's thumbnail arrives.
      image.removeEventListener("error", onError);
      tile.classList.add("no-preview");
      tile.querySelector(".photo-frame").setAttribute("data-name", file.name);
    });
    image.src = url;
    enhance(tile);
    return { tile: tile, url: url };
  };

  // Once staged, a tile carries the inputs the form sends for a staged photo.
  var staged = function (tile, photo, url) {
    tile.classList.remove("is-uploading", "no-preview");
    var image = tile.querySelector("img");
    image.addEventListener("load", function () { URL.revokeObjectURL(url); }, { once: true });
    image.src = photo.thumb_url;
    var controls = tile.querySelector(".photo-controls");
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "staged_photo";
    hidden.value = photo.id;
    var position = document.createElement("input");
    position.type = "hidden";
    position.name = "position_" + photo.id;
    position.className = "position-input";
    controls.append(hidden, position);
    var progress = tile.querySelector(".photo-progress");
    if (progress) progress.remove();
    renumber();
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

  var failed = function (entry, message) {
    if (entry.url) URL.revokeObjectURL(entry.url);
    entry.tile.remove();
    renumber();
    refuse(message);
  };

  var sendNext = function () {
    if (current) return;
    var entry = queue.shift();
    if (!entry) {
      finish();
      return;
    }
    current = entry;
    var file = entry.file;
    batch.sent += 1;
    showStatus(say("textProgress", { n: batch.sent, total: batch.total, name: file.name }));
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    body.append("photo", file, file.name);
    entry.controller = window.AbortController ? new AbortController() : null;
    fetch(uploader.dataset.stageUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: entry.controller ? entry.controller.signal : undefined,
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
        if (entry.cancelled) return;
        if (answer.ok && answer.data.id) {
          staged(entry.tile, answer.data, entry.url);
          batch.added += 1;
        } else if (answer.data.error) {
          failed(entry, answer.data.error);
        } else if (answer.status === 429) {
          // Over the upload limit: the rest would be refused too, and each
          // try would count against the member again.
          failed(entry, say("textThrottled", { name: file.name }));
          queue.splice(0).forEach(function (rest) {
            failed(rest, say("textThrottled", { name: rest.file.name }));
          });
        } else {
          failed(entry, say("textFailed", { name: file.name }));
        }
      })
      .catch(function () {
        if (!entry.cancelled) failed(entry, say("textFailed", { name: file.name }));
      })
      .then(function () {
        current = null;
        sendNext();
      });
  };

  var addFiles = function (files) {
    if (!files.length) return;
    if (!current && !queue.length) {
      batch = { total: 0, sent: 0, added: 0, refused: 0 };
      errorBox.replaceChildren();
      photoInput.removeAttribute("aria-invalid");
    }
    files.forEach(function (file) {
      if (photoCount() >= maxPhotos) {
        refuse(say("textTooMany", { name: file.name }));
        return;
      }
      var made = newTile(file);
      list.appendChild(made.tile);
      queue.push({ file: file, tile: made.tile, url: made.url });
      batch.total += 1;
    });
    renumber();
    sendNext();
  };

  photoInput.addEventListener("change", function () {
    var files = Array.prototype.slice.call(photoInput.files || []);
    // The files travel one by one to the staging endpoint: the form itself
    // then sends none.
    photoInput.value = "";
    addFiles(files);
  });

  form.addEventListener("submit", function (event) {
    if (!current && !queue.length) return;
    event.preventDefault();
    waitingSubmit = { submitter: event.submitter || null };
    showStatus(say("textWaiting"));
  });
})();
