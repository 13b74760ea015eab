// Passkeys (WebAuthn) against Spring Security's endpoints: registration on /account/passkeys
// (#passkey-register: POST /webauthn/register/options, navigator.credentials.create, POST /webauthn/register
// with the name) and sign-in on the login page and the second step (#passkey-sign-in: POST
// /webauthn/authenticate/options, navigator.credentials.get, POST /login/webauthn). Every POST carries the
// CSRF token of the page's meta tags. Binary fields travel as base64url.
(function () {
  'use strict';
  if (window.mailwardPasskeys) {
    return;
  }
  window.mailwardPasskeys = true;

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < bytes.length; i++) {
      s += String.fromCharCode(bytes[i]);
    }
    return window.btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  }

  function decode(text) {
    var s = window.atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) {
      bytes[i] = s.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function post(url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      headers[header.content] = token.content;
    }
    return fetch(url, {
      method: 'POST',
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  function json(response) {
    if (!response.ok) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        var error = new Error('HTTP ' + response.status);
        error.body = body;
        throw error;
      });
    }
    return response.json();
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: decode(c.id) });
    });
  }

  function show(id) {
    var el = document.getElementById(id);
    if (el) {
      el.hidden = false;
      el.focus && el.setAttribute('tabindex', '-1');
    }
  }

  function signIn(button) {
    document.getElementById('passkey-sign-in-error').hidden = true;
    button.disabled = true;
    post(button.dataset.options)
      .then(json)
      .then(function (options) {
        options.challenge = decode(options.challenge);
        options.allowCredentials = descriptors(options.allowCredentials);
        return navigator.credentials.get({ publicKey: options });
      })
      .then(function (cred) {
        var r = cred.response;
        return post(button.dataset.url, {
          id: cred.id,
          rawId: encode(cred.rawId),
          response: {
            authenticatorData: encode(r.authenticatorData),
            clientDataJSON: encode(r.clientDataJSON),
            signature: encode(r.signature),
            userHandle: r.userHandle ? encode(r.userHandle) : undefined
          },
          credType: cred.type,
          clientExtensionResults: cred.getClientExtensionResults(),
          authenticatorAttachment: cred.authenticatorAttachment
        });
      })
      .then(json)
      .then(function (result) {
        window.location.href = result.redirectUrl;
      })
      .catch(function (error) {
        button.disabled = false;
        if (error.body && error.body.redirectUrl && error.body.redirectUrl.indexOf('/login?error') < 0) {
          // the throttle: the login page says how long to wait
          window.location.href = error.body.redirectUrl;
          return;
        }
        show('passkey-sign-in-error');
      });
  }

  function register(form) {
    var label = form.querySelector('[name="label"]').value.trim();
    var button = form.querySelector('button[type="submit"]');
    document.getElementById('passkey-error').hidden = true;
    if (!label) {
      return;
    }
    button.disabled = true;
    var base = form.dataset.done.replace(/\/account\/passkeys$/, '');
    post(base + '/webauthn/register/options')
      .then(json)
      .then(function (options) {
        options.challenge = decode(options.challenge);
        options.user = Object.assign({}, options.user, { id: decode(options.user.id) });
        options.excludeCredentials = descriptors(options.excludeCredentials);
        return navigator.credentials.create({ publicKey: options });
      })
      .then(function (cred) {
        var r = cred.response;
        return post(base + '/webauthn/register', {
          publicKey: {
            credential: {
              id: cred.id,
              rawId: encode(cred.rawId),
              response: {
                attestationObject: encode(r.attestationObject),
                clientDataJSON: encode(r.clientDataJSON),
                transports: r.getTransports ? r.getTransports() : []
              },
              type: cred.type,
              clientExtensionResults: cred.getClientExtensionResults(),
              authenticatorAttachment: cred.authenticatorAttachment
            },
            label: label
          }
        });
      })
      .then(json)
      .then(function (result) {
        if (!result.success) {
          throw new Error('not registered');
        }
        window.location.href = form.dataset.done;
      })
      .catch(function () {
        button.disabled = false;
        show('passkey-error');
      });
  }

  function start() {
    var button = document.getElementById('passkey-sign-in');
    if (button) {
      if (!window.PublicKeyCredential) {
        button.hidden = true;
      } else {
        button.addEventListener('click', function () { signIn(button); });
      }
    }
    var form = document.getElementById('passkey-register');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        register(form);
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
