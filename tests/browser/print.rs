//! The notice as printed for the board. Chromium prints each notice to PDF
//! on the A4 page print.css asks for, and the PDF is read back for its page
//! count and its text; the print layout is also measured at the printed
//! width, for what overflows the page and for cells that must not wrap.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::types::PrintToPdfOptions;
use serde_json::{Value, json};

use crate::page::{eval, new_tab, open, set_viewport};
use crate::{Check, Needs, Site, World};

pub const ALL: &[Check] = &[
    Check {
        name: "printed_notices_fit_their_a4_pages_and_print_the_ledger_totals_once",
        needs: Needs::Chromium,
        run: printed_notices_fit_their_pages,
    },
    Check {
        name: "the_printed_address_under_the_qr_code_is_readable_and_breaks_after_slashes",
        needs: Needs::Chromium,
        run: printed_address_is_readable,
    },
];

/// The printed width of an A4 page less print.css's 16 mm side margins:
/// 178 mm at 96 px to the inch.
const PRINTED_WIDTH: u32 = 672;

/// Each notice of the print fixture and the most A4 pages it may take.
const NOTICES: [(&str, usize); 3] = [
    // 14 entries, the totals by class, the review and its signers, the seal.
    ("disclosures/2013/xiguan-2013q2-finance/", 2),
    // The six steps of 四议两公开.
    ("disclosures/2013/xiguan-2013-cundao/", 1),
    // Ten candidates.
    ("disclosures/2013/xiguan-2013-dangyuan/", 1),
];

/// The pages of the PDF Chromium prints of the open page, each as its text
/// without white space (the PDF places CJK glyphs one by one).
fn printed_pages(tab: &Tab) -> Vec<String> {
    let options = PrintToPdfOptions {
        prefer_css_page_size: Some(true),
        ..PrintToPdfOptions::default()
    };
    let bytes = tab.print_to_pdf(Some(options)).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    pdf.get_pages()
        .keys()
        .map(|n| {
            let text = pdf.extract_text(&[*n]).unwrap();
            text.chars().filter(|c| !c.is_whitespace()).collect()
        })
        .collect()
}

/// Lays the open page out as printed, `width` pixels wide, or back as on
/// screen when `width` is `None`.
fn emulate_print(tab: &Tab, width: Option<u32>) {
    let media = json!({ "media": if width.is_some() { "print" } else { "" } });
    tab.call_method(serde_json::from_value::<Emulation::SetEmulatedMedia>(media).unwrap())
        .unwrap();
    set_viewport(tab, width.unwrap_or(1280), false);
}

/// What in the print layout is wrong: an element reaching past the printed
/// width, a 日期, 凭证号, 科目 or amount cell (or a candidate's short
/// field) wrapped onto a second line, and a seal block not at the right.
const PRINT_LAYOUT: &str = r#"(() => {
  const bad = [];
  const width = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + e.textContent.trim().slice(0, 12) + '"';
  if (document.documentElement.scrollWidth > width) bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.visually-hidden') || e.getClientRects().length === 0) continue;
    const r = e.getBoundingClientRect();
    if (r.right > width + 0.5) bad.push(name(e) + ' reaches ' + Math.round(r.right) + ' px');
  }
  const lines = e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map(q => Math.round(q.top))).size;
  };
  const single = '.ledger td:nth-child(-n+2), .ledger td:nth-child(4), .ledger .num, .classes th, .classes .num, '
    + '.party tbody th, .party td:nth-child(-n+6)';
  for (const c of document.querySelectorAll(single)) {
    if (c.textContent.trim() && lines(c) > 1) bad.push('wraps: ' + name(c));
  }
  const stamp = document.querySelector('.stamp'), qr = document.querySelector('.qr');
  if (!stamp || !qr) bad.push('no seal block or QR code');
  else {
    const s = stamp.getBoundingClientRect(), q = qr.getBoundingClientRect();
    const main = document.querySelector('main').getBoundingClientRect();
    if (main.right - s.right > 20) bad.push('seal block ends ' + Math.round(main.right - s.right) + ' px short of the right');
    if (q.right > s.left + 1) bad.push('QR code right of the seal block');
  }
  return [...new Set(bad)].slice(0, 12);
})()"#;

fn printed_notices_fit_their_pages(w: &World) {
    let site = w.print();
    let (tab, _problems) = new_tab(w, site);
    let mut bad = Vec::new();
    let mut counts = Vec::new();
    for (path, most) in NOTICES {
        open(&tab, site, path);
        let printed = printed_pages(&tab);
        let all = printed.concat();
        // The address under the code, on the page's last sheet.
        let address = format!("{}{path}", site.base);
        assert!(
            printed.last().unwrap().contains(&address),
            "{path}: no {address} on the last page: {all}"
        );
        counts.push(format!("{path}: {} pages", printed.len()));
        if printed.len() > most {
            bad.push(format!("{path}: {} pages, at most {most}", printed.len()));
        }
        emulate_print(&tab, Some(PRINTED_WIDTH));
        let layout: Value = eval(&tab, PRINT_LAYOUT);
        for p in layout.as_array().unwrap() {
            bad.push(format!("{path}: {}", p.as_str().unwrap()));
        }
        emulate_print(&tab, None);
    }
    // The ledger's totals once, after its last entry, not at every page's
    // foot. Read by their figures: a machine without a Chinese font prints
    // the labels as empty boxes, the digits it always has. 本期合计 is the
    // one row holding the two sums side by side; 期末余额 the one amount
    // 196,120.00.
    open(&tab, site, NOTICES[0].0);
    let all = printed_pages(&tab).concat();
    for (total, figures) in [
        ("本期合计", "414,000.00218,880.00"),
        ("期末余额", "196,120.00"),
    ] {
        let times = all.matches(figures).count();
        if times != 1 {
            bad.push(format!("{total} ({figures}) printed {times} times"));
        }
        let last_entry = all.find("-114").unwrap();
        if all.find(figures).is_some_and(|at| at < last_entry) {
            bad.push(format!("{total} printed before the last entry"));
        }
    }
    assert!(
        bad.is_empty(),
        "{}\n({})",
        bad.join("\n"),
        counts.join(", ")
    );
    eprintln!("printed pages: {}", counts.join(", "));
}

/// The address under the code, character by character: its text, and the
/// pair of characters at each line break.
const ADDRESS_LINES: &str = r#"(() => {
  const e = document.querySelector('.qr-url');
  const chars = [];
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    for (let i = 0; i < n.length; i++) {
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      const q = r.getClientRects()[0];
      chars.push([n.data[i], q ? q.top : 0]);
    }
  }
  const breaks = [];
  for (let i = 1; i < chars.length; i++) if (chars[i][1] > chars[i - 1][1] + 2) breaks.push(chars[i - 1][0] + chars[i][0]);
  return { text: e.textContent, breaks };
})()"#;

/// The address a villager would type from the printed notice is shown
/// decoded, in Chinese, and wraps after a slash or between Chinese
/// characters, never inside a Latin word.
fn printed_address_is_readable(w: &World) {
    let site: &Site = w.example();
    let (tab, _problems) = new_tab(w, site);
    let page = "disclosures/2013/西关村二季度财务/";
    open(&tab, site, page);
    let printed = printed_pages(&tab).concat();
    let start = format!("{}disclosures/2013/", site.base);
    assert!(
        printed.contains(&start) && !printed.contains("%E8"),
        "{printed}"
    );
    emulate_print(&tab, Some(PRINTED_WIDTH));
    let address = eval(&tab, ADDRESS_LINES);
    assert_eq!(address["text"], format!("{}{page}", site.base), "{address}");
    let breaks = address["breaks"].as_array().unwrap();
    assert!(breaks.len() <= 3, "{address}");
    for b in breaks {
        let pair: Vec<char> = b.as_str().unwrap().chars().collect();
        assert!(
            pair[0] == '/' || !pair[0].is_ascii() || !pair[1].is_ascii(),
            "the address breaks inside a word at {pair:?}: {address}"
        );
    }
}
