// Content review: "select all on this page" and the count of selected tiles. Without JavaScript the tiles' checkboxes
// and the bulk form work as they are; only these two conveniences are missing, so they stay hidden.
(function () {
  'use strict';
  function boxes() {
    return document.querySelectorAll('input[type=checkbox][name=ids][form=review-bulk]');
  }
  function sync() {
    var all = document.getElementById('review-select-all');
    if (!all) { return; }
    var list = boxes();
    var checked = 0;
    list.forEach(function (box) { if (box.checked) { checked++; } });
    all.checked = list.length > 0 && checked === list.length;
    all.indeterminate = checked > 0 && checked < list.length;
    var count = document.getElementById('review-selected-count');
    if (count) { count.textContent = (count.getAttribute('data-template') || '{n}').replace('{n}', String(checked)); }
  }
  function enhance() {
    document.querySelectorAll('#review-results [data-needs-script]').forEach(function (element) { element.hidden = false; });
    sync();
  }
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.id === 'review-select-all') {
      boxes().forEach(function (box) { box.checked = target.checked; });
    }
    if (target.id === 'review-select-all' || (target.name === 'ids' && target.getAttribute('form') === 'review-bulk')) { sync(); }
  });
  document.addEventListener('DOMContentLoaded', enhance);
  // New tiles (the next page, or the answer to a bulk action) change what "all" means; the answer's notice takes the
  // focus, so that it is read out and the person sees it even when they had scrolled down to the tiles.
  document.addEventListener('htmx:afterSettle', function () {
    enhance();
    var notice = document.querySelector('#review-results .review-notice:not([data-seen])');
    if (notice) {
      notice.setAttribute('data-seen', '');
      notice.focus();
    }
  });
})();
