//! QR codes drawn at build time, so a notice printed for the village board
//! carries a code that opens its page online.
//!
//! The `qrcode` crate computes the modules; we draw them ourselves as one
//! SVG path (a run of dark modules in a row is one rectangle), which keeps
//! the code small enough to inline in every record page.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// An inline SVG QR code of `url`, with `label` as its accessible name; empty
/// when the text cannot be encoded (longer than a QR code holds).
pub fn svg(url: &str, label: &str) -> String {
    let Some((width, colors)) = modules(url.as_bytes()) else {
        return String::new();
    };
    let mut path = String::with_capacity(width * width * 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                // `M{x} {y}h{run}v1h-{run}z`, pushed piece by piece: a
                // code has hundreds of runs and a site one code per record.
                let run = x - start;
                path.push('M');
                push_number(&mut path, start + QUIET);
                path.push(' ');
                push_number(&mut path, y + QUIET);
                path.push('h');
                push_number(&mut path, run);
                path.push_str("v1h-");
                push_number(&mut path, run);
                path.push('z');
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
        super::escape_attr(label)
    )
}

/// The modules of a QR code of `data` at level M, with one fixed mask.
///
/// Any of the eight masks makes a valid code; the usual encoder tries all
/// eight and scores each, which was a third of a 10,000-record build. A URL
/// on a printed A4 notice scans fine with the checkerboard mask.
fn modules(data: &[u8]) -> Option<(usize, Vec<Color>)> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).ok()?;
    let version = bits.version();
    let bytes = bits.into_bytes();
    let (encoded, ec) = qrcode::ec::construct_codewords(&bytes, version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((width, canvas.into_colors()))
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_in_decimal() {
        let mut s = String::new();
        for n in [0, 7, 10, 12345, usize::MAX] {
            push_number(&mut s, n);
            s.push(',');
        }
        assert_eq!(s, format!("0,7,10,12345,{},", usize::MAX));
    }

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

    #[test]
    fn the_code_decodes_to_the_url() {
        let url = "https://gongkai.example.cn/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91/";
        let (width, colors) = modules(url.as_bytes()).unwrap();
        // Draw the modules 4 px each with the quiet zone, as a scanner sees the print.
        let scale = 4;
        let size = (width + 2 * QUIET) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (QUIET..QUIET + width).contains(&mx) && (QUIET..QUIET + width).contains(&my);
            if inside && colors[(my - QUIET) * width + (mx - QUIET)] == Color::Dark {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }
}
