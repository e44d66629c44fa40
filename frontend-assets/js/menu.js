// The header's menu button on narrow screens (app.css hides the navigation behind it): opens and closes the
// navigation; Esc or a tap elsewhere closes it. Without JavaScript no-script.css shows the navigation instead.
(function () {
  'use strict';
  var button = document.querySelector('.menu-toggle');
  var menu = button && document.getElementById(button.getAttribute('aria-controls'));
  if (!menu) { return; }
  function isOpen() {
    return button.getAttribute('aria-expanded') === 'true';
  }
  function setOpen(open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  button.addEventListener('click', function () {
    setOpen(!isOpen());
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !isOpen()) { return; }
    var focusWasInMenu = menu.contains(document.activeElement);
    setOpen(false);
    if (focusWasInMenu) { button.focus(); } // a closed menu must not keep the focus out of sight
  });
  document.addEventListener('click', function (event) {
    if (isOpen() && !button.contains(event.target) && !menu.contains(event.target)) { setOpen(false); }
  });
})();
