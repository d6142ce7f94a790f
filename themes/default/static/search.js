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
  var shards = +d.shards, group = +d.group;
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

  /* The same rules as the index builder: Han characters, words of Latin
     letters and digits, full-width forms folded, lower case. */
  function isHan(c) {
    var x = c.codePointAt(0);
    return (x >= 0x3400 && x <= 0x4dbf) || (x >= 0x4e00 && x <= 0x9fff) ||
      (x >= 0xf900 && x <= 0xfaff) || (x >= 0x20000 && x <= 0x3134f);
  }
  function norm(s) {
    return s.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).toLowerCase();
  }
  function terms(q) {
    var out = [], han = [], word = "";
    function flush() {
      if (han.length === 1) add(han[0]);
      for (var i = 0; i + 1 < han.length; i++) add(han[i] + han[i + 1]);
      if (word) add(word);
      han = []; word = "";
    }
    function add(t) { if (out.indexOf(t) < 0) out.push(t); }
    Array.from(norm(q)).forEach(function (c) {
      if (isHan(c)) { if (word) flush(); han.push(c); }
      else if (/[0-9a-z]/.test(c)) { if (han.length) flush(); word += c; }
      else flush();
    });
    flush();
    return out;
  }
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
  function context(text, parts) {
    var low = norm(text), first = -1;
    parts.forEach(function (p) {
      var i = low.indexOf(p);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    if (first < 0) first = 0;
    var start = Math.max(0, first - 30), end = Math.min(text.length, first + 70);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
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
    if (!wanted.length) { say(q ? "请输入汉字、字母或数字。" : ""); state = null; return; }
    var count = wanted.length;
    if (k) wanted.push("#k:" + k);
    if (u) wanted.push("#u:" + u);
    say("正在搜索……");
    Promise.all(wanted.map(function (t) { return load("t", hash(t) % shards); })).then(function (loadedShards) {
      if (mine !== run) return;
      var all = null, title = null;
      wanted.forEach(function (t, i) {
        var data = loadedShards[i], a = data.a[t] ? decode(data.a[t]) : [];
        var tt = i < count ? (data.t[t] ? decode(data.t[t]) : []) : a;
        all = all ? intersect(all, a) : a;
        title = title ? intersect(title, tt) : tt;
      });
      var inTitle = {};
      title.forEach(function (id) { inTitle[id] = true; });
      var order = title.concat(all.filter(function (id) { return !inTitle[id]; }));
      var parts = norm(q).split(/\s+/).filter(Boolean);
      state = { run: mine, order: order, at: 0, shown: 0, rejected: 0, parts: parts };
      next();
    }).catch(fail);
  }

  /* Shows the next page of checked results. */
  function next() {
    var s = state;
    if (!s || s.run !== run) return;
    var target = s.shown + PAGE;
    more.hidden = true;
    (function step() {
      if (s.run !== run) return;
      if (s.shown >= target || s.at >= s.order.length) return done(s);
      var batch = s.order.slice(s.at, s.at + target - s.shown);
      s.at += batch.length;
      var need = [];
      batch.forEach(function (id) {
        var n = Math.floor(id / group);
        if (need.indexOf(n) < 0) need.push(n);
      });
      Promise.all(need.map(function (n) { return load("d", n); })).then(function () {
        if (s.run !== run) return;
        batch.forEach(function (id) {
          var row = loaded["d" + Math.floor(id / group)][id % group];
          var hay = norm(row[0] + " " + row[5]);
          var ok = s.parts.every(function (p) { return hay.indexOf(p) >= 0; });
          if (!ok) { s.rejected++; return; }
          show(row, s.parts);
          s.shown++;
        });
        step();
      }).catch(fail);
    })();
  }

  function done(s) {
    var total = s.order.length - s.rejected;
    say(total ? "找到 " + total + " 条相关记录" + (total > s.shown ? "，已显示 " + s.shown + " 条" : "") + "。"
      : "没有找到包含“" + input.value.trim() + "”的记录。可以换个词，或少写几个字再试。");
    more.hidden = s.at >= s.order.length;
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
