#include "web/static_assets.h"

namespace hoard::web {
namespace {

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light dark; --line: #8884; --accent: #2a6db0; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
body > nav { display: flex; gap: 1.2em; padding: .6em 1.2em; border-bottom: 1px solid var(--line); }
body > nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
main { padding: 0 1.2em 2em; }
h1 { font-size: 1.4em; }
.filters { display: flex; flex-wrap: wrap; gap: .8em; align-items: end; margin: .5em 0 1em; }
.filters label { display: flex; flex-direction: column; font-size: .85em; }
.filters input { font: inherit; padding: .25em .4em; min-width: 10em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
th a { color: inherit; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.description { max-width: 32em; font-size: .9em; }
td.actions form { display: inline; }
td.actions button { font-size: .8em; }
.pager { margin: 1em 0; display: flex; gap: 1em; }
.error { color: #b00020; font-weight: 600; }
.count { color: #888; }
)css";

// Instant filtering of the rows on this page while typing in the search box;
// submitting the form still searches everything on the server.
constexpr std::string_view kScript = R"js(
"use strict";
(function () {
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const box = document.getElementById("q");
  const table = document.getElementById("releases");
  if (!box || !table) return;
  const rows = Array.from(table.tBodies[0].rows);
  const texts = rows.map((r) => fold(r.textContent));
  const count = document.getElementById("count");
  box.addEventListener("input", () => {
    const words = fold(box.value).split(/\s+/).filter((w) => w.length > 0);
    let shown = 0;
    rows.forEach((row, i) => {
      const ok = words.every((w) => texts[i].includes(w));
      row.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = shown + (shown === 1 ? " release" : " releases") + " on this page";
  });
})();
)js";

constexpr StaticAsset kAssets[] = {{"text/css; charset=utf-8", kStyle},
                                   {"text/javascript; charset=utf-8", kScript}};

}  // namespace

const StaticAsset* FindStaticAsset(std::string_view path) {
  if (path == "/static/style.css") return &kAssets[0];
  if (path == "/static/app.js") return &kAssets[1];
  return nullptr;
}

}  // namespace hoard::web
