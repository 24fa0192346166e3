/* alur: small progressive enhancements; every page works without this file. */
document.documentElement.classList.add('js');

/* The printable document's "Cetak dokumen" button: phones have no Ctrl+P. */
document.addEventListener('click', function (e) {
  var target = e.target;
  if (target && target.closest && target.closest('[data-cetak]')) window.print();
});

/* After htmx swaps in a refused form, move focus to its error summary so the clerk sees what to fix. */
document.addEventListener('htmx:after:swap', function () {
  var summary = document.getElementById('kesalahan');
  if (summary) summary.focus();
});

/*
 * A form sent by htmx that does not arrive, or comes back with a whole error page, must not lose what the clerk
 * typed (a long report on a phone): the form stays as it is and a message beside its button says what happened
 * and what to do. Without this, a lost connection showed nothing, and an ended session or a refused form
 * replaced the form with another page.
 */
(function () {
  var NETWORK = 'Tidak tersambung ke server: data belum terkirim. Isian Anda masih ada di layar. Periksa sambungan internet, lalu tekan tombol sekali lagi.';
  var SESSION = 'Sesi Anda sudah berakhir (terlalu lama tidak aktif), jadi data belum tersimpan. Isian Anda masih ada di layar: jangan tutup atau muat ulang halaman ini. Masuk lagi di tab baru, lalu kembali ke tab ini dan tekan tombol sekali lagi.';
  var TOKEN = 'Formulir ini belum diterima karena kode pengamannya sudah tidak berlaku (misalnya Anda masuk ulang di tab lain). Isian Anda masih ada di layar: tekan tombol sekali lagi untuk mengirim ulang.';

  function formOf(e) {
    var el = e.target;
    return el && el.closest ? el.closest('form') : null;
  }

  function clear(form) {
    var old = form.querySelector('.net-error');
    if (old) old.parentNode.removeChild(old);
  }

  /* The message goes just above the form's buttons, where the clerk is looking. */
  function show(form, text, link) {
    clear(form);
    var box = document.createElement('div');
    box.className = 'net-error';
    box.setAttribute('role', 'alert');
    box.setAttribute('tabindex', '-1');
    var p = document.createElement('p');
    p.textContent = text;
    box.appendChild(p);
    if (link) {
      var a = document.createElement('a');
      a.href = link.href;
      a.textContent = link.text;
      if (link.blank) {
        a.target = '_blank';
        a.rel = 'noopener';
      }
      var q = document.createElement('p');
      q.appendChild(a);
      box.appendChild(q);
    }
    var actions = form.querySelector('.actions');
    if (actions) actions.parentNode.insertBefore(box, actions);
    else form.insertBefore(box, form.firstChild);
    box.focus();
  }

  document.addEventListener('htmx:before:request', function (e) {
    var form = formOf(e);
    if (form) clear(form);
  });

  document.addEventListener('htmx:error', function (e) {
    var form = formOf(e);
    if (form) show(form, NETWORK);
  });

  document.addEventListener('htmx:after:request', function (e) {
    var form = formOf(e);
    var ctx = e.detail && e.detail.ctx;
    if (!form || !ctx || !ctx.response) return;
    var status = ctx.response.status;
    var redirect = ctx.hx && ctx.hx.redirect;
    if (status < 400 || status === 422) return;
    if (status === 401) {
      e.preventDefault();
      form.setAttribute('data-token-stale', '1');
      show(form, SESSION, { href: '/login', text: 'Masuk lagi (tab baru)', blank: true });
    } else if (redirect) {
      e.preventDefault();
      show(form, 'Data belum tersimpan. Buka halaman berikut di tab baru, lalu kembali ke tab ini dan tekan tombol sekali lagi.', { href: redirect, text: 'Buka di tab baru', blank: true });
    } else if (/<html/i.test(ctx.text || '')) {
      e.preventDefault();
      if (status === 403) {
        form.setAttribute('data-token-stale', '1');
        show(form, TOKEN);
        return;
      }
      var page = new DOMParser().parseFromString(ctx.text, 'text/html');
      var lead = page.querySelector('main .lead');
      show(form, 'Data belum tersimpan. ' + (lead ? lead.textContent : 'Coba tekan tombol sekali lagi.'));
    }
  });

  /* After a new sign-in the form's anti-forgery code is the old session's: read the new one from a small page. */
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || !form.getAttribute || !form.getAttribute('data-token-stale')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    fetch('/layanan', { credentials: 'same-origin' }).then(function (res) {
      return res.text().then(function (html) {
        // Signed in, every page's header carries the code (in the sign-out form); not signed in, none does.
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('input[name=_csrf]');
        if (!fresh) {
          show(form, SESSION, { href: '/login', text: 'Masuk lagi (tab baru)', blank: true });
          return;
        }
        var inputs = document.querySelectorAll('input[name=_csrf]');
        for (var i = 0; i < inputs.length; i++) inputs[i].value = fresh.value;
        form.removeAttribute('data-token-stale');
        var button = form.querySelector('button[type=submit]');
        if (form.requestSubmit) form.requestSubmit(button || undefined);
        else if (button) button.click();
      });
    }, function () {
      show(form, NETWORK);
    });
  }, true);
})();

/*
 * Uploads (file fields, copies of requirements): each file chosen is sent at once to the address the input's box
 * names (data-unggah), with a progress bar; a slow or broken line is tried again by itself, then with a "Coba lagi"
 * button. Once stored the file is listed as a ticked box carrying its id, so the form sends only ids. Without this
 * script the form sends the files itself (multipart).
 */
(function () {
  var WAITS = [2000, 5000, 10000];

  function csrfOf(form) {
    var i = form && form.querySelector('input[name=_csrf]');
    return i ? i.value : '';
  }

  function sizeText(n) {
    return n < 1048576 ? Math.max(1, Math.round(n / 1024)) + ' KB' : (Math.round((n / 1048576) * 10) / 10).toString().replace('.', ',') + ' MB';
  }

  function buttons(form, busy) {
    if (!form) return;
    var list = form.querySelectorAll('button[type=submit]');
    for (var i = 0; i < list.length; i++) list[i].disabled = busy;
  }

  function busy(form) {
    return Boolean(form && form.querySelector('.upload-list li.uploading'));
  }

  function done(box, row, file) {
    var name = box.getAttribute('data-nama');
    if (!box.hasAttribute('data-banyak')) {
      var old = box.querySelectorAll('.upload-list li:not(.uploading)');
      for (var i = 0; i < old.length; i++) if (old[i] !== row) old[i].parentNode.removeChild(old[i]);
    }
    row.className = '';
    row.textContent = '';
    var label = document.createElement('label');
    label.className = 'choice';
    var box2 = document.createElement('input');
    box2.type = 'checkbox';
    box2.name = name;
    box2.value = file.id;
    box2.checked = true;
    var span = document.createElement('span');
    span.textContent = file.name + ' ';
    var muted = document.createElement('span');
    muted.className = 'muted';
    muted.textContent = '(' + sizeText(file.size) + ')';
    span.appendChild(muted);
    label.appendChild(box2);
    label.appendChild(span);
    row.appendChild(label);
  }

  function fail(row, text, again) {
    row.className = 'upload-failed';
    var note = row.querySelector('.upload-note');
    note.textContent = text;
    var bar = row.querySelector('progress');
    if (bar) bar.parentNode.removeChild(bar);
    if (again) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.textContent = 'Coba lagi';
      b.addEventListener('click', function () {
        b.parentNode.removeChild(b);
        again();
      });
      row.appendChild(b);
    }
  }

  function send(box, form, file, row, attempt) {
    row.className = 'uploading';
    var note = row.querySelector('.upload-note');
    var bar = row.querySelector('progress');
    if (!bar) {
      bar = document.createElement('progress');
      bar.max = 100;
      row.insertBefore(bar, note);
    }
    bar.value = 0;
    note.textContent = attempt ? 'Mengirim ulang (percobaan ' + (attempt + 1) + ')…' : 'Mengunggah…';
    buttons(form, true);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', box.getAttribute('data-unggah'));
    xhr.setRequestHeader('X-CSRF-Token', csrfOf(form));
    xhr.timeout = 180000;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded * 100) / e.total);
    };
    var retry = function () {
      var again = function () {
        send(box, form, file, row, attempt + 1);
      };
      if (attempt < WAITS.length) {
        note.textContent = 'Sambungan lambat atau terputus; dicoba lagi sebentar lagi…';
        setTimeout(again, WAITS[attempt]);
      } else {
        fail(row, file.name + ': belum terkirim karena sambungan terputus. Periksa internet, lalu tekan Coba lagi.', again);
      }
      buttons(form, busy(form) && attempt < WAITS.length);
    };
    xhr.onload = function () {
      var body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {}
      if (xhr.status === 201 && body.id) done(box, row, body);
      else if (xhr.status === 0 || xhr.status >= 500) return retry();
      else if (xhr.status === 401) fail(row, 'Sesi Anda sudah berakhir. Masuk lagi di tab baru, lalu pilih berkasnya sekali lagi.');
      else fail(row, file.name + ': ' + (body.error || (xhr.status === 413 ? 'Berkas terlalu besar.' : 'Berkas ditolak.')));
      buttons(form, busy(form));
    };
    xhr.onerror = retry;
    xhr.ontimeout = retry;
    var data = new FormData();
    data.append('file', file);
    xhr.send(data);
  }

  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!input || input.type !== 'file' || !input.closest) return;
    var box = input.closest('.upload[data-unggah]');
    if (!box || !window.FormData || !window.XMLHttpRequest) return;
    var list = box.querySelector('.upload-list');
    var files = Array.prototype.slice.call(input.files || []);
    for (var i = 0; i < files.length; i++) {
      var row = document.createElement('li');
      var note = document.createElement('span');
      note.className = 'upload-note';
      row.appendChild(note);
      list.appendChild(row);
      send(box, input.form, files[i], row, 0);
    }
    // The files went on their own: the form must not send them again.
    input.value = '';
  });
})();
