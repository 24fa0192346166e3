/* alur SOP editor: line numbers that follow the text, error lines marked red, the error list jumps to its line.
   The editor works without this file (numbers are drawn by the server for the text as loaded). */
(function () {
  var text = document.getElementById('sumber');
  var gutter = document.getElementById('nomor-baris');
  if (!text || !gutter) return;
  var drawn = -1;
  var drawnErrors = null;

  function errorLines() {
    var panel = document.getElementById('pemeriksaan');
    return panel ? panel.getAttribute('data-baris-salah') || '' : '';
  }

  function draw() {
    var count = text.value.split('\n').length;
    var errors = errorLines();
    if (count === drawn && errors === drawnErrors) return;
    drawn = count;
    drawnErrors = errors;
    var bad = {};
    errors.split(' ').forEach(function (n) { if (n) bad[n] = true; });
    var rows = document.createDocumentFragment();
    for (var i = 1; i <= count; i++) {
      var row = document.createElement('span');
      if (bad[i]) row.className = 'salah';
      row.textContent = i + '\n';
      rows.appendChild(row);
    }
    gutter.replaceChildren(rows);
    gutter.scrollTop = text.scrollTop;
  }

  function goToLine(line, column) {
    var lines = text.value.split('\n');
    var at = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    at += Math.min(Math.max(column - 1, 0), (lines[line - 1] || '').length);
    text.focus();
    text.setSelectionRange(at, at);
    var height = parseFloat(getComputedStyle(text).lineHeight) || 19;
    text.scrollTop = Math.max(0, (line - 4) * height);
    gutter.scrollTop = text.scrollTop;
  }

  text.addEventListener('input', draw);
  text.addEventListener('scroll', function () { gutter.scrollTop = text.scrollTop; });
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a.ke-baris') : null;
    if (!link) return;
    event.preventDefault();
    goToLine(Number(link.getAttribute('data-baris')), Number(link.getAttribute('data-kolom')) || 1);
  });
  // htmx replaces the check panel after each check: redraw the red marks then.
  var holder = document.getElementById('pemeriksaan');
  if (holder && holder.parentNode && window.MutationObserver) {
    new MutationObserver(draw).observe(holder.parentNode, { childList: true });
  }
  draw();
})();
