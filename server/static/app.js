/* alur: small progressive enhancements; every page works without this file. */
document.documentElement.classList.add('js');

/* After htmx swaps in a refused form, move focus to its error summary so the clerk sees what to fix. */
document.addEventListener('htmx:after:swap', function () {
  var summary = document.getElementById('kesalahan');
  if (summary) summary.focus();
});
