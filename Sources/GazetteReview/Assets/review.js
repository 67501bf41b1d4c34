// Gazette review: marks the source line of a clicked cell, folds the script toggle, filters the index.
// No dependency, no network; the pages work without it (cells still say their line in their tooltip).
(function () {
  'use strict';

  // Marks `origin` (a cell or a link) and every element of the source panel holding line `line`.
  function mark(line, origin) {
    document.querySelectorAll('.hit').forEach(function (element) { element.classList.remove('hit'); });
    if (origin) origin.classList.add('hit');
    if (!/^\d+$/.test(line)) return;
    var targets = document.querySelectorAll('#source [data-line="' + line + '"]');
    targets.forEach(function (element) { element.classList.add('hit'); });
    var status = document.getElementById('selection');
    if (status) {
      // In a page's markup many elements may start on one source line: all of them are marked.
      var rows = document.querySelectorAll('#source li[data-line="' + line + '"]').length;
      status.textContent = !targets.length ? 'line ' + line + ' is not among the lines shown'
        : rows > 1 ? 'line ' + line + ' (' + rows + ' text lines start on it)' : 'line ' + line;
    }
    // Only the source list scrolls: the clicked cell stays where the reader is looking.
    var list = document.querySelector('#source ol.lines');
    if (list && targets.length) {
      var offset = targets[0].getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop;
      list.scrollTop = offset - list.clientHeight / 2;
    }
  }

  document.addEventListener('click', function (event) {
    var term = event.target.closest('[data-cell]');
    if (term) {
      var cell = document.getElementById(term.getAttribute('data-cell'));
      if (cell) {
        event.preventDefault();
        cell.scrollIntoView({ block: 'center' });
        mark(cell.getAttribute('data-line'), cell);
        history.replaceState(null, '', '#' + cell.id);
      }
      return;
    }
    var target = event.target.closest('td.cell[data-line], a.line-link[data-line]');
    if (target && !target.closest('#source')) {
      event.preventDefault();
      mark(target.getAttribute('data-line'), target);
      if (target.id) history.replaceState(null, '', '#' + target.id);
    }
  });

  var toggle = document.getElementById('toggle-original');
  if (toggle) {
    toggle.addEventListener('click', function () {
      var on = document.body.classList.toggle('show-original');
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      toggle.textContent = on ? 'show converted text' : 'show original script';
    });
  }

  var filter = document.getElementById('filter');
  if (filter) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('table.reports tbody tr'));
    var shown = document.getElementById('shown');
    var apply = function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        row.classList.toggle('hidden', !match);
        if (match) count++;
      });
      if (shown) shown.textContent = words.length ? count + ' of ' + rows.length + ' shown' : '';
    };
    filter.addEventListener('input', apply);
    apply();
  }

  // A link to a cell (`report.html#c0-3-6`) opens with the cell and its line marked.
  if (location.hash.length > 1) {
    var linked = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (linked && linked.matches('td.cell[data-line]')) mark(linked.getAttribute('data-line'), linked);
  }
})();
