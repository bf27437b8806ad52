/**
 * The report page's script, inlined as plain ES2017 (it runs as is in the browser, never compiled):
 * sorting the groups table by a header, filtering it by policy, severity, status and by a heat-map
 * cell, and the count of shown rows. One listener per control (event delegation): no per-row
 * handler, so a page of thousands of groups stays quick. Rows carry their sort keys as data
 * attributes; ties keep the report's order (the most pressing first).
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('groups');
  var tbody = table.tBodies[0];
  var rows = Array.prototype.map.call(tbody.rows, function (tr, index) { return { tr: tr, index: index }; });
  var policy = document.getElementById('filter-policy');
  var status = document.getElementById('filter-status');
  var severities = Array.prototype.slice.call(document.querySelectorAll('#filter-severity input[name="severity"]'));
  var shown = document.getElementById('shown');
  var noRows = document.getElementById('no-rows');
  var placeBox = document.getElementById('place-filter');
  var placeText = document.getElementById('place-filter-text');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  var place = null;
  var current = { key: 'rank', dir: 'descending' };

  function visible(d, allowed) {
    var p = policy.value;
    if (p === 'none' ? d.policy !== '' : p !== 'all' && 'p:' + d.policy !== p) return false;
    if (status.value !== 'all' && d.status !== status.value) return false;
    if (!allowed[d.severity]) return false;
    if (place !== null && (d.accountId !== place.account || d.region !== place.region)) return false;
    return true;
  }

  function apply() {
    var allowed = {};
    severities.forEach(function (box) { if (box.checked) allowed[box.value] = true; });
    var count = 0;
    rows.forEach(function (row) {
      var show = visible(row.tr.dataset, allowed);
      if (row.tr.hidden === show) row.tr.hidden = !show;
      if (show) count += 1;
    });
    shown.textContent = String(count);
    if (rows.length > 0) noRows.hidden = count > 0;
  }

  function sortBy(key, dir) {
    var sign = dir === 'ascending' ? 1 : -1;
    var numeric = key === 'rank';
    rows.sort(function (a, b) {
      var x = a.tr.dataset[key];
      var y = b.tr.dataset[key];
      var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return c !== 0 ? sign * c : a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row.tr); });
    tbody.appendChild(fragment);
    Array.prototype.forEach.call(table.tHead.querySelectorAll('th[data-key]'), function (th) {
      if (th.getAttribute('data-key') === key) th.setAttribute('aria-sort', dir);
      else th.removeAttribute('aria-sort');
    });
    current = { key: key, dir: dir };
  }

  table.tHead.addEventListener('click', function (event) {
    var button = event.target.closest('button.sort');
    if (button === null) return;
    var key = button.getAttribute('data-key');
    // A new column starts with its natural order: severity worst first, the others A to Z.
    var dir = current.key === key
      ? (current.dir === 'ascending' ? 'descending' : 'ascending')
      : (key === 'rank' ? 'descending' : 'ascending');
    sortBy(key, dir);
  });

  policy.addEventListener('change', apply);
  status.addEventListener('change', apply);
  document.getElementById('filter-severity').addEventListener('change', apply);

  function choosePlace(cell) {
    if (place !== null) {
      place.cell.classList.remove('selected');
      place.cell.setAttribute('aria-pressed', 'false');
    }
    if (cell === null || (place !== null && place.cell === cell)) {
      place = null;
      placeBox.hidden = true;
    } else {
      place = { cell: cell, account: cell.getAttribute('data-account'), region: cell.getAttribute('data-region') };
      cell.classList.add('selected');
      cell.setAttribute('aria-pressed', 'true');
      placeText.textContent = cell.getAttribute('data-label') + ' / ' + place.region;
      placeBox.hidden = false;
    }
    apply();
  }

  var heatmap = document.getElementById('heatmap');
  if (heatmap !== null) {
    heatmap.addEventListener('click', function (event) {
      var cell = event.target.closest('.hm-cell');
      if (cell !== null) choosePlace(cell);
    });
    heatmap.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      var cell = event.target.closest('.hm-cell');
      if (cell === null) return;
      event.preventDefault();
      choosePlace(cell);
    });
  }
  document.getElementById('place-clear').addEventListener('click', function () { choosePlace(null); });

  document.getElementById('filters-reset').addEventListener('click', function () {
    policy.value = 'all';
    status.value = 'all';
    severities.forEach(function (box) { box.checked = true; });
    choosePlace(null);
  });

  document.documentElement.classList.add('js');
  apply();
})();
`;
