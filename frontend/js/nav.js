// The main navigation on a narrow screen (below 800 px, see mailward.css): folded behind the "Menu"
// button, a disclosure (aria-expanded, aria-controls) that Escape closes. Loaded at the end of the
// header, before the page paints. Without JavaScript the button stays hidden and every section shows,
// wrapped inside the bar.
(function () {
  'use strict';
  var bar = document.querySelector('.topbar');
  var button = bar && bar.querySelector('.nav-toggle');
  if (!button) {
    return;
  }
  function setOpen(open) {
    bar.classList.toggle('nav-open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  bar.classList.add('nav-js');
  button.hidden = false;
  button.addEventListener('click', function () {
    setOpen(button.getAttribute('aria-expanded') !== 'true');
  });
  bar.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && bar.classList.contains('nav-open')) {
      setOpen(false);
      button.focus();
    }
  });
})();
