//! QR codes drawn at build time, so a notice printed for the village board
//! carries a code that opens its page online.
//!
//! The `qrcode` crate computes the modules; we draw them ourselves as one
//! SVG path, small enough to inline in every record page. Each run of dark
//! modules in a row is one horizontal stroke one module thick: a row starts
//! with an absolute move, and each further run is a relative move past the
//! light gap and a relative line (`m3 0h5`), about half the bytes of
//! drawing each run as a closed rectangle. The strokes run along the
//! rows' centre lines, shifted there once by the path's transform, so
//! every number stays a whole one.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// An inline SVG QR code of `url`, with `label` as its accessible name; empty
/// when the text cannot be encoded (longer than a QR code holds).
pub(crate) fn svg(url: &str, label: &str) -> String {
    let Some((width, colors)) = modules(url.as_bytes()) else {
        return String::new();
    };
    let path = row_strokes(width, &colors);
    let size = width + 2 * QUIET;
    format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path stroke=\"#000\" transform=\"translate(0 .5)\" d=\"{path}\"/></svg>",
        super::escape_attr(label)
    )
}

/// The path data of the dark modules: per row, `M{x} {y}h{run}` for its
/// first run and `m{gap} 0h{run}` for each next one, `x` and `y` counted
/// with the quiet zone. Pushed piece by piece: a code has hundreds of runs
/// and a site one code per record.
fn row_strokes(width: usize, colors: &[Color]) -> String {
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        // Where the last run of this row ended, once there was one.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            match pen {
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET);
                    path.push(' ');
                    push_number(&mut path, y + QUIET);
                }
                Some(end) => {
                    path.push('m');
                    push_number(&mut path, start - end);
                    path.push_str(" 0");
                }
            }
            path.push('h');
            push_number(&mut path, x - start);
            pen = Some(x);
        }
    }
    path
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
        // The finder pattern's top row: seven dark modules from (4,4), and
        // the top-right finder's seven after a gap.
        assert!(s.contains("d=\"M4 4h7m"), "{s}");
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

    /// The modules the path `d` of [`svg`] paints, read back by following
    /// its moves and lines: what a browser draws, module by module.
    fn painted(svg: &str) -> (usize, Vec<bool>) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut grid = vec![false; size * size];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        while let Some(op) = rest.chars().next() {
            rest = &rest[1..];
            let end = rest
                .find(|c: char| c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let args: Vec<usize> = rest[..end].split(' ').map(|n| n.parse().unwrap()).collect();
            rest = &rest[end..];
            match (op, args.as_slice()) {
                ('M', [ax, ay]) => (x, y) = (*ax, *ay),
                ('m', [dx, 0]) => x += dx,
                ('h', [run]) => {
                    for cell in &mut grid[y * size + x..y * size + x + run] {
                        *cell = true;
                    }
                    x += run;
                }
                _ => panic!("unexpected path command {op}{args:?} in {d}"),
            }
        }
        (size, grid)
    }

    #[test]
    fn the_path_paints_exactly_the_dark_modules() {
        let url = "https://gongkai.example.cn/disclosures/2023/dongzhuang-2023-finance-q4-0012/";
        let (width, colors) = modules(url.as_bytes()).unwrap();
        let (size, grid) = painted(&svg(url, ""));
        assert_eq!(size, width + 2 * QUIET);
        for y in 0..size {
            for x in 0..size {
                let inside =
                    (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + width).contains(&y);
                let dark = inside && colors[(y - QUIET) * width + (x - QUIET)] == Color::Dark;
                assert_eq!(grid[y * size + x], dark, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn the_drawn_code_decodes_to_the_url() {
        let url = "https://gongkai.example.cn/disclosures/2013/%E8%A5%BF%E5%85%B3%E6%9D%91/";
        let (size, grid) = painted(&svg(url, "二维码"));
        // 4 px a module, as a scanner sees the print.
        let scale = 4;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
                if grid[(y / scale) * size + x / scale] {
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
