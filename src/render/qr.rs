//! QR codes drawn at build time, so a notice printed for the village board
//! carries a code that opens its page online.
//!
//! The `qrcode` crate computes the modules; we draw them ourselves as one
//! SVG path (a run of dark modules in a row is one rectangle), which keeps
//! the code small enough to inline in every record page.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// An inline SVG QR code of `url`, with `label` as its accessible name; empty
/// when the text cannot be encoded (longer than a QR code holds).
pub fn svg(url: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    let size = width + 2 * QUIET;
    format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_code_with_quiet_zone() {
        let s = svg("https://gongkai.example.cn/disclosures/2013/x/", "二维码");
        // Version 4 at level M holds this URL: 33 modules + 2 × 4 quiet.
        assert!(s.contains("viewBox=\"0 0 41 41\""), "{s}");
        assert!(s.starts_with("<svg"));
        assert!(s.contains("aria-label=\"二维码\""));
        // The finder pattern's top row: seven dark modules from (4,4).
        assert!(s.contains("M4 4h7v1h-7z"), "{s}");
    }

    #[test]
    fn is_deterministic_and_escapes_the_label() {
        let a = svg("https://x.cn/a?b=1&c=2", "a\"<b>");
        assert_eq!(a, svg("https://x.cn/a?b=1&c=2", "a\"<b>"));
        assert!(a.contains("a&quot;&lt;b&gt;"));
    }

    #[test]
    fn too_long_text_gives_nothing() {
        assert_eq!(svg(&"x".repeat(5000), ""), "");
    }
}
