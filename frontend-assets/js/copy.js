// Copy buttons: <button data-copy="field-id" data-copy-status="status-id"> copies the field's value with the Clipboard
// API and says so in the status live region. Where the API is missing or refused (plain http on a LAN address is not a
// secure context), the field's text is selected instead and the person is told to press Ctrl+C.
(function () {
  'use strict';
  function announce(status, text) {
    if (!status) { return; }
    // emptied first, so that the same words are announced again on a second click
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) { return; }
    var status = document.getElementById(button.getAttribute('data-copy-status'));
    function selectForCopying() {
      field.focus();
      field.select();
      announce(status, button.getAttribute('data-copy-manual'));
    }
    field.addEventListener('focus', function () { field.select(); });
    button.addEventListener('click', function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        selectForCopying();
        return;
      }
      navigator.clipboard.writeText(field.value).then(function () {
        announce(status, button.getAttribute('data-copied'));
      }, selectForCopying);
    });
    button.hidden = false;
  });
})();
