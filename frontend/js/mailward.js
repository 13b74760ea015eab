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
})();
