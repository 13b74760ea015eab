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

  // Auto-submit filters: <select data-autosubmit>.
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute('data-autosubmit') && el.form) {
      el.form.requestSubmit();
    }
  });
})();
