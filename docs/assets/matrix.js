// The edition matrix (table.edition-matrix): a sort button in every column heading and a title
// filter above the table. It reads the table already in the page; without JavaScript the table
// reads the same, unsorted and unfiltered.
(function () {
  "use strict";
  var RANK = { "✓": 2, "–": 1, "✗": 0 }; // Yes first when sorting down, then N/A, then No

  function cellValue(row, column) {
    var text = row.cells[column].textContent.trim();
    if (column === 0) return text.toLowerCase();
    if (text in RANK) return RANK[text];
    return Number(text);
  }

  function sortBy(table, column, button) {
    var heading = button.parentNode;
    var descending = heading.getAttribute("aria-sort") !== "descending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    // each row's key read once (not in every comparison): 5,000 rows sort in a blink
    var keyed = Array.prototype.map.call(body.rows, function (row, index) {
      row.dataset.order = row.dataset.order || String(index);
      return { key: cellValue(row, column), order: Number(row.dataset.order), row: row };
    });
    keyed.sort(function (a, b) {
      if (a.key === b.key) return a.order - b.order; // ties keep the papers' order (by id)
      var order = a.key < b.key ? -1 : 1;
      return descending ? -order : order;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  function enhance(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = heading.textContent;
      button.dataset.column = String(column);
      heading.textContent = "";
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, button); });
    });
    var label = document.createElement("label");
    label.className = "matrix-filter";
    label.textContent = "Filter by title ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "words in the title";
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "matrix-count";
    count.setAttribute("aria-live", "polite");
    var box = table.closest(".scroll-x") || table;
    box.parentNode.insertBefore(label, box);
    box.parentNode.insertBefore(count, box);
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var title = row.cells[0].textContent.toLowerCase();
        var match = words.every(function (word) { return title.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = " " + shown + " of " + table.tBodies[0].rows.length + " papers";
    }
    input.addEventListener("input", filter);
    filter();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.edition-matrix"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
