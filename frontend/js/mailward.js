// Mailward console behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  'use strict';

  // Send the CSRF token with every htmx request.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // A session that expired answers htmx requests with 401: go to the login page.
  document.addEventListener('htmx:responseError', function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 401) {
      window.location.href = '/login?expired';
    }
  });

  // Buttons and forms that ask for confirmation: data-confirm="Really delete?"
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // A form that runs long on the server (data-progress="ID"): show the element ID (a status line with a
  // progress bar) and disable the submit button, so that nobody sends it twice while it runs.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var id = form.getAttribute && form.getAttribute('data-progress');
    if (!id || event.defaultPrevented) {
      return;
    }
    var progress = document.getElementById(id);
    if (progress) {
      progress.hidden = false;
    }
    form.querySelectorAll('button[type="submit"]').forEach(function (b) {
      // disabled after this event, so that the button's own name/value is still sent
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  });
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-progress]').forEach(function (form) {
      var progress = document.getElementById(form.getAttribute('data-progress'));
      if (progress) {
        progress.hidden = true;
      }
      form.querySelectorAll('button[type="submit"]').forEach(function (b) { b.disabled = false; });
    });
  });

  // Auto-submit filters: <select data-autosubmit>.
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute('data-autosubmit') && el.form) {
      el.form.requestSubmit();
    }
  });

  // Selection checkboxes: <input type="checkbox" data-select-all="NAME"> (un)checks every checkbox named
  // NAME in its form; a row checkbox updates it (checked, indeterminate) and the count
  // (#selection-count with data-template="{0} selected").
  function syncSelection(form) {
    if (!form) {
      return;
    }
    var all = form.querySelector('input[data-select-all]');
    var count = document.getElementById('selection-count');
    var name = all ? all.getAttribute('data-select-all') : 'domainId';
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    var checked = 0;
    boxes.forEach(function (b) { if (b.checked) { checked++; } });
    if (all) {
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
    if (count && count.getAttribute('data-template')) {
      count.textContent = count.getAttribute('data-template').replace('{0}', String(checked));
    }
  }

  document.addEventListener('change', function (event) {
    var el = event.target;
    if (!el.form || el.type !== 'checkbox') {
      return;
    }
    var name = el.getAttribute('data-select-all');
    if (name) {
      el.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (b) {
        b.checked = el.checked;
      });
    }
    syncSelection(el.form);
  });

  function syncAll() {
    document.querySelectorAll('input[data-select-all]').forEach(function (a) { syncSelection(a.form); });
    if (!document.querySelector('input[data-select-all]')) {
      var count = document.getElementById('selection-count');
      if (count && count.getAttribute('data-template')) {
        count.textContent = count.getAttribute('data-template').replace('{0}', '0');
      }
    }
  }
  // a new page of results (htmx search) starts with its own selection; back/forward restores checkboxes
  document.addEventListener('htmx:afterSwap', syncAll);
  window.addEventListener('pageshow', syncAll);

  // A box that scrolls (a wide table on a phone, a long snippet) can be scrolled from the keyboard: it is
  // focusable and a region named after its table's caption, its aria-labelledby heading or the heading
  // before it. A box that fits is left alone (no extra tab stop).
  var SCROLLERS = '.table-wrap, .diff-wrap, .pre-lines, .timeline, pre';
  function labelOf(box) {
    var table = box.querySelector('table');
    var caption = table && table.querySelector('caption');
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var by = (table && table.getAttribute('aria-labelledby')) || box.getAttribute('data-labelledby');
    var named = by && document.getElementById(by.split(' ')[0]);
    if (named && named.textContent.trim()) {
      return named.textContent.trim();
    }
    var section = box.closest('section, article, details, .card, main');
    var heading = section && section.querySelector('h1, h2, h3, h4, summary');
    return heading && heading.textContent.trim() ? heading.textContent.trim().replace(/\s+/g, ' ') : document.title;
  }
  function markScrollers(root) {
    (root || document).querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        var added = ['tabindex'];
        box.setAttribute('tabindex', '0');
        if (!box.hasAttribute('role') && box.tagName !== 'FORM') {
          box.setAttribute('role', 'region');
          added.push('role');
        }
        if (!box.hasAttribute('aria-label') && !box.hasAttribute('aria-labelledby')) {
          // "Scrollable: <heading>", so that the region's name differs from its section's
          var template = document.body.getAttribute('data-scroll-label') || '{0}';
          box.setAttribute('aria-label', template.replace('{0}', labelOf(box)));
          added.push('aria-label');
        }
        box.setAttribute('data-scroll-region', added.join(' '));
      } else if (!scrolls && box.hasAttribute('data-scroll-region')) {
        box.getAttribute('data-scroll-region').split(' ').forEach(function (a) { box.removeAttribute(a); });
        box.removeAttribute('data-scroll-region');
      }
    });
  }
  var resizing;
  document.addEventListener('DOMContentLoaded', function () { markScrollers(); });
  document.addEventListener('htmx:afterSettle', function () { markScrollers(); });
  document.addEventListener('toggle', function () { markScrollers(); }, true);
  window.addEventListener('resize', function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(markScrollers, 150);
  });

  // A link to a section inside a folded <details> (a guide's #CODE inside its folded code catalogue) opens
  // the details around it and shows the section.
  function openTarget() {
    var id = window.location.hash ? decodeURIComponent(window.location.hash.substring(1)) : '';
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return;
    }
    var opened = false;
    for (var d = target.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
      if (!d.open) {
        d.open = true;
        opened = true;
      }
    }
    if (opened) {
      target.scrollIntoView();
    }
  }
  document.addEventListener('DOMContentLoaded', openTarget);
  window.addEventListener('hashchange', openTarget);
})();
