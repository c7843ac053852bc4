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
