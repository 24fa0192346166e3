/* alur SOP editor: line numbers that follow the text (errors red, lines the form just wrote green), the error list
   jumps to its line, the form's open sections are remembered across its swaps, and the text scrolls to what the
   form wrote. The editor works without this file (the server draws the numbers and opens the sections it edited). */
(function () {
  function text() { return document.getElementById('sumber'); }
  function gutter() { return document.getElementById('nomor-baris'); }
  var drawn = -1;
  var drawnErrors = null;

  function errorLines() {
    var panel = document.getElementById('pemeriksaan');
    return panel ? panel.getAttribute('data-baris-salah') || '' : '';
  }

  function draw() {
    var t = text();
    var g = gutter();
    if (!t || !g) return;
    var count = t.value.split('\n').length;
    var errors = errorLines();
    if (count === drawn && errors === drawnErrors && g.getAttribute('data-digambar') === '1') return;
    drawn = count;
    drawnErrors = errors;
    var bad = {};
    var changed = {};
    errors.split(' ').forEach(function (n) { if (n) bad[n] = true; });
    (g.getAttribute('data-baris-ubah') || '').split(' ').forEach(function (n) { if (n) changed[n] = true; });
    var rows = document.createDocumentFragment();
    for (var i = 1; i <= count; i++) {
      var row = document.createElement('span');
      if (bad[i]) row.className = 'salah';
      else if (changed[i]) row.className = 'ubah';
      row.textContent = i + '\n';
      rows.appendChild(row);
    }
    g.replaceChildren(rows);
    g.setAttribute('data-digambar', '1');
    g.scrollTop = t.scrollTop;
  }

  function lineHeight(t) { return parseFloat(getComputedStyle(t).lineHeight) || 19; }

  function goToLine(line, column) {
    var t = text();
    if (!t) return;
    var lines = t.value.split('\n');
    var at = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    at += Math.min(Math.max(column - 1, 0), (lines[line - 1] || '').length);
    t.focus();
    t.setSelectionRange(at, at);
    t.scrollTop = Math.max(0, (line - 4) * lineHeight(t));
    gutter().scrollTop = t.scrollTop;
  }

  /* After the form wrote into the text, show those lines without taking the focus from the form. */
  function showChanged() {
    var box = document.getElementById('kode');
    var t = text();
    var first = box && Number(box.getAttribute('data-baris-pertama-ubah'));
    if (!t || !first) return;
    t.scrollTop = Math.max(0, (first - 4) * lineHeight(t));
    gutter().scrollTop = t.scrollTop;
  }

  /* The open sections of the form travel with each post, so a swap or a page drawn again keeps them open. */
  function rememberOpen() {
    var field = document.getElementById('bagian-terbuka');
    if (!field) return;
    var ids = [];
    document.querySelectorAll('#struktur details.bagian[open]').forEach(function (d) { ids.push(d.id); });
    field.value = ids.join(' ');
  }

  document.addEventListener('input', function (e) { if (e.target && e.target.id === 'sumber') draw(); });
  document.addEventListener('scroll', function (e) {
    if (e.target && e.target.id === 'sumber') gutter().scrollTop = e.target.scrollTop;
  }, true);
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    if (!d || !d.matches || !d.matches('details.bagian')) return;
    rememberOpen();
    // A section unfolded for the first time fetches its inputs (the page carries only the open ones).
    var load = d.open ? d.querySelector(':scope > .bagian-isi > button.muat-bagian') : null;
    if (load) load.click();
  }, true);
  /* A new part is added when its row is complete and a button pressed, not at the first field left. */
  document.addEventListener('change', function (e) {
    if (e.target && e.target.closest && e.target.closest('#struktur .baru')) e.stopPropagation();
  }, true);
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a.ke-baris') : null;
    if (!link) return;
    event.preventDefault();
    goToLine(Number(link.getAttribute('data-baris')), Number(link.getAttribute('data-kolom')) || 1);
  });
  /* A new part's row empties once the server wrote the part (a swap keeps what the focused box holds). */
  function emptyNewRows() {
    document.querySelectorAll('#struktur .baru[data-kosongkan]').forEach(function (row) {
      row.removeAttribute('data-kosongkan');
      row.querySelectorAll('input[type=text], input[type=number]').forEach(function (i) { i.value = i.defaultValue; });
      row.querySelectorAll('select').forEach(function (s) {
        for (var k = 0; k < s.options.length; k++) s.options[k].selected = s.options[k].defaultSelected;
      });
    });
  }

  document.addEventListener('htmx:after:swap', function () {
    emptyNewRows();
    draw();
    showChanged();
    rememberOpen();
  });
  draw();
  showChanged();
})();
