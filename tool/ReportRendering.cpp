//===--- ReportRendering.cpp - report.md and index.html -------------------===//

#include "AuditReport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/SHA256.h"
#include <algorithm>
#include <map>

using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

/// The checks about transactions that run concurrently: the isolation
/// inventory lists which of them fire on each transaction.
constexpr llvm::StringLiteral ConcurrencyChecks[] = {
    "txn-lock-order-inversion", "txn-lost-update", "txn-deferred-upgrade",
    "txn-blocking-call-in-transaction"};

/// Text from analyzed code inside Markdown table cells and running text:
/// every character that Markdown (or inline HTML) gives a meaning is
/// backslash-escaped, and line breaks become spaces.
std::string markdownCell(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '\n' || C == '\r') {
      Out += ' ';
      continue;
    }
    if (C == '|' || C == '`' || C == '*' || C == '_' || C == '<' || C == '>' ||
        C == '[' || C == ']' || C == '\\' || C == '&' || C == '#' || C == '!' ||
        C == '~')
      Out += '\\';
    Out += C;
  }
  return Out;
}

/// A fenced code block for \p Code: the fence is longer than any run of
/// backticks inside it, so the code cannot end the block.
std::string codeBlock(const std::string &Code) {
  size_t Longest = 0, Run = 0;
  for (char C : Code) {
    Run = C == '`' ? Run + 1 : 0;
    Longest = std::max(Longest, Run);
  }
  std::string Fence(std::max<size_t>(3, Longest + 1), '`');
  std::string Body = Code;
  while (!Body.empty() && (Body.back() == '\n' || Body.back() == '\r'))
    Body.pop_back();
  return Fence + "cpp\n" + Body + "\n" + Fence + "\n";
}

std::string where(const Json &J) {
  return J.value("file", "") + ":" + std::to_string(J.value("line", 0));
}

/// The rows of a count table: at most TopCountRows keys, largest count
/// first, then the number of keys and the total count left out. At scale a
/// table per leaf directory would push what to fix first off the screen.
constexpr size_t TopCountRows = 10;
struct TopCounts {
  std::vector<std::pair<std::string, unsigned>> Shown;
  size_t MoreKeys = 0;
  unsigned MoreCount = 0;
};
TopCounts topCounts(const Json &Map) {
  TopCounts Top;
  for (const auto &[Key, Count] : Map.items())
    Top.Shown.emplace_back(Key, Count.get<unsigned>());
  llvm::stable_sort(Top.Shown, [](const auto &A, const auto &B) {
    return A.second > B.second;
  });
  for (size_t I = TopCountRows; I < Top.Shown.size(); ++I) {
    ++Top.MoreKeys;
    Top.MoreCount += Top.Shown[I].second;
  }
  Top.Shown.resize(std::min(Top.Shown.size(), TopCountRows));
  return Top;
}

/// A scope's writes: its own and its helpers'; never "0" when calls to code
/// that was not analyzed may write. Same text as writesText in index.html.
std::string writesText(const Json &Scope) {
  size_t Helpers = Scope["helper_writes"].size();
  size_t Unknown = Scope["unanalyzed_calls"].size();
  size_t Total = Scope["writes"].size() + Helpers;
  std::string Text = Total || !Unknown ? std::to_string(Total) : "?";
  if (Helpers)
    Text += " (" + std::to_string(Helpers) + " via helpers)";
  if (Unknown)
    Text += std::string(Total ? " + ?" : "") + " (" + std::to_string(Unknown) +
            (Unknown == 1 ? " call" : " calls") + " not analyzed)";
  return Text;
}

/// The page's style sheet and script. The Content-Security-Policy allows
/// exactly these two inline elements by their hashes, so a script that
/// escaping failed to neutralize still does not run.
constexpr llvm::StringLiteral PageStyle = R"CSS(body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d1d1f;background:#fff}
h1{margin:0 0 .2em}h2{margin:1.4em 0 .5em;font-size:1.2em}
.meta{color:#666;margin-bottom:1em}
.cards{display:flex;gap:1em;flex-wrap:wrap;margin:.5em 0 1em}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1.2em;min-width:8em;background:#fafafa}
.card .n{display:block;font-size:1.8em;font-weight:600}
.card.bad .n{color:#b3261e}
.grid{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}
table{border-collapse:collapse;margin-bottom:.5em;font-size:13px}
td,th{border:1px solid #d5d5d5;padding:2px 5px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
table.sortable th{cursor:pointer;user-select:none}
.scroll{overflow-x:auto;max-width:100%}
td.nowrap{white-space:nowrap}
td.wide{min-width:22em}
table.sortable th[aria-sort=ascending]::after{content:" \25B2"}
table.sortable th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right}
tr:nth-child(even) td{background:#fbfbfb}
.open{color:#b3261e;font-weight:600}
.covered{color:#1e7b34}
pre{margin:.3em 0 0;padding:4px 6px;background:#f4f4f4;border-radius:4px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
ul.notes{margin:.3em 0 0 1.2em;padding:0;color:#444}
.toolbar{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #eee;z-index:1}
#filter{font:inherit;padding:4px 8px;width:28em;max-width:90%}
.empty,tr.more td{color:#666;font-style:italic}
.confirmed{display:inline-block;margin-bottom:.2em;padding:0 .4em;border-radius:3px;background:#b3261e;color:#fff;font-size:12px}
a{color:#0b57d0}
)CSS";

constexpr llvm::StringLiteral PageScript = R"JS((function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var summary = report.summary || {};
  var root = String(report.source_root || '');

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function fileUrl(file, line) {
    var path = String(file || '');
    if (path.charAt(0) !== '/') path = root.replace(/\/+$/, '') + '/' + path;
    var encoded = path.split('/').map(encodeURIComponent).join('/');
    return 'file://' + encoded + '#L' + (line || 0);
  }
  function where(file, line) {
    var text = String(file || '') + ':' + (line || 0);
    var a = el('a', {href: fileUrl(file, line), text: text});
    a.title = text;
    return a;
  }
  // The largest counts first, at most TOP_COUNT_ROWS rows and one for the
  // rest, as in report.md: at scale the summary must stay one screen.
  var TOP_COUNT_ROWS = 10;
  function countTable(title, column, map) {
    map = map || {};
    var keys = Object.keys(map).sort(function (a, b) { return map[b] - map[a]; });
    var box = el('div', null, [el('h2', {text: title})]);
    if (!keys.length) { box.appendChild(el('p', {'class': 'empty', text: 'none'})); return box; }
    var tbody = el('tbody');
    function row(key, count, css) {
      tbody.appendChild(el('tr', css ? {'class': css} : null, [
        el('td', {text: key}), el('td', {'class': 'num', text: String(count)})]));
    }
    keys.slice(0, TOP_COUNT_ROWS).forEach(function (k) { row(k, map[k]); });
    var rest = keys.slice(TOP_COUNT_ROWS);
    if (rest.length)
      row('(' + rest.length + ' more)',
          rest.reduce(function (sum, k) { return sum + Number(map[k]); }, 0), 'more');
    box.appendChild(el('table', {'class': 'counts'}, [
      el('thead', null, [el('tr', null, [el('th', {text: column}),
                                         el('th', {text: 'count'})])]), tbody]));
    return box;
  }

  // Summary.
  document.getElementById('meta').textContent =
    'txnlint ' + String(report.version || '') + ' \u2014 source root ' + root;
  var sum = document.getElementById('summary');
  var cards = el('div', {'class': 'cards'});
  [['files', 'files analyzed'], ['functions', 'functions'], ['scopes', 'transaction scopes'],
   ['findings', 'findings']]
    .forEach(function (c) {
      var n = Number(summary[c[0]] || 0);
      cards.appendChild(el('div', {'class': 'card' + (c[0] === 'findings' && n ? ' bad' : '')}, [
        el('span', {'class': 'n', id: 'count-' + c[0], text: String(n)}), c[1]]));
    });
  var unprotected = summary.functions_writing_without_transaction || [];
  cards.appendChild(el('div', {'class': 'card' + (unprotected.length ? ' bad' : '')}, [
    el('span', {'class': 'n', id: 'count-unprotected', text: String(unprotected.length)}),
    'functions writing outside a transaction']));
  sum.appendChild(cards);
  var grid = el('div', {'class': 'grid', id: 'counts'});
  grid.appendChild(countTable('Scopes per API', 'API', summary.scopes_per_api));
  grid.appendChild(countTable('Findings per check', 'check', summary.findings_per_check));
  grid.appendChild(countTable('Scopes per directory', 'directory', summary.scopes_per_directory));
  grid.appendChild(countTable('Findings per directory', 'directory', summary.findings_per_directory));

  // A sortable table: columns are {title, value(row), cell(td,row), num}.
  function sortableTable(id, rowClass, columns, rows) {
    var table = el('table', {'class': 'sortable', id: id});
    var headRow = el('tr');
    var tbody = el('tbody');
    var entries = rows.map(function (r) {
      var tr = el('tr', {'class': rowClass});
      columns.forEach(function (c) {
        var td = el('td', c.num ? {'class': 'num'} : c.css ? {'class': c.css} : null);
        if (c.cell) c.cell(td, r); else td.textContent = String(c.value(r));
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
      return {row: r, tr: tr, text: tr.textContent.toLowerCase()};
    });
    var state = {column: -1, dir: 1};
    columns.forEach(function (c, i) {
      var th = el('th', {text: c.title, scope: 'col', 'aria-sort': 'none', tabindex: '0'});
      function sortBy() {
        state.dir = state.column === i ? -state.dir : 1;
        state.column = i;
        Array.prototype.forEach.call(headRow.children, function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
        entries.sort(function (a, b) {
          var x = c.value(a.row), y = c.value(b.row);
          var d = c.num ? Number(x) - Number(y) : String(x).localeCompare(String(y), undefined, {numeric: true});
          return d * state.dir;
        });
        entries.forEach(function (e) { tbody.appendChild(e.tr); });
      }
      th.addEventListener('click', sortBy);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(); } });
      headRow.appendChild(th);
    });
    table.appendChild(el('thead', null, [headRow]));
    table.appendChild(tbody);
    return {table: el('div', {'class': 'scroll'}, [table]), entries: entries};
  }
  function locs(list) { return (list || []).length; }
  // A scope's writes: its own and its helpers'; never "0" when calls to
  // code that was not analyzed may write. Same text as report.md.
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  function writeCount(s) { return locs(s.writes) + locs(s.helper_writes); }
  function writesText(s) {
    var total = writeCount(s), helpers = locs(s.helper_writes), unknown = locs(s.unanalyzed_calls);
    var text = total || !unknown ? String(total) : '?';
    if (helpers) text += ' (' + helpers + ' via helpers)';
    if (unknown) text += (total ? ' + ?' : '') + ' (' + plural(unknown, 'call') + ' not analyzed)';
    return text;
  }
  function locList(td, list, label) {
    td.textContent = String(locs(list));
    if (locs(list)) td.title = list.map(function (p) {
      return String(p.file) + ':' + p.line + (p.call ? ' ' + String(p.call) : '');
    }).join('\n');
  }

  // Top risky workflows.
  var top = summary.top_risky_workflows || [];
  var topBox = el('div', null, [el('h2', {text: 'Top risky workflows'})]);
  if (!top.length) topBox.appendChild(el('p', {'class': 'empty', text: 'none'}));
  else topBox.appendChild(sortableTable('top-risky', 'risky-row', [
    {title: 'risk', num: true, value: function (r) { return r.risk; }},
    {title: 'function', value: function (r) { return r.function; }},
    {title: 'begin', value: function (r) { return r.file + ':' + r.line; },
     cell: function (td, r) { td.appendChild(where(r.file, r.line)); }},
    {title: 'API', value: function (r) { return r.api; }},
    {title: 'findings', num: true, value: function (r) { return r.findings; }},
    {title: 'failure points', num: true, value: function (r) { return r.failure_points; }},
    {title: 'scope', num: true, value: function (r) { return r.scope; }}
  ], top).table);
  sum.appendChild(topBox);

  var unBox = el('div', null, [el('h2', {text: 'Functions that write outside any transaction'})]);
  if (!unprotected.length) unBox.appendChild(el('p', {'class': 'empty', text: 'none'}));
  else unBox.appendChild(sortableTable('unprotected', 'unprotected-row', [
    {title: 'function', value: function (r) { return r.function; }},
    {title: 'where', value: function (r) { return r.file + ':' + r.line; },
     cell: function (td, r) { td.appendChild(where(r.file, r.line)); }},
    {title: 'writes', num: true, value: function (r) { return r.writes; }}
  ], unprotected).table);
  sum.appendChild(unBox);
  // The counts after what to fix first.
  sum.appendChild(grid);

  // Transaction scopes.
  var CONCURRENCY_CHECKS = ['txn-lock-order-inversion', 'txn-lost-update',
                            'txn-deferred-upgrade', 'txn-blocking-call-in-transaction'];
  var checkOfFinding = {};
  (report.findings || []).forEach(function (f) { checkOfFinding[f.id] = f.check; });
  var scopes = sortableTable('scopes', 'scope-row', [
    {title: '#', num: true, value: function (s) { return s.id; }},
    {title: 'function', value: function (s) { return s.function; }},
    {title: 'begin', value: function (s) { return s.begin.file + ':' + s.begin.line; },
     cell: function (td, s) { td.appendChild(where(s.begin.file, s.begin.line)); }},
    {title: 'API', value: function (s) { return s.api; }},
    {title: 'handle', value: function (s) { return s.handle; }},
    {title: 'kind', value: function (s) { return s.kind + (s.modifier ? ' ' + s.modifier : ''); }},
    {title: 'writes', num: true, value: writeCount,
     cell: function (td, s) {
       locList(td, (s.writes || []).concat(s.helper_writes || [], s.unanalyzed_calls || []));
       td.textContent = writesText(s);
     }},
    {title: 'savepoints', num: true, value: function (s) { return locs(s.savepoints); },
     cell: function (td, s) { locList(td, s.savepoints); }},
    {title: 'failure points', num: true, value: function (s) { return locs(s.failure_points); },
     cell: function (td, s) { locList(td, s.failure_points); }},
    {title: 'commits', num: true, value: function (s) { return locs(s.commits); },
     cell: function (td, s) { locList(td, s.commits); }},
    {title: 'rollbacks', num: true, value: function (s) { return locs(s.rollbacks); },
     cell: function (td, s) { locList(td, s.rollbacks); }},
    {title: 'exception path', value: function (s) { return s.exception_path_covered ? 'covered' : 'open'; },
     cell: function (td, s) {
       td.textContent = s.exception_path_covered ? 'covered' : 'open';
       td.className = s.exception_path_covered ? 'covered' : 'open';
     }},
    {title: 'isolation', value: function (s) { return s.isolation || ''; }},
    {title: 'tables written', value: function (s) { return (s.tables_written || []).join(', '); }},
    {title: 'tables locked', value: function (s) { return (s.tables_locked || []).join(', '); }},
    {title: 'findings', num: true, value: function (s) { return locs(s.findings); }},
    {title: 'concurrency findings', value: function (s) {
      return (s.findings || []).map(function (id) { return checkOfFinding[id]; })
        .filter(function (c) { return CONCURRENCY_CHECKS.indexOf(c) >= 0; }).join(', ');
    }}
  ], report.scopes || []);
  var scopeBox = document.getElementById('scopes-section');
  if (scopes.entries.length) scopeBox.appendChild(scopes.table);
  else scopeBox.appendChild(el('p', {'class': 'empty', text: 'No transaction scopes.'}));

  // Draws into the page's own svg element (the HTML parser gives it the
  // SVG namespace); arrowheads are triangles, not markers, which a line
  // would have to reference by URL.
  function lockOrderSvg(svg, graph) {
    var NS = svg.namespaceURI;
    function node(name, attrs) {
      var e = document.createElementNS(NS, name);
      for (var k in attrs) e.setAttribute(k, attrs[k]);
      return e;
    }
    var n = graph.tables.length, size = Math.max(320, 80 * n);
    var c = size / 2, r = size / 2 - 60;
    svg.setAttribute('width', size);
    svg.setAttribute('height', size);
    svg.setAttribute('viewBox', '0 0 ' + size + ' ' + size);
    var pos = {};
    graph.tables.forEach(function (t, i) {
      var a = 2 * Math.PI * i / n - Math.PI / 2;
      pos[t] = {x: c + r * Math.cos(a), y: c + r * Math.sin(a)};
    });
    graph.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len, uy = dy / len;
      // Off the centre line, so that A->B and B->A are two arrows.
      var ox = -uy * 8, oy = ux * 8, gap = 30;
      var x1 = a.x + ux * gap + ox, y1 = a.y + uy * gap + oy;
      var x2 = b.x - ux * gap + ox, y2 = b.y - uy * gap + oy;
      var color = e.in_cycle ? '#c0392b' : '#555';
      var group = node('g', {});
      group.appendChild(node('line', {x1: x1, y1: y1, x2: x2 - ux * 8, y2: y2 - uy * 8,
                                      stroke: color, 'stroke-width': e.in_cycle ? 2.5 : 1.2}));
      group.appendChild(node('polygon', {fill: color, points:
        x2 + ',' + y2 + ' ' + (x2 - ux * 10 - uy * 5) + ',' + (y2 - uy * 10 + ux * 5) + ' ' +
        (x2 - ux * 10 + uy * 5) + ',' + (y2 - uy * 10 - ux * 5)}));
      var title = node('title', {});
      title.textContent = e.from + ' before ' + e.to + ': ' + e.functions.join(', ');
      group.appendChild(title);
      svg.appendChild(group);
    });
    graph.tables.forEach(function (t) {
      svg.appendChild(node('circle', {cx: pos[t].x, cy: pos[t].y, r: 28, fill: '#fff', stroke: '#333'}));
      var label = node('text', {x: pos[t].x, y: pos[t].y + 4, 'text-anchor': 'middle',
                                'font-size': 11, 'font-family': 'sans-serif'});
      label.textContent = t;
      svg.appendChild(label);
    });
  }

  // The lock-order graph: tables on a circle, an arrow for each "locked
  // before" edge, the edges of a cycle (a possible deadlock) in red; the
  // same edges as a list below it.
  var graph = report.lock_order || {tables: [], edges: []};
  var graphBox = document.getElementById('lock-order-section');
  var graphSvg = document.getElementById('lock-order-graph');
  if (!graph.edges.length) {
    graphBox.removeChild(graphSvg);
    graphBox.appendChild(el('p', {'class': 'empty', text: 'No transaction locks two tables.'}));
  } else {
    lockOrderSvg(graphSvg, graph);
    var list = el('ul', {'class': 'notes'});
    graph.edges.forEach(function (e) {
      list.appendChild(el('li', e.in_cycle ? {'class': 'open'} : null,
        [e.from + ' before ' + e.to + ': ' + e.functions.join(', ') +
         (e.in_cycle ? ' (on a cycle: can deadlock)' : '')]));
    });
    graphBox.appendChild(list);
  }

  // Findings.
  var findings = sortableTable('findings', 'finding-row', [
    {title: '#', num: true, value: function (f) { return f.id; }},
    {title: 'check', css: 'nowrap', value: function (f) { return f.check; }},
    {title: 'severity', value: function (f) { return f.severity; }},
    {title: 'where', css: 'nowrap', value: function (f) { return f.file + ':' + f.line; },
     cell: function (td, f) { td.appendChild(where(f.file, f.line)); }},
    {title: 'function', value: function (f) { return f.function || ''; }},
    {title: 'message', css: 'wide', value: function (f) { return f.message; },
     cell: function (td, f) {
       if (f.confirmed_by_failure_simulation)
         td.appendChild(el('div', {'class': 'confirmed', text: 'confirmed by failure simulation'}));
       td.appendChild(el('div', {'class': 'message', text: f.message}));
       if (f.snippet) td.appendChild(el('pre', {'class': 'snippet'}, [el('code', {text: f.snippet})]));
       if ((f.notes || []).length) {
         var ul = el('ul', {'class': 'notes'});
         f.notes.forEach(function (n) {
           ul.appendChild(el('li', null, [where(n.file, n.line), ': ' + String(n.message)]));
         });
         td.appendChild(ul);
       }
     }},
    {title: 'scope', num: true, value: function (f) { return f.scope === null || f.scope === undefined ? -1 : f.scope; },
     cell: function (td, f) { td.textContent = f.scope === null || f.scope === undefined ? '' : String(f.scope); }}
  ], report.findings || []);
  var findingBox = document.getElementById('findings-section');
  if (findings.entries.length) findingBox.appendChild(findings.table);
  else findingBox.appendChild(el('p', {'class': 'empty', text: 'No findings.'}));

  // Failure simulation (txnlint faultsim results, --faultsim-result).
  var simulations = report.failure_simulation || [];
  var simBox = document.getElementById('faultsim-section');
  simulations.forEach(function (sim, i) {
    var outcomes = Object.keys(sim.outcomes || {}).map(function (k) {
      return sim.outcomes[k] + ' ' + k;
    }).join(', ');
    simBox.appendChild(el('h3', {text: String(sim.command)}));
    simBox.appendChild(el('p', {'class': 'meta', text: String(sim.database) + ' \u2014 ' +
      plural(Number(sim.runs || 0), 'run') + ' with an injected failure: ' + (outcomes || 'none')}));
    if (!(sim.problems || []).length) {
      simBox.appendChild(el('p', {'class': 'covered', text: 'Every run was all-or-nothing.'}));
      return;
    }
    simBox.appendChild(sortableTable('faultsim-' + i, 'faultsim-row', [
      {title: 'call', num: true, value: function (p) { return p.call; }},
      {title: 'failing', value: function (p) { return p.function; }},
      {title: 'at', css: 'nowrap', value: function (p) { return p.site ? p.site.file + ':' + p.site.line : ''; },
       cell: function (td, p) { if (p.site) td.appendChild(where(p.site.file, p.site.line)); }},
      {title: 'outcome', value: function (p) { return p.outcome; },
       cell: function (td, p) { td.textContent = String(p.outcome); td.className = 'open'; }},
      {title: 'SQL', css: 'wide', value: function (p) { return p.sql; },
       cell: function (td, p) { td.appendChild(el('code', {text: String(p.sql)})); }},
      {title: 'confirms findings', value: function (p) { return (p.findings || []).join(', '); }}
    ], sim.problems).table);
  });
  if (!simulations.length) simBox.parentNode.removeChild(simBox);

  // Filtering: every word of the box must occur in a row's text.
  var input = document.getElementById('filter');
  var status = document.getElementById('filter-status');
  function applyFilter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, total = 0;
    [scopes, findings].forEach(function (t) {
      t.entries.forEach(function (e) {
        var match = words.every(function (w) { return e.text.indexOf(w) >= 0; });
        e.tr.hidden = !match;
        total++;
        if (match) shown++;
      });
    });
    status.textContent = words.length ? shown + ' of ' + total + ' rows match' : '';
  }
  function filterFromHash() {
    var m = /(?:^#|&)filter=([^&]*)/.exec(location.hash);
    if (!m) return;
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { input.value = m[1]; }
    applyFilter();
  }
  input.addEventListener('input', applyFilter);
  window.addEventListener('hashchange', filterFromHash);
  filterFromHash();
})();
)JS";

/// The CSP source expression that allows an inline element whose text is
/// \p Text.
std::string cspHash(llvm::StringRef Text) {
  return "'sha256-" +
         llvm::encodeBase64(llvm::SHA256::hash(llvm::arrayRefFromStringRef(Text))) +
         "'";
}

} // namespace

std::string reportToMarkdown(const Json &Report) {
  const Json &Summary = Report["summary"];
  std::string Out = "# Transaction audit\n\n";
  Out += std::to_string(Summary.value("files", 0)) + " files analyzed: " +
         std::to_string(Summary.value("scopes", 0)) + " transaction scopes in " +
         std::to_string(Summary.value("functions", 0)) + " functions, " +
         std::to_string(Summary.value("findings", 0)) + " findings.\n\n";

  // What to fix first comes first; the per-API, per-check and
  // per-directory counts follow.
  Out += "## Top risky workflows\n\n| function | where | API | risk | findings | "
         "failure points |\n|---|---|---|---|---|---|\n";
  for (const Json &R : Summary["top_risky_workflows"])
    Out += "| " + markdownCell(R.value("function", "")) + " | " +
           markdownCell(where(R)) + " | " + markdownCell(R.value("api", "")) +
           " | " + std::to_string(R.value("risk", 0)) + " | " +
           std::to_string(R.value("findings", 0)) + " | " +
           std::to_string(R.value("failure_points", 0)) + " |\n";
  Out += "\n## Functions that write with no transaction\n\n";
  for (const Json &F : Summary["functions_writing_without_transaction"])
    Out += "- " + markdownCell(F.value("function", "")) + " (" +
           markdownCell(where(F)) + "): " + std::to_string(F.value("writes", 0)) +
           " writes outside any transaction\n";
  Out += "\n";

  for (const Json &Sim : Report.value("failure_simulation", Json::array())) {
    Out += "## Failure simulation: " + markdownCell(Sim.value("command", "")) +
           "\n\n" + markdownCell(Sim.value("database", "")) + ": " +
           std::to_string(Sim.value("runs", 0)) + " runs with an injected failure";
    std::string Outcomes;
    for (const auto &[Name, Count] : Sim["outcomes"].items())
      Outcomes += (Outcomes.empty() ? ": " : ", ") + std::to_string(Count.get<unsigned>()) +
                  " " + Name;
    Out += markdownCell(Outcomes) + ".\n\n";
    if (Sim["problems"].empty()) {
      Out += "Every run was all-or-nothing.\n\n";
      continue;
    }
    Out += "| call | failing | at | outcome | SQL | confirms findings |\n"
           "|---|---|---|---|---|---|\n";
    for (const Json &P : Sim["problems"]) {
      std::string Ids;
      for (const Json &Id : P["findings"])
        Ids += (Ids.empty() ? "" : ", ") + std::to_string(Id.get<unsigned>());
      Out += "| " + std::to_string(P.value("call", 0)) + " | " +
             markdownCell(P.value("function", "")) + " | " +
             (P["site"].is_object() ? markdownCell(where(P["site"])) : "") + " | " +
             markdownCell(P.value("outcome", "")) + " | " +
             markdownCell(P.value("sql", "")) + " | " + Ids + " |\n";
    }
    Out += "\n";
  }

  auto Counts = [&](const char *Title, const char *Column, const Json &Map) {
    Out += std::string("## ") + Title + "\n\n| " + Column +
           " | count |\n|---|---:|\n";
    TopCounts Top = topCounts(Map);
    for (const auto &[Key, Count] : Top.Shown)
      Out += "| " + markdownCell(Key) + " | " + std::to_string(Count) + " |\n";
    if (Top.MoreKeys)
      Out += "| (" + std::to_string(Top.MoreKeys) + " more) | " +
             std::to_string(Top.MoreCount) + " |\n";
    Out += "\n";
  };
  Counts("Scopes per API", "API", Summary["scopes_per_api"]);
  Counts("Findings per check", "check", Summary["findings_per_check"]);
  Counts("Scopes per directory", "directory", Summary["scopes_per_directory"]);
  Counts("Findings per directory", "directory", Summary["findings_per_directory"]);

  Out += "## Transaction scopes\n\n| # | function | begin | API | kind | "
         "writes | savepoints | failure points | commits | rollbacks | "
         "exception path | findings |\n|---|---|---|---|---|---|---|---|---|---|"
         "---|---|\n";
  for (const Json &S : Report["scopes"])
    Out += "| " + std::to_string(S.value("id", 0)) + " | " +
           markdownCell(S.value("function", "")) + " | " +
           markdownCell(where(S["begin"])) + " | " +
           markdownCell(S.value("api", "")) + " | " +
           markdownCell(S.value("kind", "") +
                        (S.contains("modifier")
                             ? " " + S.value("modifier", "")
                             : std::string())) +
           " | " + writesText(S) + " | " +
           std::to_string(S["savepoints"].size()) + " | " +
           std::to_string(S["failure_points"].size()) + " | " +
           std::to_string(S["commits"].size()) + " | " +
           std::to_string(S["rollbacks"].size()) + " | " +
           (S.value("exception_path_covered", true) ? "covered" : "**open**") +
           " | " + std::to_string(S["findings"].size()) + " |\n";

  // What isolation and locking each transaction runs under, and which of
  // the concurrency checks fire on it.
  std::map<int, std::string> CheckOfFinding;
  for (const Json &F : Report["findings"])
    CheckOfFinding[F.value("id", 0)] = F.value("check", "");
  Out += "\n## Isolation and locks\n\n| # | function | isolation | tables "
         "written | tables locked | lock order | concurrency findings "
         "|\n|---|---|---|---|---|---|---|\n";
  auto List = [](const Json &Names, llvm::StringRef Separator) {
    std::string Text;
    for (const Json &Name : Names)
      Text += (Text.empty() ? "" : Separator.str()) + Name.get<std::string>();
    return Text;
  };
  for (const Json &S : Report["scopes"]) {
    Json Concurrency = Json::array();
    for (const Json &Id : S["findings"]) {
      llvm::StringRef Check = CheckOfFinding[Id.get<int>()];
      if (llvm::is_contained(ConcurrencyChecks, Check))
        Concurrency.push_back(Check.str());
    }
    Out += "| " + std::to_string(S.value("id", 0)) + " | " +
           markdownCell(S.value("function", "")) + " | " +
           markdownCell(S.value("isolation", "")) + " | " +
           markdownCell(List(S.value("tables_written", Json::array()), ", ")) +
           " | " +
           markdownCell(List(S.value("tables_locked", Json::array()), ", ")) +
           " | " +
           markdownCell(List(S.value("lock_order", Json::array()), " → ")) +
           " | " + markdownCell(List(Concurrency, ", ")) + " |\n";
  }

  Out += "\n## Lock order\n\nTables each transaction locks (writes, or "
         "reads FOR UPDATE/SHARE) before another; an edge on a cycle is an "
         "order concurrent requests can deadlock on.\n\n";
  const Json &Graph = Report.value("lock_order", Json::object());
  if (Graph.value("edges", Json::array()).empty())
    Out += "No transaction locks two tables.\n";
  else
    Out += "| locked first | then | functions | cycle |\n|---|---|---|---|\n";
  for (const Json &E : Graph.value("edges", Json::array())) {
    std::string Functions;
    for (const Json &F : E["functions"])
      Functions += (Functions.empty() ? "" : ", ") + F.get<std::string>();
    Out += "| " + markdownCell(E.value("from", "")) + " | " +
           markdownCell(E.value("to", "")) + " | " + markdownCell(Functions) +
           " | " + (E.value("in_cycle", false) ? "**yes**" : "no") + " |\n";
  }

  Out += "\n## Findings\n\n";
  if (Report["findings"].empty())
    Out += "No findings.\n";
  for (const Json &F : Report["findings"]) {
    Out += "### " + std::to_string(F.value("id", 0)) + ". " +
           markdownCell(F.value("check", "")) + " at " + markdownCell(where(F)) +
           "\n\n";
    Out += markdownCell(F.value("message", "")) + "\n\n";
    if (F.contains("function"))
      Out += "- function: " + markdownCell(F.value("function", "")) + "\n";
    if (F.contains("scope") && F["scope"].is_number())
      Out += "- scope: " + std::to_string(F["scope"].get<int>()) + "\n";
    Out += "- severity: " + markdownCell(F.value("severity", "")) + "\n";
    if (F.value("confirmed_by_failure_simulation", false))
      Out += "- confirmed by failure simulation\n";
    for (const Json &N : F.value("notes", Json::array()))
      Out += "- note: " + markdownCell(where(N)) + ": " +
             markdownCell(N.value("message", "")) + "\n";
    if (!F.value("snippet", "").empty())
      Out += "\n" + codeBlock(F.value("snippet", ""));
    Out += "\n";
  }
  return Out;
}

std::string reportToHtml(const Json &Report) {
  // The data travels as JSON inside a script element; '<' is escaped so
  // that no text from the analyzed code can close the element (or open a
  // comment), and the page only ever inserts it with textContent.
  std::string Data = Report.dump(-1, ' ', true, Json::error_handler_t::replace);
  std::string Safe;
  for (char C : Data)
    Safe += C == '<' ? std::string("\\u003c") : std::string(1, C);
  return R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src )HTML" +
         cspHash(PageStyle) + "; script-src " + cspHash(PageScript) +
         R"HTML(">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>txnlint transaction audit</title>
<style>)HTML" + PageStyle.str() + R"HTML(</style></head><body>
<h1>Transaction audit</h1>
<div class="meta" id="meta"></div>
<noscript><p>This page needs JavaScript to render; report.json and report.md hold the same data.</p></noscript>
<section id="summary"></section>
<div class="toolbar"><label>Filter: <input id="filter" type="search" placeholder="function, file, API, check, message…" autocomplete="off"></label>
<span id="filter-status"></span></div>
<h2>Transaction scopes</h2><div id="scopes-section"></div>
<h2>Lock order</h2><div id="lock-order-section"><svg id="lock-order-graph" role="img" aria-label="lock-order graph"></svg></div>
<h2>Findings</h2><div id="findings-section"></div>
<section id="faultsim-section"><h2>Failure simulation</h2></section>
<script id="report-data" type="application/json">)HTML" +
         Safe + R"HTML(</script>
<script>)HTML" + PageScript.str() + R"HTML(</script></body></html>
)HTML";
}

} // namespace txnlint
