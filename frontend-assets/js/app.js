// What HTMX does not cover: confirmations in the person's language, errors shown, new cards in view.
// (The CSRF token travels in hx-headers, which htmx-spring-boot's hx:post adds when the page is rendered.)
(function () {
  'use strict';
  // Plain forms with data-confirm ask before submitting (works without HTMX too).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute('data-confirm')) || (form.getAttribute && form.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Error responses from HTMX requests still show something instead of failing silently.
  function flashError(text) {
    var area = document.getElementById('flash-area');
    if (!area) { return; }
    // a live card polls every few seconds: one message for a lasting problem, not one per poll
    if (area.lastElementChild && area.lastElementChild.textContent === text) { return; }
    var div = document.createElement('div');
    div.className = 'flash flash-error';
    div.setAttribute('role', 'alert');
    div.textContent = text;
    area.appendChild(div);
  }
  document.addEventListener('htmx:responseError', function (event) {
    var status = event.detail.xhr.status;
    // a refusal the server explains (e.g. a quota reached on Retry) is shown in its own words
    var explained = event.detail.xhr.getResponseHeader('X-Atelier-Message');
    if (explained) {
      flashError(decodeURIComponent(explained));
      return;
    }
    var unavailable = status === 503 && document.body.getAttribute('data-unavailable-text');
    flashError(unavailable || (document.body.getAttribute('data-error-text') || 'Request failed') + ' (' + status + ')');
  });
  // A list marked data-reveal-first gets its new items on top, possibly out of sight (above a long form on a desktop,
  // below it on a phone): the person is shown what they just asked for, gently unless they prefer less motion.
  document.addEventListener('htmx:afterSwap', function (event) {
    var list = event.detail.target;
    var item = list && list.hasAttribute('data-reveal-first') && list.firstElementChild;
    if (!item) { return; }
    var box = item.getBoundingClientRect();
    var header = document.querySelector('.topbar');
    var top = header ? header.getBoundingClientRect().bottom : 0;
    if (box.top >= top && box.bottom <= window.innerHeight) { return; }
    var still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    item.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'nearest' });
  });
  document.addEventListener('htmx:sendError', function () {
    flashError(document.body.getAttribute('data-offline-text') || 'Network error');
  });
})();
