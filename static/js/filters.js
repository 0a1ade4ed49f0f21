/* Search page: sort on change, and the phone's filter sheet as a modal.
 *
 * Without this file the page works the same: the sort form has its own Apply
 * button, and the Filter link opens the filters through #filters (:target in
 * site.css) with a Close link back to the results.
 */
(function () {
  "use strict";

  var sortForm = document.querySelector(".sort-form");
  if (sortForm) {
    var apply = sortForm.querySelector(".sort-apply");
    var select = sortForm.querySelector("select");
    if (apply && select) {
      apply.hidden = true;
      select.addEventListener("change", function () {
        if (sortForm.requestSubmit) {
          sortForm.requestSubmit();
        } else {
          sortForm.submit();
        }
      });
    }
  }

  var sheet = document.getElementById("filters");
  var toggle = document.querySelector(".filters-toggle");
  if (!sheet || !toggle) {
    return;
  }
  var closer = sheet.querySelector(".filters-close");
  var phone = window.matchMedia("(max-width: 899.98px)");
  var returnTo = null;
  var FOCUSABLE =
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

  function isOpen() {
    return sheet.classList.contains("is-open");
  }

  function focusables() {
    return Array.prototype.filter.call(
      sheet.querySelectorAll(FOCUSABLE),
      function (element) {
        return element.offsetParent !== null || element === document.activeElement;
      }
    );
  }

  function onKeydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "Tab") {
      return;
    }
    var items = focusables();
    if (!items.length) {
      event.preventDefault();
      return;
    }
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === sheet)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function open() {
    returnTo = document.activeElement;
    sheet.classList.add("is-open");
    sheet.setAttribute("role", "dialog");
    sheet.setAttribute("aria-modal", "true");
    toggle.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("has-sheet");
    document.addEventListener("keydown", onKeydown);
    sheet.focus();
  }

  function close() {
    sheet.classList.remove("is-open");
    sheet.removeAttribute("role");
    sheet.removeAttribute("aria-modal");
    toggle.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("has-sheet");
    document.removeEventListener("keydown", onKeydown);
    (returnTo && document.contains(returnTo) ? returnTo : toggle).focus();
    returnTo = null;
  }

  // The link behaves as a button that opens a dialog.
  toggle.setAttribute("role", "button");
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", function (event) {
    if (!phone.matches) {
      return;
    }
    event.preventDefault();
    open();
  });
  toggle.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      toggle.click();
    }
  });
  if (closer) {
    closer.setAttribute("role", "button");
    closer.addEventListener("click", function (event) {
      if (isOpen()) {
        event.preventDefault();
        close();
      }
    });
  }
  // Turned to a desktop width while open: the sidebar is not a dialog there.
  var onWidth = function () {
    if (!phone.matches && isOpen()) {
      close();
    }
  };
  if (phone.addEventListener) {
    phone.addEventListener("change", onWidth);
  }
})();
