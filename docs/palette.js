// The light/dark switch of the paper pages (overrides/paper.html), which load no theme script.
// It reads and writes the same stored choice as the theme's own switch on every other page
// (Material for MkDocs keeps it in localStorage as "<site path>.__palette": the index of the
// chosen palette entry and its colours), so a reader's choice carries between paper pages and
// the rest. With nothing stored, the first entry whose media query matches applies (the reader's
// prefers-color-scheme), as on the theme's pages. Loaded at the top of <body>, so the page is
// painted in the chosen colours from the start. MkDocs renders this file with mkdocs.yml's
// palette (extra_templates in mkdocs.yml): the last lines are where it writes it.
(function (palette, scope) {
  "use strict";
  var options = [].concat(palette || []).map(function (option) {
    function colour(value, otherwise) {
      return String(value || otherwise).replace(/ /g, "-");
    }
    return {
      media: option.media || "",
      scheme: colour(option.scheme, "default"),
      primary: colour(option.primary, "indigo"),
      accent: colour(option.accent, "indigo"),
      name: option.toggle ? option.toggle.name : null,
    };
  });
  if (!options.length) return;
  // The theme's scope: extra.scope, else the site's root, which is where this file is.
  var key = (scope ? new URL(scope, location) : new URL(".", document.currentScript.src)).pathname + ".__palette";
  var stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(key));
  } catch (error) {
    stored = null;  // storage blocked or the value unreadable: the reader's system setting decides
  }
  var index = stored && typeof stored.index === "number" ? stored.index : options.findIndex(function (option) {
    return matchMedia(option.media).matches;
  });
  index = Math.max(0, Math.min(index, options.length - 1));

  function colours(at) {
    var option = options[at];
    return { media: option.media, scheme: option.scheme, primary: option.primary, accent: option.accent };
  }

  function paint() {
    var shown = colours(index);
    if (shown.media === "(prefers-color-scheme)") {  // "automatic": the colours of the system's entry
      var system = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
      var entry = options.filter(function (option) {
        return option.media === "(prefers-color-scheme: " + system + ")";
      })[0];
      if (entry) shown = { media: shown.media, scheme: entry.scheme, primary: entry.primary, accent: entry.accent };
    }
    Object.keys(shown).forEach(function (name) {
      document.body.setAttribute("data-md-color-" + name, shown[name]);
    });
  }

  paint();
  matchMedia("(prefers-color-scheme: light)").addEventListener("change", paint);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-palette-toggle]");
    if (!button) return;
    function label() {  // the entry's own name for its switch, as the theme shows it
      var name = options[index].name;
      button.hidden = !name;
      if (name) {
        button.title = name;
        button.setAttribute("aria-label", name);
      }
    }
    button.addEventListener("click", function () {
      index = (index + 1) % options.length;
      paint();
      try {
        localStorage.setItem(key, JSON.stringify({ index: index, color: colours(index) }));
      } catch (error) {
        // storage blocked: the choice holds for this page only
      }
      label();
    });
    label();
  });
})(
  {{ config.theme.palette | tojson }},
  {{ config.extra.scope | default(none) | tojson }}
);
