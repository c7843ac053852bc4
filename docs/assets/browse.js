// The browse page: a table of all papers, filtered and sorted in the browser.
// Data comes from api/browse/ on this site (no other host): the manifest (index.json) holds the
// column layout, each venue-year's file and paper count, and the rows of the first view, so the
// first view downloads nothing else; the rows of the editions a reader's filters need (all of them
// when no venue or year is chosen) are loaded when the reader filters, sorts or searches. The filter
// state lives in the address (?venue=ICML&text=pruning&sort=-documentation_score&page=2), so
// a view can be shared. Every value from the data is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var PAGE_SIZE = 100;
  var root = document.getElementById("browse");
  if (!root) return;

  var source = new URL(root.getAttribute("data-source"), document.baseURI);
  var siteRoot = new URL("../../", source);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function readState(filterNames) {
    var params = new URLSearchParams(window.location.search);
    var state = { filters: {}, q: params.get("text") || "", sort: params.get("sort") || "", page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1) };
    filterNames.forEach(function (name) { if (params.get(name)) state.filters[name] = params.get(name); });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    Object.keys(state.filters).sort().forEach(function (name) { if (state.filters[name]) params.set(name, state.filters[name]); });
    if (state.q) params.set("text", state.q);  // not "q": the theme opens its search dialog on ?q=
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function fold(text) {  // case and accents do not matter: "dziugaite" finds "Dziugaitė"
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function render(manifest) {
    var columns = manifest.columns;
    var index = {};
    columns.forEach(function (name, position) { index[name] = position; });
    var yesNo = manifest.yes_no;  // the layout comes with the data: no column count or maximum here
    var filterNames = ["venue", "year", "research_type", "researcher_affiliation", "min_score"].concat(yesNo);
    var state = readState(filterNames);
    var loaded = {};  // edition file -> its rows
    var pending = null;

    var controls = element("form", { class: "browse-controls", role: "search", "aria-label": "Filter the papers" });
    var search = element("input", { type: "search", name: "q", placeholder: "Title or any author", "aria-label": "Title or any author" });
    search.value = state.q;
    controls.appendChild(search);
    // the filters fold away, so that on a phone the table is on the first screen; open on a wide one
    var filters = element("details", { class: "browse-filters" });
    filters.appendChild(element("summary", {}, "Filters"));
    var filterBox = element("div", { class: "browse-filter-box" });
    filters.appendChild(filterBox);
    controls.appendChild(filters);

    function select(name, label, options) {
      var wrapper = element("label", { class: "browse-filter" });
      wrapper.appendChild(element("span", {}, label));
      var box = element("select", { name: name, "data-filter": name });
      box.appendChild(element("option", { value: "" }, "any"));
      options.forEach(function (option) { box.appendChild(element("option", { value: option }, option)); });
      box.value = state.filters[name] || "";
      wrapper.appendChild(box);
      filterBox.appendChild(wrapper);
      return box;
    }

    function distinct(position) {
      var seen = {};
      manifest.editions.forEach(function (edition) { seen[edition[position]] = true; });
      return Object.keys(seen).sort();
    }

    select("venue", "Venue", distinct(0));
    select("year", "Year", distinct(1));
    select("research_type", "Research type", manifest.options.research_type);
    select("researcher_affiliation", "Affiliation", manifest.options.researcher_affiliation);
    var scores = [];
    for (var score = 1; score <= manifest.max_score; score++) scores.push(String(score));
    select("min_score", "Score at least", scores);
    yesNo.forEach(function (name) { select(name, manifest.labels[name], manifest.results[name]); });
    filters.open = window.matchMedia("(min-width: 60em)").matches ||
      Object.keys(state.filters).some(function (name) { return state.filters[name]; });
    root.appendChild(controls);

    var status = element("p", { class: "browse-status", "aria-live": "polite" });
    root.appendChild(status);
    var reset = element("button", { type: "button", class: "md-button browse-reset" }, "Show all papers");
    reset.hidden = true;
    root.appendChild(reset);
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
    var scroller = element("div", { class: "browse-scroll" });
    scroller.appendChild(table);
    root.appendChild(scroller);
    var pager = element("nav", { class: "browse-pager", "aria-label": "Pages" });
    root.appendChild(pager);

    function isFirstView() {
      return !state.q && !state.sort && state.page === 1 &&
        !Object.keys(state.filters).some(function (name) { return state.filters[name]; });
    }

    function neededEditions() {  // the edition files the current filters can match
      return manifest.editions.filter(function (edition) {
        return (!state.filters.venue || edition[0] === state.filters.venue) &&
          (!state.filters.year || String(edition[1]) === state.filters.year);
      });
    }

    function rowsToFilter() {  // the rows of every needed edition, loading those not yet loaded
      var editions = neededEditions();
      var missing = editions.filter(function (edition) { return !loaded[edition[3]]; });
      if (!missing.length) {
        return Promise.resolve([].concat.apply([], editions.map(function (edition) { return loaded[edition[3]]; })));
      }
      var count = missing.reduce(function (sum, edition) { return sum + edition[2]; }, 0);
      status.textContent = "Loading " + count + " papers of " + missing.length + (missing.length === 1 ? " venue-year" : " venue-years") + "…";
      return Promise.all(missing.map(function (edition) {
        return fetch(new URL(edition[3], source).href).then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        }).then(function (rows) { loaded[edition[3]] = rows; });
      })).then(rowsToFilter);
    }

    function matches(row) {
      var query = fold(state.q.trim());
      if (query && fold(row[index.title] + " " + row[index.authors]).indexOf(query) < 0) return false;
      for (var name in state.filters) {
        var wanted = state.filters[name];
        if (!wanted) continue;
        if (name === "min_score") { if (row[index.documentation_score] < Number(wanted)) return false; continue; }
        if (String(row[index[name]]) !== wanted) return false;
      }
      return true;
    }

    function show(rows, total, firstView) {
      var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      state.page = Math.min(state.page, pages);
      var pageRows = firstView ? rows : rows.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
      body.textContent = "";
      pageRows.forEach(function (row) {
        var line = element("tr");
        var titleCell = element("td");
        titleCell.appendChild(element("a", { href: new URL("papers/" + row[index.id] + "/", siteRoot).href }, row[index.title]));
        line.appendChild(titleCell);
        line.appendChild(element("td", {}, row[index.authors]));
        line.appendChild(element("td", {}, row[index.venue]));
        line.appendChild(element("td", {}, row[index.year]));
        line.appendChild(element("td", {}, row[index.documentation_score] + "/" + manifest.max_score));
        line.appendChild(element("td", {}, Number(row[index.reproducibility_score]).toFixed(2)));
        body.appendChild(line);
      });
      status.textContent = total + " of " + manifest.total + " papers" + (pages > 1 ? ", page " + state.page + " of " + pages : "");
      reset.hidden = total > 0;
      if (total === 0) status.textContent = "No paper matches these filters and words.";
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

    function update() {
      if (isFirstView()) { show(manifest.first, manifest.total, true); return; }
      var ticket = pending = {};
      rowsToFilter().then(function (all) {
        if (ticket !== pending) return;
        var rows = all.filter(matches);
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
        show(rows, rows.length, false);
      }).catch(function (error) { status.textContent = "The papers could not be loaded (" + error.message + ")."; });
    }

    controls.addEventListener("change", function (event) {
      var name = event.target.getAttribute("data-filter");
      if (name) { state.filters[name] = event.target.value; state.page = 1; update(); }
    });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    search.addEventListener("input", function () { state.q = search.value; state.page = 1; update(); });
    reset.addEventListener("click", function () {
      state = { filters: {}, q: "", sort: state.sort, page: 1 };
      search.value = "";
      filterBox.querySelectorAll("select").forEach(function (box) { box.value = ""; });
      update();
    });
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

  function explain(text) {
    root.appendChild(element("p", { class: "browse-status" }, text));
  }

  if (window.location.protocol === "file:") {  // browsers refuse to fetch files next to a file:// page
    explain("This table cannot load when the site is opened as a file (file://): browsers do not let a page read " +
      "the data beside it. View the site through a local web server: `python -m nox -s serve`, or " +
      "`python -m http.server -d site` and open http://localhost:8000/browse/. The list of all papers works as a file.");
    return;
  }
  fetch(source.href)
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(render)
    .catch(function (error) {
      explain("The table could not be loaded (" + error.message + "); see the list of all papers instead.");
    });
})();

// Paper search, on every page: the header's search box (Material's) also looks the query up in the
// papers' search index (api/search/, written by generator/api.py search_files) and lists the papers
// found above the theme's own results, which cover the hand-written and overview pages. A query
// downloads the manifest, one shard per word (the words starting with its first two characters) and
// the chunk of each paper listed, never the whole index. Every word must match the start of one of
// a paper's words: title, any author's names, venue, year. Values go in with textContent.
(function () {
  "use strict";
  var SHOWN = 20;
  var input = document.querySelector("input.md-search__input");
  var output = document.querySelector(".md-search__scrollwrap");
  var configNode = document.getElementById("__config");
  if (!input || !output || !configNode) return;
  var siteRoot = new URL(JSON.parse(configNode.textContent).base.replace(/\/?$/, "/"), document.baseURI);
  var searchRoot = new URL("api/search/", siteRoot);
  var box = document.createElement("div");
  box.className = "paper-search";
  box.setAttribute("aria-live", "polite");
  output.insertBefore(box, output.firstChild);
  var cache = {};
  var manifest = null;
  var latest = 0;

  function getJson(name) {
    if (!cache[name]) {
      cache[name] = fetch(new URL(name, searchRoot).href).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
    }
    return cache[name];
  }

  function words(text) {
    return (text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [])
      .filter(function (word) { return word.length >= 2; });
  }

  function hex(text) {
    return Array.prototype.map.call(new TextEncoder().encode(text), function (byte) {
      return (byte < 16 ? "0" : "") + byte.toString(16);
    }).join("");
  }

  function decode(postings) {
    var numbers = [], previous = 0;
    postings.split(",").forEach(function (gap) { previous += parseInt(gap, 36); numbers.push(previous); });
    return numbers;
  }

  function papersFor(word) {  // the numbers of the papers with a word that starts with `word`
    var prefix = Array.from(word).slice(0, manifest.prefix).join("");
    if (manifest.shards.indexOf(prefix) < 0) return Promise.resolve(new Set());
    return getJson("words-" + hex(prefix) + ".json").then(function (shard) {
      var found = new Set();
      Object.keys(shard).forEach(function (key) {
        if (key.lastIndexOf(word, 0) === 0) decode(shard[key]).forEach(function (number) { found.add(number); });
      });
      return found;
    });
  }

  function show(query, numbers) {
    var chunks = {};
    numbers.slice(0, SHOWN).forEach(function (number) { chunks[Math.floor(number / manifest.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (chunk) {
      return getJson("papers-" + chunk + ".json").then(function (rows) { chunks[chunk] = rows; });
    })).then(function () {
      box.textContent = "";
      var heading = document.createElement("p");
      heading.className = "paper-search__meta";
      heading.textContent = numbers.length === 0 ? "No paper matches every word"
        : numbers.length + (numbers.length === 1 ? " paper" : " papers") + (numbers.length > SHOWN ? " (the first " + SHOWN + " shown)" : "");
      box.appendChild(heading);
      var list = document.createElement("ol");
      list.className = "paper-search__list";
      numbers.slice(0, SHOWN).forEach(function (number) {
        var row = chunks[Math.floor(number / manifest.chunk)][number % manifest.chunk];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL(row[0], siteRoot).href;
        link.textContent = row[1];
        var details = document.createElement("span");
        details.textContent = row[2] + " · " + row[3] + " " + row[4];
        item.appendChild(link);
        item.appendChild(details);
        list.appendChild(item);
      });
      box.appendChild(list);
    });
  }

  function search() {
    var query = words(input.value);
    var ticket = ++latest;
    if (!query.length) { box.textContent = ""; return; }
    (manifest ? Promise.resolve(manifest) : getJson("index.json")).then(function (loaded) {
      manifest = loaded;
      return Promise.all(query.map(papersFor));
    }).then(function (sets) {
      if (ticket !== latest) return null;
      var numbers = Array.from(sets[0]).filter(function (number) {
        return sets.every(function (set) { return set.has(number); });
      }).sort(function (a, b) { return a - b; });
      return show(query, numbers);
    }).catch(function (error) {
      if (ticket !== latest) return;
      box.textContent = "";
      var message = document.createElement("p");
      message.className = "paper-search__meta";
      message.textContent = location.protocol === "file:"
        ? "Searching papers needs the site served over HTTP: run `python -m nox -s serve` or `python -m http.server -d site`."
        : "The papers' search index could not be loaded (" + error.message + ").";
      box.appendChild(message);
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
})();
