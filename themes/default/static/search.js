/* Site search over the bigram index that gongkai writes to search/idx/.
   A query loads the term shards of its character pairs (a single character
   is its own term), intersects their postings, then loads the document
   shards of the results on screen to check the match and show it in
   context. Shards are scripts calling gkTerms / gkDocs, so this works from
   a site opened from disk as well as over HTTP, and asks no other host. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var d = form.dataset;
  var dir = d.dir, root = d.root, version = d.v;
  var shards = +d.shards, posShards = +d.pshards, group = +d.group;
  var input = document.getElementById("q");
  var kindSel = document.getElementById("k");
  var unitSel = document.getElementById("u");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var loaded = {}, pending = {};
  var run = 0, state = null;

  window.gkTerms = function (n, data) { loaded["t" + n] = data; };
  window.gkDocs = function (n, data) { loaded["d" + n] = data; };
  window.gkPos = function (n, data) { loaded["p" + n] = data; };

  function load(kind, n) {
    var key = kind + n;
    if (loaded[key]) return Promise.resolve(loaded[key]);
    if (!pending[key]) {
      pending[key] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = dir + kind + "/" + n + ".js?v=" + version;
        s.onload = function () { loaded[key] ? ok(loaded[key]) : fail(new Error(key)); };
        s.onerror = function () { delete pending[key]; fail(new Error(key)); };
        document.head.appendChild(s);
      });
    }
    return pending[key];
  }

  /* The same rules as the index builder (src/render/search/terms.rs):
     full-width forms folded, ASCII letters in lower case; a query is cut
     at spaces into parts; a part of up to three characters is a term of
     the index, a longer one is looked up by its three-character pieces. */
  var MAX_WORD = 32, MAX_TERMS = 8, MAX_PIECES = 4;
  function isAlnum(c) { return /^[0-9a-z]$/.test(c); }
  function norm(s) {
    return s.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }
  function runs(q) {
    var out = [], run = [], alnum = 0;
    function cutLong() { if (alnum > MAX_WORD) run.length -= alnum; }
    function end() { if (run.length) out.push(run); run = []; }
    Array.from(norm(q)).forEach(function (c) {
      if (/\s/.test(c) || c === "\0") { cutLong(); end(); alnum = 0; return; }
      if (isAlnum(c)) alnum++;
      else { if (alnum > MAX_WORD) { cutLong(); end(); } alnum = 0; }
      run.push(c);
    });
    cutLong(); end();
    return out;
  }
  function spread(terms) {
    var n = terms.length;
    if (n <= MAX_TERMS) return terms;
    var out = [];
    for (var i = 0; i < MAX_TERMS; i++) out.push(terms[Math.floor(i * (n - 1) / (MAX_TERMS - 1))]);
    return out;
  }
  /* The pieces covering a part, with their offsets: the part itself when
     it has at most three characters, else the pieces at 0, 3, 6, … and
     the last one. */
  function cover(part) {
    if (part.length <= 3) return [[0, part.join("")]];
    var out = [], last = part.length - 3;
    for (var o = 0; o < last; o += 3) out.push([o, part.slice(o, o + 3).join("")]);
    out.push([last, part.slice(last).join("")]);
    return out;
  }
  function terms(q) {
    var out = [];
    runs(q).forEach(function (part) {
      cover(part).forEach(function (c) { if (out.indexOf(c[1]) < 0) out.push(c[1]); });
    });
    return spread(out);
  }
  /* Whether the index answers the query exactly: no term was dropped, so
     short parts are their postings and long ones are checked by where
     their pieces stand. */
  function exact(q) {
    var n = 0;
    runs(q).forEach(function (part) { n += cover(part).length; });
    return n <= MAX_TERMS;
  }
  /* A piece's places in the documents of `want` (ascending): its list
     holds, for each document of its postings `ids`, a count and the gaps
     between its places (varints); only the wanted ones are kept. */
  function places(ids, b64, want) {
    var bin = atob(b64 || ""), i = 0, out = {}, w = 0;
    function next() {
      var v = 0, shift = 0, c;
      do { c = bin.charCodeAt(i++); v |= (c & 0x7f) << shift; shift += 7; } while (c & 0x80 && i < bin.length);
      return v;
    }
    for (var j = 0; j < ids.length && w < want.length; j++) {
      var id = ids[j], n = next(), at = 0, k;
      while (w < want.length && want[w] < id) w++;
      if (want[w] === id) {
        var list = [];
        for (k = 0; k < n; k++) { at += next(); list.push(at); }
        out[id] = list;
      } else {
        for (k = 0; k < n; k++) next();
      }
    }
    return out;
  }
  function inARow(id, pieces, at) {
    var first = at[0][id];
    if (!first) return false;
    return first.some(function (p) {
      return pieces.every(function (c, k) { return at[k][id] && at[k][id].indexOf(p + c[0]) >= 0; });
    });
  }
  /* The other forms the index holds for a figure (see visible.rs): an
     amount without separators, a date in its other form. */
  function otherForms(text) {
    var out = [];
    text.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?/g, function (m) { out.push(m.replace(/,/g, "")); return m; });
    text.replace(/(\d{4})-(\d{2})-(\d{2})/g, function (m, y, mo, d) { out.push(+y + "年" + +mo + "月" + +d + "日"); return m; });
    text.replace(/(\d{4})年(\d{1,2})月(\d{1,2})日/g, function (m, y, mo, d) {
      out.push(y + "-" + (mo.length < 2 ? "0" : "") + mo + "-" + (d.length < 2 ? "0" : "") + d); return m;
    });
    return out.join("\n");
  }
  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function hash(t) {
    var h = 0x811c9dc5;
    Array.from(t).forEach(function (c) {
      h ^= c.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    });
    return h >>> 0;
  }
  function decode(b64) {
    var bin = atob(b64), out = [], i;
    if (bin.charCodeAt(0) === 1) {
      for (i = 1; i < bin.length; i++) {
        var b = bin.charCodeAt(i);
        for (var bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push((i - 1) * 8 + bit);
      }
    } else {
      var prev = -1, v = 0, shift = 0;
      for (i = 1; i < bin.length; i++) {
        var c = bin.charCodeAt(i);
        v += (c & 0x7f) * Math.pow(2, shift);
        shift += 7;
        if (!(c & 0x80)) { prev += v + 1; out.push(prev); v = 0; shift = 0; }
      }
    }
    return out;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function label(sel, value) {
    for (var i = 0; i < sel.options.length; i++) if (sel.options[i].value === value) return sel.options[i].text;
    return "";
  }

  /* Text with every part of the query marked. */
  function marked(text, parts) {
    var frag = document.createDocumentFragment(), low = norm(text), ranges = [];
    parts.forEach(function (p) {
      for (var i = low.indexOf(p); i >= 0 && p; i = low.indexOf(p, i + p.length)) ranges.push([i, i + p.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) return;
      frag.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(r[0], r[1]);
      frag.appendChild(m);
      at = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }
  /* The line of a result that shows the query (a ledger line with its
     amount), cut to about 100 characters around the match. */
  function context(text, parts) {
    var lines = text.split("\n"), best = lines[0] || "", at = -1;
    for (var k = 0; k < parts.length && at < 0; k++) {
      for (var j = 0; j < lines.length; j++) {
        var i = norm(lines[j]).indexOf(parts[k]);
        if (i >= 0) { best = lines[j]; at = i; break; }
      }
    }
    if (at < 0) at = 0;
    var start = Math.max(0, at - 30), end = Math.min(best.length, start + 100);
    return (start > 0 ? "…" : "") + best.slice(start, end) + (end < best.length ? "…" : "");
  }

  function show(row, parts) {
    var li = document.createElement("li");
    li.className = "result";
    var a = document.createElement("a");
    var frag = parts[0] ? "#:~:text=" + encodeURIComponent(parts[0]).replace(/-/g, "%2D").replace(/,/g, "%2C") : "";
    a.href = root + row[1] + frag;
    a.className = "result-title";
    a.appendChild(marked(row[0], parts));
    var meta = document.createElement("div");
    meta.className = "result-meta";
    meta.textContent = [label(kindSel, row[2]), label(unitSel, row[3]), row[4]].filter(Boolean).join(" · ");
    var p = document.createElement("p");
    p.className = "result-context";
    p.appendChild(marked(context(row[5], parts), parts));
    li.appendChild(a);
    li.appendChild(meta);
    li.appendChild(p);
    list.appendChild(li);
  }

  function say(text) { status.textContent = text; }

  function search() {
    var q = input.value.trim(), k = kindSel.value, u = unitSel.value;
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    if (k) params.set("k", k);
    if (u) params.set("u", u);
    var qs = params.toString();
    if (location.protocol !== "file:") history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    var mine = ++run;
    list.textContent = "";
    more.hidden = true;
    var wanted = terms(q);
    if (!wanted.length) { say(q ? "请输入要找的字词。" : ""); state = null; return; }
    var count = wanted.length;
    if (k) wanted.push("#k:" + k);
    if (u) wanted.push("#u:" + u);
    say("正在搜索……");
    /* Long parts are checked by where their pieces stand, for up to
       MAX_PIECES pieces; a piece too common to have positions, or more
       pieces than that, leave the count an estimate until checked. */
    var long = runs(q).filter(function (p) { return p.length > 3; }).map(cover);
    var posTerms = [];
    long.forEach(function (pieces) { pieces.forEach(function (c) { if (posTerms.indexOf(c[1]) < 0) posTerms.push(c[1]); }); });
    var isExact = exact(q) && posTerms.length <= MAX_PIECES;
    if (!isExact) { long = []; posTerms = []; }
    Promise.all(wanted.map(function (t) { return load("t", hash(t) % shards); }).concat(
      posTerms.map(function (t) { return load("p", hash(t) % posShards); })
    )).then(function (loadedShards) {
      if (mine !== run) return;
      var all = null, title = null, lists = {};
      wanted.forEach(function (t, i) {
        var data = loadedShards[i], a = data.a[t] ? decode(data.a[t]) : [];
        var tt = i < count ? (data.t[t] ? decode(data.t[t]) : []) : a;
        lists[t] = a;
        all = all ? intersect(all, a) : a;
        title = title ? intersect(title, tt) : tt;
      });
      long.forEach(function (pieces) {
        var unknown = false;
        var at = pieces.map(function (c) {
          var b64 = loaded["p" + (hash(c[1]) % posShards)][c[1]], ids = lists[c[1]] || [];
          if (b64 === undefined && ids.length) unknown = true;
          return places(ids, b64, all);
        });
        if (unknown) isExact = false;
        else all = all.filter(function (id) { return inARow(id, pieces, at); });
      });
      var inAll = {};
      all.forEach(function (id) { inAll[id] = true; });
      title = title.filter(function (id) { return inAll[id]; });
      var inTitle = {};
      title.forEach(function (id) { inTitle[id] = true; });
      var order = title.concat(all.filter(function (id) { return !inTitle[id]; }));
      var parts = runs(q).map(function (p) { return p.join(""); });
      state = {
        run: mine, order: order, at: 0, shown: 0, rejected: 0, unsure: 0,
        parts: parts, exact: isExact, stuck: false
      };
      next();
    }).catch(fail);
  }

  /* How many candidates one page of results may check before it stops
     and asks for a more specific query: with the three-character index a
     candidate is rarely not a match, but a page never loads more than this
     many document shards. */
  var CHECK = 30;

  /* Shows the next page of results. A query of short parts is answered by
     the index; a longer one's candidates are checked against their lines
     (all of them when there are few), and a candidate whose whole text is
     at hand without the query is dropped. */
  function next() {
    var s = state;
    if (!s || s.run !== run) return;
    var target = s.order.length - s.at <= CHECK - PAGE ? s.order.length : s.shown + PAGE;
    var checked = 0;
    more.hidden = true;
    s.stuck = false;
    (function step() {
      if (s.run !== run) return;
      if (s.shown >= target || s.at >= s.order.length) return done(s);
      if (checked >= CHECK) { s.stuck = true; return done(s); }
      var batch = s.order.slice(s.at, s.at + Math.min(target - s.shown, CHECK - checked));
      s.at += batch.length;
      checked += batch.length;
      var need = [];
      batch.forEach(function (id) {
        var n = Math.floor(id / group);
        if (need.indexOf(n) < 0) need.push(n);
      });
      Promise.all(need.map(function (n) { return load("d", n); })).then(function () {
        if (s.run !== run) return;
        batch.forEach(function (id) {
          var row = loaded["d" + Math.floor(id / group)][id % group];
          if (!s.exact) {
            var hay = norm(row[0] + "\n" + row[5]);
            hay += "\n" + otherForms(hay);
            var seen = s.parts.every(function (p) { return hay.indexOf(p) >= 0; });
            if (!seen && row[6] === 1) { s.rejected++; return; }
            /* A cut row that does not show the query cannot confirm it:
               left unlisted, and the count stays an estimate. */
            if (!seen) { s.unsure++; return; }
          }
          show(row, s.parts);
          s.shown++;
        });
        step();
      }).catch(fail);
    })();
  }

  /* The count: exact when the index answers the query or every candidate
     has been checked; otherwise labelled as an estimate. */
  function done(s) {
    var left = s.order.length - s.at;
    var sure = s.exact || (left === 0 && s.unsure === 0);
    var total = sure ? s.order.length - s.rejected : s.order.length - s.rejected - s.unsure;
    var text;
    if (sure && !total) text = "没有找到包含“" + input.value.trim() + "”的记录。可以换个词，或少写几个字再试。";
    else if (sure) text = "找到 " + thousands(total) + " 条相关记录" + (total > s.shown ? "，已显示 " + thousands(s.shown) + " 条" : "") + "。";
    else text = "约 " + thousands(total) + " 条相关记录，已核对 " + thousands(s.at) + " 条，显示 " + thousands(s.shown) + " 条" +
      (left ? "，其余 " + thousands(left) + " 条尚未核对" : "") +
      (s.unsure ? "；" + thousands(s.unsure) + " 条的全文较长，未能逐字核对，没有列出" : "") + "。";
    if (s.stuck) text += "更多结果需要更具体的关键词。";
    say(text);
    status.dataset.exact = sure ? "1" : "0";
    more.hidden = left === 0;
  }

  function fail() {
    say("搜索索引加载失败，请刷新页面重试。");
  }

  var timer = 0;
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
  input.addEventListener("input", function (e) {
    if (e.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  input.addEventListener("compositionend", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
  kindSel.addEventListener("change", search);
  unitSel.addEventListener("change", search);
  more.addEventListener("click", next);

  form.hidden = false;
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  kindSel.value = params.get("k") || "";
  unitSel.value = params.get("u") || "";
  if (input.value) search();
})();
