//! Accessibility fixes to rendered Markdown, made once per body.
//!
//! Markdown has no syntax for a table caption, yet a screen reader user
//! moving from table to table needs each one named, and on a 360 px phone a
//! wide table must scroll inside its own box rather than drag the page
//! sideways. So every table of a body that has no caption gets one — the
//! nearest heading above it, else the record's title — read by screen
//! readers but not shown (the heading is already on screen), and every
//! table is wrapped in the theme's `.table-scroll` box.

/// Captions and scroll boxes for the tables of a sanitized body.
pub fn tables(html: &str, title: &str) -> String {
    if !html.contains("<table") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 200);
    let mut rest = html;
    let mut heading: Option<String> = None;
    let mut count = 0;
    while let Some(at) = rest.find("<table") {
        let (before, from) = rest.split_at(at);
        if let Some(h) = last_heading(before) {
            heading = Some(h);
        }
        out.push_str(before);
        let Some(open_end) = from.find('>') else {
            out.push_str(from);
            return out;
        };
        let Some(close) = from.find("</table>") else {
            out.push_str(from);
            return out;
        };
        let (open, inner) = from[..close].split_at(open_end + 1);
        count += 1;
        out.push_str("<div class=\"table-scroll\">");
        out.push_str(open);
        if !inner.trim_start().starts_with("<caption") {
            let name = heading.clone().unwrap_or_else(|| super::escape_text(title));
            let name = if count > 1 && heading.is_none() {
                format!("{name}（表{count}）")
            } else {
                name
            };
            out.push_str(&format!(
                "<caption class=\"visually-hidden\">{name}</caption>"
            ));
        }
        out.push_str(inner);
        out.push_str("</table></div>");
        rest = &from[close + "</table>".len()..];
    }
    out.push_str(rest);
    out
}

/// The text of the last heading in `html`, markup removed.
fn last_heading(html: &str) -> Option<String> {
    let mut found = None;
    for level in 1..=6 {
        let open = format!("<h{level}");
        let close = format!("</h{level}>");
        if let Some(start) = html.rfind(&open) {
            let Some(end) = html[start..].find(&close) else {
                continue;
            };
            let inner = &html[start..start + end];
            let Some(gt) = inner.find('>') else {
                continue;
            };
            if found.as_ref().is_none_or(|(s, _)| start > *s) {
                found = Some((start, strip_tags(&inner[gt + 1..])));
            }
        }
    }
    found.map(|(_, text)| text).filter(|t| !t.trim().is_empty())
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_get_the_heading_above_as_caption_and_a_scroll_box() {
        let html = "<h2 id=\"a\">补助<em>标准</em></h2>\n<p>如下：</p><table><thead><tr><th>a</th></tr></thead><tbody></tbody></table>\n";
        assert_eq!(
            tables(html, "标题"),
            "<h2 id=\"a\">补助<em>标准</em></h2>\n<p>如下：</p><div class=\"table-scroll\"><table><caption class=\"visually-hidden\">补助标准</caption><thead><tr><th>a</th></tr></thead><tbody></tbody></table></div>\n"
        );
    }

    #[test]
    fn without_a_heading_the_title_names_each_table() {
        let html = "<table><tr><td>1</td></tr></table><table><caption>自有</caption><tr><td>2</td></tr></table>";
        let out = tables(html, "A&B");
        assert!(
            out.contains("<caption class=\"visually-hidden\">A&amp;B</caption>"),
            "{out}"
        );
        assert!(out.contains("<table><caption>自有</caption>"), "{out}");
        assert_eq!(out.matches("table-scroll").count(), 2);
    }

    #[test]
    fn text_without_tables_is_unchanged() {
        assert_eq!(tables("<p>无表</p>", "t"), "<p>无表</p>");
    }
}
