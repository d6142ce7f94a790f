//! 大字版 (适老化): the switch on every page, ticked from the keyboard, with
//! JavaScript (remembered across pages) and without it.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::{Value, json};

use crate::page::{eval, new_private_tab, open, pages, set_viewport, take, url};
use crate::{Check, Needs, World};

pub const ALL: &[Check] = &[
    Check {
        name: "the_large_text_switch_on_every_page_enlarges_the_text_1_3_times_and_is_remembered",
        needs: Needs::Chromium,
        run: large_text_with_javascript,
    },
    Check {
        name: "the_large_text_switch_works_with_javascript_off",
        needs: Needs::Chromium,
        run: large_text_without_javascript,
    },
];

/// A page with muted text (the crumbs) as well as body text and a heading.
const PAGE: &str = "disclosures/2013/西关村二季度财务/";
const OTHER: &str = "disclosures/finance/";

/// What the reader gets: the computed font size of the body text, a
/// paragraph of the content and the heading; the contrast of body and of
/// muted text against the page; whether the switch is ticked and the mode
/// is on.
const LOOK: &str = r#"(() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number).slice(0, 3);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const style = s => getComputedStyle(document.querySelector(s));
  const ground = rgb(style('body').backgroundColor);
  return {
    body: parseFloat(style('body').fontSize), p: parseFloat(style('main p').fontSize), h1: parseFloat(style('h1').fontSize),
    ink: ratio(rgb(style('main p').color), ground), muted: ratio(rgb(style('.crumbs').color), ground),
    ticked: document.getElementById('large-text').checked,
  };
})()"#;

fn look(tab: &Tab) -> Value {
    eval(tab, LOOK)
}

/// `large` over `normal` for each size, each at least 1.3; and the
/// contrast of body and muted text higher.
fn assert_larger(normal: &Value, large: &Value, at: &str) {
    for size in ["body", "p", "h1"] {
        let ratio = large[size].as_f64().unwrap() / normal[size].as_f64().unwrap();
        assert!(
            ratio >= 1.3,
            "{at}: {size} {ratio:.3} times: {normal} → {large}"
        );
    }
    for text in ["ink", "muted"] {
        assert!(
            large[text].as_f64().unwrap() > normal[text].as_f64().unwrap(),
            "{at}: {text} contrast not higher: {normal} → {large}"
        );
    }
}

/// Ticks the switch from the keyboard: Tab from the top of the page past
/// the skip link and the site's name, then Space.
fn tick_from_keyboard(tab: &Tab) {
    eval(
        tab,
        "(document.activeElement && document.activeElement.blur(), true)",
    );
    for _ in 0..3 {
        tab.press_key("Tab").unwrap();
    }
    assert_eq!(eval(tab, "document.activeElement.id"), "large-text");
    tab.press_key(" ").unwrap();
}

fn large_text_with_javascript(w: &World) {
    let site = w.example();
    let (tab, problems) = new_private_tab(w, site);
    // Every page has the switch, labelled, in its header.
    let mut missing = Vec::new();
    for page in pages(&site.root) {
        open(&tab, site, &page);
        let label = eval(
            &tab,
            "(() => { const b = document.querySelector('header #large-text'); return b && b.type === 'checkbox' ? b.labels[0].textContent.trim() : null; })()",
        );
        if label != "大字版" {
            missing.push(page);
        }
    }
    assert!(missing.is_empty(), "no 大字版 switch on {missing:?}");
    for (width, phone) in [(1280, false), (360, true)] {
        set_viewport(&tab, width, phone);
        open(&tab, site, PAGE);
        let normal = look(&tab);
        assert_eq!(normal["ticked"], false);
        tick_from_keyboard(&tab);
        let large = look(&tab);
        assert_eq!(large["ticked"], true);
        assert_larger(&normal, &large, &format!("{width}px, ticked"));
        // Remembered on the next page and after a reload, set in <head>
        // before the stylesheets so the page never paints small first.
        open(&tab, site, OTHER);
        let next = eval(
            &tab,
            "[document.documentElement.classList.contains('large'), document.getElementById('large-text').checked, \
              !!(document.head.querySelector('script').compareDocumentPosition(document.head.querySelector('link[rel=stylesheet]')) & Node.DOCUMENT_POSITION_FOLLOWING)]",
        );
        assert_eq!(next, json!([true, true, true]), "{width}px: {OTHER}");
        open(&tab, site, PAGE);
        assert_larger(&normal, &look(&tab), &format!("{width}px, reloaded"));
        // Unticked, and remembered so.
        tick_from_keyboard(&tab);
        open(&tab, site, PAGE);
        assert_eq!(look(&tab), normal, "{width}px, unticked");
    }
    let p = take(&problems);
    assert!(p.is_empty(), "{p:?}");
}

fn large_text_without_javascript(w: &World) {
    let site = w.example();
    let (tab, problems) = new_private_tab(w, site);
    tab.call_method(
        serde_json::from_value::<Emulation::SetScriptExecutionDisabled>(json!({ "value": true }))
            .unwrap(),
    )
    .unwrap();
    for (width, phone) in [(360, true), (1280, false)] {
        set_viewport(&tab, width, phone);
        // `open` waits on a timer, which does not run with scripts off.
        tab.navigate_to(&url(site, PAGE))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let normal = look(&tab);
        tick_from_keyboard(&tab);
        let large = look(&tab);
        assert_eq!(large["ticked"], true);
        assert_larger(&normal, &large, &format!("{width}px, no JavaScript"));
        // The page's own scripts did not run: the stylesheet alone did it.
        assert_eq!(
            eval(&tab, "document.documentElement.classList.contains('large')"),
            false
        );
    }
    let p = take(&problems);
    assert!(p.is_empty(), "{p:?}");
}
