// Item page photos: a thumbnail shows its photo in place of the main one, and
// a swipe on the main photo shows the next or previous one. Without this
// script each thumbnail is a link (?photo=N#photo) that loads the page with
// that photo, so the gallery works the same, only with a page load.
(function () {
  "use strict";

  var SWIPE_MIN_PX = 40;

  function setUp(gallery) {
    var main = gallery.querySelector("[data-gallery-main]");
    var caption = gallery.querySelector("[data-gallery-caption]");
    var links = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-thumb]"));
    if (!main || links.length < 2) {
      return;
    }
    var current = Math.max(0, links.findIndex(function (link) {
      return link.getAttribute("aria-current") === "true";
    }));

    function show(index) {
      index = (index + links.length) % links.length;
      var link = links[index];
      // srcset first, so the browser never fetches the old photo's candidates.
      main.srcset = link.dataset.srcset || "";
      main.src = link.dataset.src;
      main.width = Number(link.dataset.width);
      main.height = Number(link.dataset.height);
      links.forEach(function (other) { other.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
      if (caption) {
        caption.textContent = link.dataset.caption;
      }
      current = index;
      // The address still names the photo shown, as it would without JS.
      var url = new URL(window.location.href);
      url.searchParams.set("photo", String(index + 1));
      url.hash = "";
      window.history.replaceState(window.history.state, "", url);
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return;  // open in a new tab or window as a link does
        }
        event.preventDefault();
        show(index);
      });
    });

    var startX = null;
    var startY = 0;
    main.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) {
        startX = null;
        return;
      }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }, { passive: true });
    main.addEventListener("touchend", function (event) {
      if (startX === null || !event.changedTouches.length) {
        return;
      }
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      // A mostly sideways move is a swipe; anything else scrolls the page.
      if (Math.abs(dx) >= SWIPE_MIN_PX && Math.abs(dx) > Math.abs(dy)) {
        show(current + (dx < 0 ? 1 : -1));
      }
    }, { passive: true });
  }

  document.querySelectorAll("[data-gallery]").forEach(setUp);
})();
