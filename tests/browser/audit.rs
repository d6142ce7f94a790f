//! The accessibility audit: axe-core on every page of the example site and
//! of the widest-content fixture, at a phone's 360 px and a desktop's
//! 1280 px, and the focus indicator of every focusable element measured as
//! a WCAG 2.1 AA auditor would (2.4.7 visible, 1.4.11 at least 3:1).

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page;
use serde_json::{Value, json};

use crate::page::{assert_text, eval, new_large_text_tab, new_tab, open, pages, set_viewport};
use crate::{Check, Needs, Site, Text, World};

pub const ALL: &[Check] = &[
    Check {
        name: "axe_finds_no_violation_on_the_example_site_at_360_and_1280_pixels",
        needs: Needs::Axe,
        run: |w| axe_finds_nothing_in(w, w.example(), Text::Normal),
    },
    Check {
        name: "axe_finds_no_violation_on_the_widest_content_at_360_and_1280_pixels",
        needs: Needs::Axe,
        run: |w| axe_finds_nothing_in(w, w.widest(), Text::Normal),
    },
    Check {
        name: "axe_finds_no_violation_in_large_text_on_the_example_site_at_360_and_1280_pixels",
        needs: Needs::Axe,
        run: |w| axe_finds_nothing_in(w, w.example(), Text::Large),
    },
    Check {
        name: "axe_finds_no_violation_in_large_text_on_the_widest_content_at_360_and_1280_pixels",
        needs: Needs::Axe,
        run: |w| axe_finds_nothing_in(w, w.widest(), Text::Large),
    },
    Check {
        name: "the_focus_indicator_is_whole_and_contrasts_3_to_1_on_every_element",
        needs: Needs::Chromium,
        run: focus_indicator_is_whole_and_contrasts,
    },
];

/// The widths audited: a small phone, and a desktop.
const WIDTHS: [u32; 2] = [360, 1280];

/// The rules of a WCAG 2.1 AA audit, and axe's best practices.
const AXE_RUN: &str = r#"axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
}).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' +
  v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))"#;

fn axe_finds_nothing_in(w: &World, site: &Site, text: Text) {
    let (tab, _problems) = match text {
        Text::Normal => new_tab(w, site),
        Text::Large => new_large_text_tab(w, site),
    };
    inject_on_every_page(&tab, &w.axe_script());
    let mut found = Vec::new();
    for width in WIDTHS {
        set_viewport(&tab, width, width < 720);
        for page in pages(&site.root) {
            open(&tab, site, &page);
            assert_text(&tab, text);
            let violations = eval(&tab, AXE_RUN);
            let Some(list) = violations.as_array() else {
                panic!("axe did not run on {page}: {violations}");
            };
            for v in list {
                found.push(format!(
                    "{text:?} {width}px {page}: {}",
                    v.as_str().unwrap_or("?")
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Makes `script` run in every document the tab loads, before the page's
/// own scripts.
fn inject_on_every_page(tab: &Tab, script: &str) {
    let add = json!({ "source": script });
    tab.call_method(serde_json::from_value::<Page::AddScriptToEvaluateOnNewDocument>(add).unwrap())
        .unwrap();
}

/// Focuses each element that the Tab key reaches and measures its focus
/// indicator: an outline of at least 2 px, drawn wholly inside every box
/// that clips it and inside the viewport, and at least 3:1 against what is
/// painted under it. The colour under the ring is taken at the middle of
/// each side of the ring, from what the browser paints there.
const FOCUS_RINGS: &str = r#"(() => {
  const bad = [];
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
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
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + (e.textContent || e.value || '').trim().slice(0, 16) + '"';
  const reachable = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden' && e.checkVisibility());
  for (const e of reachable) {
    e.focus();
    if (document.activeElement !== e) { bad.push('cannot focus ' + name(e)); continue; }
    // In view as far as scrolling can bring it, the ring is measured, not
    // the browser's scrolling: Chromium leaves a link that is partly
    // visible in the nav strip where it is when it takes focus.
    e.scrollIntoView({ block: 'center', inline: 'nearest' });
    const s = getComputedStyle(e);
    const width = parseFloat(s.outlineWidth), offset = parseFloat(s.outlineOffset);
    if (s.outlineStyle === 'none' || width < 2) { bad.push('no focus outline on ' + name(e)); continue; }
    const r = e.getBoundingClientRect();
    const out = offset + width;
    const ring = { left: r.left - out, top: r.top - out, right: r.right + out, bottom: r.bottom + out };
    // A box taller (or wider) than the window cannot show its whole ring
    // at once, on that axis.
    const vw = document.documentElement.clientWidth, vh = innerHeight;
    const tall = ring.bottom - ring.top > vh, wide = ring.right - ring.left > vw;
    const clips = [{ left: wide ? -Infinity : 0, top: tall ? -Infinity : 0, right: wide ? Infinity : vw, bottom: tall ? Infinity : vh, what: 'the viewport' }];
    for (let a = e.parentElement; a; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
        const b = a.getBoundingClientRect();
        clips.push({ left: b.left + a.clientLeft, top: b.top + a.clientTop, right: b.left + a.clientLeft + a.clientWidth, bottom: b.top + a.clientTop + a.clientHeight, what: name(a) });
      }
    }
    for (const c of clips) {
      if (ring.left < c.left - 0.5 || ring.top < c.top - 0.5 || ring.right > c.right + 0.5 || ring.bottom > c.bottom + 0.5) {
        bad.push('focus outline of ' + name(e) + ' cut off by ' + c.what);
        break;
      }
    }
    const mid = out - width / 2;
    const points = [
      [(r.left + r.right) / 2, r.top - mid], [(r.left + r.right) / 2, r.bottom + mid],
      [r.left - mid, (r.top + r.bottom) / 2], [r.right + mid, (r.top + r.bottom) / 2],
    ];
    const colour = rgb(s.outlineColor).slice(0, 3);
    let worst = Infinity;
    for (const [x, y] of points) {
      const under = document.elementsFromPoint(x, y).find(u => offset < 0 ? (u === e || !e.contains(u)) : !e.contains(u));
      if (!under) continue;
      worst = Math.min(worst, ratio(colour, ground(under)));
    }
    if (worst < 3) bad.push('focus outline of ' + name(e) + ' at ' + worst.toFixed(2) + ':1 against its background');
  }
  return bad;
})()"#;

fn focus_indicator_is_whole_and_contrasts(w: &World) {
    let mut bad = Vec::new();
    for site in [w.example(), w.widest()] {
        let (tab, _problems) = new_tab(w, site);
        for width in WIDTHS {
            set_viewport(&tab, width, width < 720);
            for page in pages(&site.root) {
                open(&tab, site, &page);
                // A key press first: the browser shows focus rings once the
                // keyboard has been used, and measures what it would show.
                tab.press_key("Tab").unwrap();
                let found: Value = eval(&tab, FOCUS_RINGS);
                for p in found.as_array().into_iter().flatten() {
                    bad.push(format!("{width}px {page}: {}", p.as_str().unwrap_or("?")));
                }
            }
        }
    }
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
