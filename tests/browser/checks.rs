//! Each page of the example site loads cleanly, search finds a Chinese
//! query, pages fit a phone, the printed notice carries its QR code, the
//! accessibility basics a script can check hold, and pages stay light.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::json;

use crate::page::{
    assert_text, eval, new_large_text_tab, new_tab, open, pages, set_viewport, take, url, wait_for,
};
use crate::{Check, Needs, Site, Text, World};

pub const ALL: &[Check] = &[
    Check {
        name: "every_page_loads_without_console_errors_or_failed_requests",
        needs: Needs::Chromium,
        run: every_page_loads_without_console_errors_or_failed_requests,
    },
    Check {
        name: "a_chinese_query_typed_into_the_search_box_lists_the_expected_record",
        needs: Needs::Chromium,
        run: a_chinese_query_typed_into_the_search_box_lists_the_expected_record,
    },
    Check {
        name: "search_finds_every_page_kind_with_exact_counts_and_ledger_lines",
        needs: Needs::Chromium,
        run: search_finds_every_page_kind_with_exact_counts_and_ledger_lines,
    },
    Check {
        name: "no_page_scrolls_sideways_at_360_pixels",
        needs: Needs::Chromium,
        run: |w| no_page_scrolls_sideways_at_360_pixels(w, Text::Normal),
    },
    Check {
        name: "no_page_scrolls_sideways_at_360_pixels_in_large_text",
        needs: Needs::Chromium,
        run: |w| no_page_scrolls_sideways_at_360_pixels(w, Text::Large),
    },
    Check {
        name: "a_missing_nested_address_gets_the_404_page_with_its_stylesheet_and_a_working_home_link",
        needs: Needs::Chromium,
        run: a_missing_nested_address_gets_the_styled_404_page,
    },
    Check {
        name: "printed_notice_has_no_navigation_and_carries_the_qr_code",
        needs: Needs::Chromium,
        run: printed_notice_has_no_navigation_and_carries_the_qr_code,
    },
    Check {
        name: "pages_have_landmarks_ordered_headings_captioned_tables_and_contrast",
        needs: Needs::Chromium,
        run: pages_have_landmarks_ordered_headings_captioned_tables_and_contrast,
    },
    Check {
        name: "focus_is_visible_and_the_skip_link_leads_to_the_content",
        needs: Needs::Chromium,
        run: focus_is_visible_and_the_skip_link_leads_to_the_content,
    },
    Check {
        name: "each_page_weighs_under_60_kilobytes_of_html_css_and_script",
        needs: Needs::Chromium,
        run: each_page_weighs_under_60_kilobytes_of_html_css_and_script,
    },
];

fn every_page_loads_without_console_errors_or_failed_requests(w: &World) {
    let f = w.example();
    let (tab, problems) = new_tab(w, f);
    let mut bad = Vec::new();
    for page in pages(&f.root) {
        open(&tab, f, &page);
        let title = eval(&tab, "document.title");
        assert!(
            title.as_str().is_some_and(|t| !t.is_empty()),
            "{page}: no title"
        );
        for p in take(&problems) {
            bad.push(format!("{page}: {p}"));
        }
    }
    // The search page with a query: the script and its shards load too.
    open(&tab, f, "search/?q=%E9%AB%98%E6%8E%A5%E6%8D%A2%E4%BC%98");
    wait_for(&tab, "#search-results li");
    for p in take(&problems) {
        bad.push(format!("search: {p}"));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn search_for(tab: &Tab, f: &Site, query: &str) -> Vec<String> {
    open(tab, f, "search/");
    wait_for(tab, "#search-form:not([hidden]) #q");
    eval(tab, "document.getElementById('q').focus()");
    tab.send_character(query).unwrap();
    tab.press_key("Enter").unwrap();
    let js = "new Promise(r => { const t = Date.now(); (function w() { \
              const s = document.getElementById('search-status').textContent; \
              if (/找到|没有|约/.test(s) || Date.now() - t > 10000) r(s); else setTimeout(w, 20); })(); })";
    eval(tab, js);
    let titles = eval(
        tab,
        "[...document.querySelectorAll('#search-results .result-title')].map(a => a.textContent)",
    );
    serde_json::from_value(titles).unwrap()
}

fn status(tab: &Tab) -> (String, String) {
    let s = eval(tab, "document.getElementById('search-status').textContent");
    let exact = eval(
        tab,
        "document.getElementById('search-status').dataset.exact",
    );
    (
        s.as_str().unwrap_or_default().to_string(),
        exact.as_str().unwrap_or_default().to_string(),
    )
}

fn search_finds_every_page_kind_with_exact_counts_and_ledger_lines(w: &World) {
    let f = w.example();
    let (tab, problems) = new_tab(w, f);
    // A report and an indicator, each listed under its kind.
    let report = search_for(&tab, f, "工作总结");
    assert!(
        report.iter().any(|t| t.contains("上半年工作")),
        "{report:?}"
    );
    let kind = eval(
        &tab,
        "document.querySelector('#search-results .result-meta').textContent",
    );
    assert!(kind.as_str().unwrap().starts_with("工作报告"), "{kind}");
    let indicator = search_for(&tab, f, "农业综合服务中心");
    assert!(
        indicator.iter().any(|t| t == "玉露香梨高接换优面积"),
        "{indicator:?}"
    );
    // A finance result shows the ledger line that matched, with its amount.
    let ledger = search_for(&tab, f, "村委会办公用品");
    assert!(
        ledger
            .iter()
            .any(|t| t == "西关村2013年第二季度财务收支公开"),
        "{ledger:?}"
    );
    let lines = eval(
        &tab,
        "[...document.querySelectorAll('#search-results .result-context')].map(p => p.textContent).join('|')",
    );
    assert!(
        lines
            .as_str()
            .unwrap()
            .contains("记-017 村委会办公用品 管理费支出 860.00"),
        "{lines}"
    );
    // A piece of a number; the count of a short query is the index's, exact.
    let digits = search_for(&tab, f, "682130");
    assert!(!digits.is_empty());
    let (said, exact) = status(&tab);
    assert_eq!(exact, "1", "{said}");
    assert!(said.starts_with("找到 "), "{said}");
    let n: usize = said["找到 ".len()..said.find(" 条").unwrap()]
        .parse()
        .unwrap();
    let all = eval(
        &tab,
        "document.querySelectorAll('#search-results li').length",
    );
    // Up to 20 are listed at once, more ten at a time.
    let listed = if n <= 20 { n } else { 10 };
    assert_eq!(listed, all.as_u64().unwrap() as usize, "{said}");
    // A long query whose every candidate was checked is exact too (the
    // ledger line and the road project's page that lists it); one that is
    // found nowhere says so and downloads no text.
    let found = search_for(&tab, f, "村道硬化工程测量设计费");
    let (said, exact) = status(&tab);
    assert_eq!(
        (said.as_str(), exact.as_str()),
        ("找到 2 条相关记录。", "1")
    );
    assert!(
        found
            .iter()
            .any(|t| t == "西关村2013年村内主干道硬化工程筹资筹劳方案"),
        "{found:?}"
    );
    let none = search_for(&tab, f, "高接换优测量");
    assert!(none.is_empty());
    let docs = eval(
        &tab,
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/idx/d/')).length",
    );
    assert_eq!(docs.as_u64(), Some(0));
    let p = take(&problems);
    assert!(p.is_empty(), "{p:?}");
}

fn a_chinese_query_typed_into_the_search_box_lists_the_expected_record(w: &World) {
    let f = w.example();
    let (tab, problems) = new_tab(w, f);
    let pear = "东庄村2012年秋季玉露香梨高接换优补助资金兑付公示（第一批）";
    let whole = search_for(&tab, f, "高接换优");
    assert_eq!(whole.first().map(String::as_str), Some(pear), "{whole:?}");
    assert!(whole.iter().any(|t| t.contains("重点实事")), "{whole:?}");
    let part = search_for(&tab, f, "换优");
    assert_eq!(part, whole);
    // The match is marked in context, and the link opens the record.
    let marked = eval(
        &tab,
        "document.querySelector('#search-results .result-context mark').textContent",
    );
    assert_eq!(marked, "换优");
    let href = eval(&tab, "document.querySelector('#search-results a').href");
    assert!(
        href.as_str()
            .unwrap()
            .contains("dongzhuang-2012-gaojie-huanyou/#:~:text="),
        "{href}"
    );
    let finance = search_for(&tab, f, "财务公开");
    assert!(finance.len() >= 6, "{finance:?}");
    assert!(
        finance
            .iter()
            .any(|t| t == "西关村2013年第二季度财务收支公开"),
        "{finance:?}"
    );
    // Filters: the category and the unit, kept in the address.
    open(
        &tab,
        f,
        "search/?q=%E8%B4%A2%E5%8A%A1%E5%85%AC%E5%BC%80&k=finance&u=nanyuan",
    );
    wait_for(&tab, "#search-results li");
    let filtered = eval(
        &tab,
        "[...document.querySelectorAll('#search-results .result-title')].map(a => a.textContent).join('|')",
    );
    assert_eq!(
        filtered,
        "南塬村2013年第二季度财务收支公开|南塬村2013年第一季度财务收支公开"
    );
    let none = search_for(&tab, f, "没有这样的词语");
    assert!(none.is_empty());
    assert!(
        eval(&tab, "document.getElementById('search-status').textContent")
            .as_str()
            .unwrap()
            .contains("没有找到")
    );
    let p = take(&problems);
    assert!(p.is_empty(), "{p:?}");
}

fn no_page_scrolls_sideways_at_360_pixels(w: &World, text: Text) {
    let mut wide = Vec::new();
    for site in [w.example(), w.widest()] {
        let (tab, _problems) = match text {
            Text::Normal => new_tab(w, site),
            Text::Large => new_large_text_tab(w, site),
        };
        set_viewport(&tab, 360, true);
        for page in pages(&site.root) {
            open(&tab, site, &page);
            assert_text(&tab, text);
            let size = eval(
                &tab,
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
            );
            let (scroll, client) = (size[0].as_u64().unwrap(), size[1].as_u64().unwrap());
            if scroll > client || client > 360 {
                let culprit = eval(
                    &tab,
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll, .nav ul')).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')",
                );
                wide.push(format!(
                    "{}{page}: {scroll} > {client} ({culprit})",
                    site.base
                ));
            }
        }
    }
    assert!(wide.is_empty(), "{}", wide.join("\n"));
}

/// What a visitor sees of the 404 page: the status the server sent, the
/// heading, whether style.css loaded and applied (the masthead's red and the
/// nav's flex row are set by it alone), and where the home link leads.
const NOT_FOUND_STATE: &str = "(() => ({ \
   status: performance.getEntriesByType('navigation')[0].responseStatus, \
   h1: document.querySelector('h1').textContent, \
   rules: [...document.styleSheets].filter(s => /\\/assets\\/style\\.css$/.test(s.href || '')).reduce((n, s) => n + s.cssRules.length, 0), \
   masthead: getComputedStyle(document.querySelector('.masthead')).backgroundColor, \
   nav: getComputedStyle(document.querySelector('.nav ul')).display, \
   home: document.querySelector('main a').href }))()";

/// A host answers a missing address at any depth with the one 404.html:
/// its stylesheet and links must work from wherever it is shown, at the
/// host's root and under a sub-path.
fn a_missing_nested_address_gets_the_styled_404_page(w: &World) {
    for site in [w.example(), w.under_sub_path()] {
        let (tab, problems) = new_tab(w, site);
        for missing in ["disclosures/2099/x/y/", "a/b/c/d/e/f/gone.html"] {
            open(&tab, site, missing);
            let state = eval(&tab, NOT_FOUND_STATE);
            let at = format!("{}{missing}", site.base);
            assert_eq!(state["status"], 404, "{at}: {state}");
            assert_eq!(state["h1"], "页面不存在", "{at}: {state}");
            assert!(state["rules"].as_u64().unwrap() > 50, "{at}: {state}");
            assert_eq!(state["masthead"], "rgb(163, 38, 42)", "{at}: {state}");
            assert_eq!(state["nav"], "flex", "{at}: {state}");
            assert_eq!(state["home"], site.base, "{at}: {state}");
            // The page's own 404 (and the console's note of it), nothing
            // else: no stylesheet or script missing.
            let own = format!("404 {}", url(site, missing));
            let seen = take(&problems);
            let other: Vec<_> = seen
                .iter()
                .filter(|p| **p != own && !p.ends_with("status of 404 (Not Found)"))
                .collect();
            assert!(seen.contains(&own) && other.is_empty(), "{at}: {seen:?}");
            // The home link, clicked, opens the home page.
            tab.find_element("main a").unwrap().click().unwrap();
            tab.wait_until_navigated().unwrap();
            let home = eval(
                &tab,
                "[location.href, performance.getEntriesByType('navigation')[0].responseStatus]",
            );
            assert_eq!(home, json!([site.base, 200]), "{at}");
            assert!(take(&problems).is_empty(), "{at}");
        }
    }
}

fn printed_notice_has_no_navigation_and_carries_the_qr_code(w: &World) {
    let f = w.example();
    let (tab, _problems) = new_tab(w, f);
    let page = "disclosures/2013/西关村二季度财务/";
    open(&tab, f, page);
    // On screen the code is not shown.
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.notice-foot')).display"
        ),
        "none"
    );
    let media = json!({"media": "print"});
    tab.call_method(serde_json::from_value::<Emulation::SetEmulatedMedia>(media).unwrap())
        .unwrap();
    let state = eval(
        &tab,
        "(() => { const vis = s => { const e = document.querySelector(s); \
           return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0; }; \
           return { nav: vis('.nav'), footer: vis('.footer'), crumbs: vis('.crumbs'), \
             qr: vis('.qr-code'), stamp: vis('.stamp'), signers: vis('.signers'), \
             ledger: vis('.ledger'), title: vis('h1'), \
             rows: getComputedStyle(document.querySelector('.ledger tbody tr')).breakInside, \
             qrSize: document.querySelector('.qr-code').getBoundingClientRect().width }; })()",
    );
    assert_eq!(state["nav"], false, "{state}");
    assert_eq!(state["footer"], false, "{state}");
    assert_eq!(state["crumbs"], false, "{state}");
    assert_eq!(state["qr"], true, "{state}");
    assert_eq!(state["stamp"], true, "{state}");
    assert_eq!(state["signers"], true, "{state}");
    assert_eq!(state["ledger"], true, "{state}");
    assert_eq!(state["title"], true, "{state}");
    assert_eq!(state["rows"], "avoid", "{state}");
    // 34 mm at 96 px per inch is about 128 px: large enough to scan.
    assert!(state["qrSize"].as_f64().unwrap() > 100.0, "{state}");
    // The code encodes the page's own address.
    let html = std::fs::read_to_string(f.root.join(page).join("index.html")).unwrap();
    assert!(html.contains(&format!(
        "{}{}",
        f.base,
        gongkai::render::urls::encode_path(page)
    )));
    let pdf = tab.print_to_pdf(None).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    tab.call_method(
        serde_json::from_value::<Emulation::SetEmulatedMedia>(json!({"media": ""})).unwrap(),
    )
    .unwrap();
}

/// The accessibility checks that a script can make on a page.
const A11Y: &str = r#"(() => {
  const bad = [];
  const q = s => [...document.querySelectorAll(s)];
  for (const s of ['header', 'nav', 'main', 'footer']) if (!document.querySelector(s)) bad.push('no <' + s + '>');
  const skip = document.querySelector('a.skip');
  if (!skip || skip !== document.querySelector('body a') || skip.getAttribute('href') !== '#main') bad.push('no skip link first');
  if (q('h1').length !== 1) bad.push(q('h1').length + ' h1');
  let last = 0;
  for (const h of q('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const level = +h.tagName[1];
    if (level > last + 1) bad.push('heading ' + h.tagName + ' "' + h.textContent.trim() + '" after h' + last);
    last = level;
  }
  for (const t of q('table')) {
    if (!t.querySelector('caption') || !t.querySelector('caption').textContent.trim()) bad.push('table without caption');
    if (!t.querySelector('th')) bad.push('table without header cells');
  }
  for (const s of q('svg')) {
    if (s.getAttribute('role') === 'img' && !s.getAttribute('aria-label') && !s.getAttribute('aria-labelledby') && !s.querySelector('title')) bad.push('svg without a name');
    // A chart comes with its data: a table in its figure or on its page, or a link to one.
    const fig = s.closest('figure');
    if (fig && !s.classList.contains('qr-code')) {
      if (!fig.querySelector('table, a[href]') && !document.querySelector('main table')) bad.push('chart without its data table');
    }
  }
  for (const i of q('img')) if (!i.hasAttribute('alt')) bad.push('img without alt');
  for (const i of q('input, select')) {
    if (i.type === 'hidden') continue;
    const named = i.labels && i.labels.length || i.getAttribute('aria-label');
    if (!named) bad.push('form field without label: ' + i.name);
  }
  // Colour contrast, WCAG 2.1 AA: 4.5:1, or 3:1 for large text.
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ground = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      if (c.length === 4 && c[3] > 0) {
        const under = ground(e.parentElement);
        return c.slice(0, 3).map((v, i) => v * c[3] + under[i] * (1 - c[3]));
      }
    }
    return [255, 255, 255];
  };
  for (const e of q('body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(e);
    if (st.visibility === 'hidden' || st.display === 'none' || e.getClientRects().length === 0) continue;
    if (e.closest('.visually-hidden, .skip')) continue;
    const fg = rgb(st.color).slice(0, 3), bg = ground(e);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) bad.push('contrast ' + ratio.toFixed(2) + ' for "' + e.textContent.trim().slice(0, 20) + '"');
  }
  return [...new Set(bad)];
})()"#;

fn pages_have_landmarks_ordered_headings_captioned_tables_and_contrast(w: &World) {
    let f = w.example();
    let (tab, _problems) = new_tab(w, f);
    let mut bad = Vec::new();
    for page in pages(&f.root) {
        open(&tab, f, &page);
        let found = eval(&tab, A11Y);
        for p in found.as_array().unwrap() {
            bad.push(format!("{page}: {}", p.as_str().unwrap()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn focus_is_visible_and_the_skip_link_leads_to_the_content(w: &World) {
    let f = w.example();
    let (tab, _problems) = new_tab(w, f);
    open(&tab, f, "disclosures/finance/");
    tab.press_key("Tab").unwrap();
    let focused = eval(
        &tab,
        "(() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e); \
          return { cls: e.className, left: r.left, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()",
    );
    assert_eq!(focused["cls"], "skip", "{focused}");
    assert!(
        focused["left"].as_f64().unwrap() >= 0.0,
        "skip link off screen: {focused}"
    );
    assert_ne!(focused["outline"], "none", "{focused}");
    assert!(focused["width"].as_f64().unwrap() >= 2.0, "{focused}");
    tab.press_key("Enter").unwrap();
    eval(&tab, "new Promise(r => setTimeout(r, 50))");
    assert_eq!(eval(&tab, "location.hash"), "#main");
    // The next link focused is inside the content, with its outline.
    tab.press_key("Tab").unwrap();
    let next = eval(
        &tab,
        "[!!document.activeElement.closest('main'), getComputedStyle(document.activeElement).outlineStyle]",
    );
    assert_eq!(next[0], true, "{next}");
    assert_ne!(next[1], "none", "{next}");
}

fn each_page_weighs_under_60_kilobytes_of_html_css_and_script(w: &World) {
    let f = w.example();
    let (tab, _problems) = new_tab(w, f);
    let mut heavy = Vec::new();
    let mut report = Vec::new();
    let mut pages_seen = pages(&f.root);
    pages_seen.push("search/?q=%E8%B4%A2%E5%8A%A1%E5%85%AC%E5%BC%80".into());
    for page in pages_seen {
        open(&tab, f, &page);
        // Bytes as the server sent them (no compression here), less inline SVG.
        let w = eval(
            &tab,
            "(() => { const enc = new TextEncoder(); \
               const nav = performance.getEntriesByType('navigation')[0].decodedBodySize; \
               const svg = [...document.querySelectorAll('svg')].reduce((s, e) => s + enc.encode(e.outerHTML).length, 0); \
               const sub = performance.getEntriesByType('resource').filter(r => /\\.(css|js)(\\?|$)/.test(r.name) && !/\\/idx\\//.test(r.name)) \
                 .reduce((s, r) => s + r.decodedBodySize, 0); \
               return [nav, svg, sub]; })()",
        );
        let (html, svg, sub) = (
            w[0].as_u64().unwrap(),
            w[1].as_u64().unwrap(),
            w[2].as_u64().unwrap(),
        );
        let total = html.saturating_sub(svg) + sub;
        report.push(format!("{page}: {total}"));
        if total > 60 * 1024 {
            heavy.push(format!(
                "{page}: {total} bytes (html {html}, svg {svg}, css+js {sub})"
            ));
        }
    }
    assert!(heavy.is_empty(), "{}", heavy.join("\n"));
    eprintln!("page weights (bytes):\n{}", report.join("\n"));
}
