// The browse page: one table of all papers, filtered and sorted in the browser.
// Data comes from api/browse.json on this site (no other host). The filter state lives in the
// address (?venue=ICML&open_source_code=Yes&sort=-documentation_score&page=2), so a view can be
// shared. Every value from the data is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var PAGE_SIZE = 100;
  var root = document.getElementById("browse");
  if (!root) return;

  var source = new URL(root.getAttribute("data-source"), document.baseURI);
  var siteRoot = new URL("../", source);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function readState(filterNames) {
    var params = new URLSearchParams(window.location.search);
    var state = { filters: {}, q: params.get("q") || "", sort: params.get("sort") || "", page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1) };
    filterNames.forEach(function (name) { if (params.get(name)) state.filters[name] = params.get(name); });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    Object.keys(state.filters).sort().forEach(function (name) { if (state.filters[name]) params.set(name, state.filters[name]); });
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function render(data) {
    var columns = data.columns;
    var index = {};
    columns.forEach(function (name, position) { index[name] = position; });
    var yesNo = data.yes_no;  // the layout comes with the data: no column count or maximum here
    var filterNames = ["venue", "year", "research_type", "researcher_affiliation", "min_score"].concat(yesNo);
    var state = readState(filterNames);

    var controls = element("form", { class: "browse-controls", role: "search", "aria-label": "Filter the papers" });
    var search = element("input", { type: "search", name: "q", placeholder: "Title or author", "aria-label": "Title or author" });
    search.value = state.q;
    controls.appendChild(search);

    function distinct(name) {
      var seen = {};
      data.rows.forEach(function (row) { seen[row[index[name]]] = true; });
      return Object.keys(seen).sort();
    }

    function select(name, label, options) {
      var wrapper = element("label", { class: "browse-filter" });
      wrapper.appendChild(element("span", {}, label));
      var box = element("select", { name: name, "data-filter": name });
      box.appendChild(element("option", { value: "" }, "any"));
      options.forEach(function (option) { box.appendChild(element("option", { value: option }, option)); });
      box.value = state.filters[name] || "";
      wrapper.appendChild(box);
      controls.appendChild(wrapper);
      return box;
    }

    select("venue", "Venue", distinct("venue"));
    select("year", "Year", distinct("year"));
    select("research_type", "Research type", distinct("research_type"));
    select("researcher_affiliation", "Affiliation", distinct("researcher_affiliation"));
    var scores = [];
    for (var score = 1; score <= data.max_score; score++) scores.push(String(score));
    select("min_score", "Score at least", scores);
    yesNo.forEach(function (name) { select(name, data.labels[name], data.results[name]); });
    root.appendChild(controls);

    var status = element("p", { class: "browse-status", "aria-live": "polite" });
    root.appendChild(status);
    var table = element("table", { class: "browse-table" });
    var head = element("thead");
    var headRow = element("tr");
    var shown = [["title", "Paper"], ["authors", "Authors"], ["venue", "Venue"], ["year", "Year"],
      ["documentation_score", "Score"], ["reproducibility_score", "Repro."]];
    shown.forEach(function (pair) {
      var cell = element("th", { scope: "col" });
      var button = element("button", { type: "button", "data-sort": pair[0] }, pair[1]);
      cell.appendChild(button);
      headRow.appendChild(cell);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = element("tbody");
    table.appendChild(body);
    root.appendChild(table);
    var pager = element("nav", { class: "browse-pager", "aria-label": "Pages" });
    root.appendChild(pager);

    function matches(row) {
      var query = state.q.toLowerCase();
      if (query && (row[index.title] + " " + row[index.authors]).toLowerCase().indexOf(query) < 0) return false;
      for (var name in state.filters) {
        var wanted = state.filters[name];
        if (!wanted) continue;
        if (name === "min_score") { if (row[index.documentation_score] < Number(wanted)) return false; continue; }
        if (String(row[index[name]]) !== wanted) return false;
      }
      return true;
    }

    function update() {
      var rows = data.rows.filter(matches);
      if (state.sort) {
        var descending = state.sort.charAt(0) === "-";
        var key = index[state.sort.replace(/^-/, "")];
        if (key !== undefined) {
          rows.sort(function (a, b) {
            var order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
            return descending ? -order : order;
          });
        }
      }
      var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages);
      body.textContent = "";
      rows.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE).forEach(function (row) {
        var line = element("tr");
        var titleCell = element("td");
        titleCell.appendChild(element("a", { href: new URL("papers/" + row[index.id] + "/", siteRoot).href }, row[index.title]));
        line.appendChild(titleCell);
        line.appendChild(element("td", {}, row[index.authors]));
        line.appendChild(element("td", {}, row[index.venue]));
        line.appendChild(element("td", {}, row[index.year]));
        line.appendChild(element("td", {}, row[index.documentation_score] + "/" + data.max_score));
        line.appendChild(element("td", {}, Number(row[index.reproducibility_score]).toFixed(2)));
        body.appendChild(line);
      });
      status.textContent = rows.length + " of " + data.rows.length + " papers" + (pages > 1 ? ", page " + state.page + " of " + pages : "");
      pager.textContent = "";
      if (pages > 1) {
        [["previous", state.page - 1], ["next", state.page + 1]].forEach(function (pair) {
          var button = element("button", { type: "button", class: "md-button", "data-page": pair[1] }, pair[0]);
          button.disabled = pair[1] < 1 || pair[1] > pages;
          pager.appendChild(button);
        });
      }
      headRow.querySelectorAll("button[data-sort]").forEach(function (button) {
        var name = button.getAttribute("data-sort");
        var sort = state.sort === name ? "ascending" : state.sort === "-" + name ? "descending" : "none";
        button.parentNode.setAttribute("aria-sort", sort);
      });
      writeState(state);
    }

    controls.addEventListener("change", function (event) {
      var name = event.target.getAttribute("data-filter");
      if (name) { state.filters[name] = event.target.value; state.page = 1; update(); }
    });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    search.addEventListener("input", function () { state.q = search.value; state.page = 1; update(); });
    headRow.addEventListener("click", function (event) {
      var name = event.target.getAttribute("data-sort");
      if (!name) return;
      state.sort = state.sort === name ? "-" + name : name;
      update();
    });
    pager.addEventListener("click", function (event) {
      var page = event.target.getAttribute("data-page");
      if (page) { state.page = Number(page); update(); }
    });
    update();
  }

  fetch(source.href)
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(render)
    .catch(function (error) {
      root.appendChild(element("p", {}, "The table could not be loaded (" + error.message + "); see the list of all papers instead."));
    });
})();
