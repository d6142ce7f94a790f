// The site search measured through the real search page in headless
// Chromium, against a brute-force oracle over each page's visible text.
//
//   node bench/search_bench.mjs --site OUT_DIR [--chromium PATH] [--json FILE]
//
// OUT_DIR is the output of `gongkai build`; bench/search_bench.sh makes one
// of N = 10,000 records and runs this on it. For each query of a fixed set
// (see `queries`) the page is loaded afresh with the browser cache off, the
// query is typed and submitted, and the time until the page has said how
// many it found is taken from the page's own clock; the bytes are the index
// files the local server sent meanwhile. Then "显示更多结果" is pressed
// until every result is listed (up to MAX_LISTED), and the list is compared
// with the oracle: every searchable page whose visible text (its <main>,
// less what the theme hides, read here by a parser of its own) contains
// every space-separated part of the query, after folding full-width forms
// and ASCII case as the search does.
//
// Chromium is driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe), so nothing but Node and Chromium is needed.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const MAX_LISTED = 400;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search_bench.mjs --site OUT_DIR [--chromium PATH] [--json FILE]");
  process.exit(2);
}
const chromium = opt("--chromium", process.env.CHROME || "chromium");

// ---- the oracle -----------------------------------------------------------

const norm = (s) =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Searchable pages: records' own pages, not lists, units, home or search. */
function searchable(rel) {
  const parts = rel.split("/");
  if (parts.some((p, i) => p === "page" && /^\d+$/.test(parts[i + 1] || ""))) return false;
  const [top] = parts;
  if (top === "disclosures") return parts.length === 4; // disclosures/YEAR/slug/index.html
  return ["plans", "reports", "indicators", "pages", "projects", "status"].includes(top) &&
    parts.length >= 3;
}

const SKIP = new Set(["script", "style", "svg", "template", "noscript", "button"]);
const HIDDEN = ["notice-foot", "sign-line", "visually-hidden"];
const BLOCK = new Set(("address article aside blockquote br caption details div dl fieldset " +
  "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section tr ul").split(" "));
const VOID = new Set("br hr img input meta link wbr source".split(" "));
const ENT = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The visible text of a page's <main>, lines joined by "\n". */
function visibleText(html) {
  const a = html.indexOf("<main"), b = html.lastIndexOf("</main>");
  if (a >= 0 && b > a) html = html.slice(html.indexOf(">", a) + 1, b);
  const out = [];
  let line = "", hide = 0;
  const stack = [];
  const re = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g;
  let m;
  const flush = () => { const t = line.replace(/\s+/g, " ").trim(); if (t) out.push(t); line = ""; };
  while ((m = re.exec(html))) {
    if (m[4] !== undefined) {
      if (!hide) line += m[4].replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (e, n) =>
        n[0] === "#" ? String.fromCodePoint(n[1] === "x" || n[1] === "X" ? parseInt(n.slice(2), 16) : +n.slice(1))
          : ENT[n] ?? e);
      continue;
    }
    if (!m[2]) continue;
    const name = m[2].toLowerCase(), closing = m[1] === "/", attrs = m[3] || "";
    if (VOID.has(name)) { if (!hide && BLOCK.has(name)) flush(); continue; }
    if (closing) {
      const top = stack.pop();
      if (top && top.hidden) hide--;
    } else if (!attrs.trim().endsWith("/")) {
      const cls = (/\bclass\s*=\s*"([^"]*)"/.exec(attrs) || [])[1] || "";
      const hidden = SKIP.has(name) || /(^|\s)hidden(\s|=|$)/.test(attrs) ||
        /aria-hidden\s*=\s*"true"/.test(attrs) || cls.split(/\s+/).some((c) => HIDDEN.includes(c));
      stack.push({ name, hidden });
      if (hidden) hide++;
    }
    if (hide) continue;
    if (BLOCK.has(name)) flush();
    else if (["td", "th", "dt", "dd"].includes(name)) line += " ";
  }
  flush();
  return out.join("\n");
}

function walk(dir, rel = "") {
  const found = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? rel + "/" + e.name : e.name;
    if (e.isDirectory()) found.push(...walk(dir, r));
    else if (e.name === "index.html" && searchable(r)) found.push(r);
  }
  return found;
}

/** What docs/search.md says is searchable besides the text as shown: an
    amount without its thousands separators, a date in its other form. */
function otherForms(text) {
  const out = [];
  for (const m of text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?/g)) out.push(m[0].replace(/,/g, ""));
  for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) out.push(`${+m[1]}年${+m[2]}月${+m[3]}日`);
  for (const m of text.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g))
    out.push(`${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`);
  return out.join("\n");
}

console.error("reading pages for the oracle…");
const pages = walk(site).sort().map((rel) => {
  const shown = norm(visibleText(fs.readFileSync(path.join(site, rel), "utf8")));
  return { path: rel.slice(0, -"index.html".length), text: shown + "\n" + otherForms(shown) };
});
console.error(`${pages.length} searchable pages`);

const partsOf = (q) => norm(q).split(/\s+/).filter(Boolean);
const oracle = (q) => {
  const parts = partsOf(q);
  return pages.filter((p) => parts.every((x) => p.text.includes(x))).map((p) => p.path);
};

// ---- the query set ----------------------------------------------------------

/** A seeded generator, so the query set is the same from run to run. */
function rng(seed) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}
const isHan = (c) => /\p{Script=Han}/u.test(c);

function queries() {
  const fixed = [
    "饮水", "人畜饮水", "主干道硬化", "财务公开", "发展党员", "监委会主任签字", "低保评议", "工作总结",
    "记-012", "2019", "150", "2019年6月", "2,100.00", "2100.00", "已逾期", "100%", "公示方式",
    "主干道 北沟村", "财务 2019年", "梨",
  ];
  const rand = rng(7);
  const sample = (filter, len) => {
    for (let tries = 0; tries < 1000; tries++) {
      const p = pages[Math.floor(rand() * pages.length)].text;
      const at = Math.floor(rand() * Math.max(1, p.length - len));
      const s = p.slice(at, at + len);
      if ([...s].length === len && [...s].every(filter)) return s;
    }
    return null;
  };
  const random = [];
  for (let len = 1; len <= 6; len++) for (let i = 0; i < 4; i++) random.push(sample(isHan, len));
  for (let i = 0; i < 6; i++) random.push(sample((c) => /[0-9]/.test(c), 3 + (i % 2)));
  // Adversarial runs: every piece of them is common, the run itself never
  // occurs (任人次: 任人 and 人次 are everywhere, 任人次 nowhere).
  const all = pages.map((p) => p.text).join("\n");
  const counts = new Map();
  for (const p of pages.slice(0, 2000)) {
    const chars = [...p.text];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (isHan(chars[i]) && isHan(chars[i + 1])) {
        const k = chars[i] + chars[i + 1];
        counts.set(k, (counts.get(k) || 0) + 1);
      }
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 80).map((e) => e[0]);
  const adversarial = [];
  for (const ab of top) {
    for (const bc of top) {
      if (adversarial.length >= 10) break;
      if (ab[1] !== bc[0]) continue;
      const run = ab + bc[1];
      if (!all.includes(run) && !adversarial.includes(run)) adversarial.push(run);
    }
  }
  // Four-character ones: both three-character halves occur, the run never.
  const four = [];
  for (const ab of top) {
    for (const cd of top) {
      if (four.length >= 5) break;
      const run = ab + cd;
      if (all.includes(ab + cd[0]) && all.includes(ab[1] + cd) && !all.includes(run)) four.push(run);
    }
  }
  return [...fixed, ...random.filter(Boolean), ...adversarial, ...four];
}

// ---- the server -------------------------------------------------------------

let served = 0;
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.join(site, rel);
  if (!file.startsWith(path.resolve(site)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  const body = fs.readFileSync(file);
  if (rel.includes("/search/idx/")) served += body.length;
  const type = rel.endsWith(".js") ? "text/javascript" : rel.endsWith(".css") ? "text/css" : "text/html";
  res.writeHead(200, { "content-type": type + "; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---- the browser ------------------------------------------------------------

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "gk-bench-"));
const proc = spawn(chromium, ["--headless=new", "--remote-debugging-pipe", "--no-sandbox",
  "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`, "about:blank"],
  { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
const toBrowser = proc.stdio[3], fromBrowser = proc.stdio[4];
let nextId = 1, buffer = "";
const waiting = new Map(), listeners = [];
fromBrowser.on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let i;
  while ((i = buffer.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffer.slice(0, i));
    buffer = buffer.slice(i + 1);
    if (msg.id && waiting.has(msg.id)) {
      const { ok, fail } = waiting.get(msg.id);
      waiting.delete(msg.id);
      msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
    } else listeners.forEach((l) => l(msg));
  }
});
const send = (method, params = {}, sessionId) => new Promise((ok, fail) => {
  const id = nextId++;
  waiting.set(id, { ok, fail });
  toBrowser.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
});
const once = (method) => new Promise((ok) => {
  const l = (msg) => { if (msg.method === method) { listeners.splice(listeners.indexOf(l), 1); ok(msg); } };
  listeners.push(l);
});

const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
const cdp = (m, p) => send(m, p, sessionId);
await cdp("Page.enable");
await cdp("Network.enable");
await cdp("Network.setCacheDisabled", { cacheDisabled: true });
const evaluate = async (expr) => {
  const r = await cdp("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
};

/* In the page: types the query, submits, and resolves when the status has
   its answer, with the time from submit; then lists every result. */
const RUN = (q) => `(async () => {
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  const settled = () => new Promise((ok) => {
    const o = new MutationObserver(() => {
      if (status.textContent && status.textContent !== "正在搜索……") { o.disconnect(); ok(); }
    });
    o.observe(status, { childList: true, characterData: true, subtree: true });
  });
  document.getElementById("q").value = ${JSON.stringify(q)};
  const t0 = performance.now();
  const answered = settled();
  document.getElementById("search-form").requestSubmit();
  await answered;
  const ms = performance.now() - t0;
  const first = status.textContent, exact = status.dataset.exact;
  return { ms, first, exact };
})()`;
const LIST_ALL = `(async () => {
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  const items = () => document.querySelectorAll("#search-results .result-title");
  while (!more.hidden && items().length < ${MAX_LISTED}) {
    const changed = new Promise((ok) => {
      const o = new MutationObserver(() => { o.disconnect(); ok(); });
      o.observe(status, { childList: true, characterData: true, subtree: true });
    });
    more.click();
    await changed;
  }
  return { last: status.textContent, exact: status.dataset.exact, stuck: status.textContent.includes("更具体"),
    listed: [...items()].map((a) => decodeURIComponent(new URL(a.href).pathname)), complete: more.hidden };
})()`;

const set = queries();
const rows = [];
for (const q of set) {
  const loaded = once("Page.loadEventFired");
  await cdp("Page.navigate", { url: base + "search/" });
  await loaded;
  await evaluate(`new Promise((ok) => { const f = () => document.getElementById("search-form").hidden ? setTimeout(f, 5) : ok(); f(); })`);
  served = 0;
  const first = await evaluate(RUN(q));
  const bytes = served;
  const all = await evaluate(LIST_ALL);
  const want = oracle(q).map((p) => decodeURIComponent("/" + p));
  const got = new Set(all.listed);
  const wantSet = new Set(want);
  const hit = want.filter((p) => got.has(p)).length;
  const wrong = all.listed.filter((p) => !wantSet.has(p)).length;
  const shownCount = +((/([\d,]+) 条/.exec(first.first) || [])[1] || "0").replace(/,/g, "");
  rows.push({
    q, oracle: want.length, count: shownCount, exact: first.exact === "1", ms: first.ms, bytes,
    listed: all.listed.length, complete: all.complete, hit, wrong,
    finalExact: all.exact === "1", stuck: all.stuck,
  });
  const r = rows.at(-1);
  console.error(`${q}\t${r.oracle}\t${r.count}${r.exact ? "" : "~"}\t${r.ms.toFixed(0)} ms\t${r.bytes} B\t${r.hit}/${r.oracle} listed ${r.listed} wrong ${r.wrong}`);
}
proc.kill();
server.close();
await new Promise((ok) => proc.once("exit", ok));
try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* Chromium may still be writing */ }

// ---- the figures ------------------------------------------------------------

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
console.log(`| query | oracle | shown count | exact | ms | index bytes | recall | wrong |`);
console.log(`|---|---:|---:|:---:|---:|---:|---:|---:|`);
for (const r of rows) {
  const recall = !r.oracle ? "—" : r.oracle <= MAX_LISTED ? (r.hit / r.oracle).toFixed(3) : `(${r.hit} of first ${r.listed})`;
  console.log(`| ${r.q} | ${fmt(r.oracle)} | ${fmt(r.count)} | ${r.exact ? "yes" : "约"} | ${fmt(r.ms)} | ${fmt(r.bytes)} | ${recall} | ${r.wrong} |`);
}
const ms = rows.map((r) => r.ms), bytes = rows.map((r) => r.bytes);
// Recall over the queries whose every result could be listed.
const full = rows.filter((r) => r.oracle <= MAX_LISTED);
const hits = full.reduce((s, r) => s + r.hit, 0), wanted = full.reduce((s, r) => s + r.oracle, 0);
const countsRight = rows.filter((r) => r.exact && r.count === r.oracle).length;
const exactShown = rows.filter((r) => r.exact).length;
const summary = {
  queries: rows.length,
  latency_ms: { median: pct(ms, 50), p90: pct(ms, 90), max: Math.max(...ms) },
  bytes: { median: pct(bytes, 50), p90: pct(bytes, 90), max: Math.max(...bytes) },
  recall: wanted ? hits / wanted : 1,
  recall_queries: full.length,
  wrong_results: rows.reduce((s, r) => s + r.wrong, 0),
  exact_counts: `${countsRight} of ${exactShown} counts shown as exact equal the oracle`,
  estimates: rows.length - exactShown,
};
console.log("\n" + JSON.stringify(summary, null, 2));
const jsonOut = opt("--json");
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ summary, rows }, null, 2));
