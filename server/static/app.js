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
