//! Tables of rendered Markdown, written for screen readers and phones: a
//! rewrite of pulldown-cmark's table events, made once per body.
//!
//! Markdown has no syntax for a caption, yet a screen reader user moving
//! from table to table needs each one named; and on a 360 px phone a wide
//! table must scroll inside its own box rather than drag the page sideways.
//! So every Markdown table
//!
//! * gets a caption: the nearest heading above it, else the record's title
//!   (numbered when a body has several) — read by screen readers but not
//!   shown, as the heading is already on screen;
//! * sits in the theme's `.table-scroll` box, which is a named region in the
//!   Tab order (`tabindex="0"`), so that keyboard users can scroll it too
//!   (WCAG 2.1.1);
//! * has `scope` on its header cells, and its first column as row headers
//!   unless that column is aligned right: a right-aligned column holds
//!   numbers (序号, amounts), and a number names no row;
//! * carries alignment as a class, because the sanitizer strips inline
//!   styles (they can hide or overlay content) and the stylesheet has
//!   `align-left|center|right`.
//!
//! A table pasted as raw HTML (clerks do, for spanning cells) is text to
//! pulldown-cmark: its block is put in the same named scroll box, and its
//! own markup says the rest.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// Rewrites the tables among `events`. `title` names a table that no
/// heading above it names; when it is empty too, tables get neither a
/// caption nor a scroll box, as a region must have a name.
pub(crate) fn tables<'a>(
    events: impl Iterator<Item = Event<'a>>,
    title: &str,
) -> impl Iterator<Item = Event<'a>> {
    let mut tables = Tables {
        title: title.trim().to_string(),
        ..Tables::default()
    };
    events.flat_map(move |event| tables.rewrite(event))
}

/// What the rewrite has seen so far.
#[derive(Default)]
struct Tables<'a> {
    /// The title of the record.
    title: String,
    /// The text of the last heading, once it has ended.
    heading: Option<String>,
    /// The text of the heading being read.
    reading_heading: Option<String>,
    /// How many tables came before, counting this one once it starts.
    count: usize,
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
    /// The events of a raw HTML block, held until its end shows whether
    /// it holds a table.
    html_block: Option<Vec<Event<'a>>>,
}

impl<'a> Tables<'a> {
    fn rewrite(&mut self, event: Event<'a>) -> Vec<Event<'a>> {
        if let Some(block) = &mut self.html_block {
            if event != Event::End(TagEnd::HtmlBlock) {
                block.push(event);
                return Vec::new();
            }
            return self.end_html_block(event);
        }
        let html = |s: String| vec![Event::Html(CowStr::from(s))];
        match event {
            Event::Start(Tag::Heading { .. }) => self.reading_heading = Some(String::new()),
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = &mut self.reading_heading {
                    h.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = self.reading_heading.take().unwrap_or_default();
                let text = text.trim();
                if !text.is_empty() {
                    self.heading = Some(text.to_string());
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(vec![event]);
                return Vec::new();
            }
            Event::Start(Tag::Table(alignments)) => {
                self.alignments = alignments;
                self.count += 1;
                return html(self.open_table());
            }
            Event::Start(Tag::TableHead) => {
                (self.in_head, self.cell) = (true, 0);
                return html("<thead><tr>".into());
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                return html("</tr></thead><tbody>\n".into());
            }
            Event::Start(Tag::TableRow) => {
                self.cell = 0;
                return html("<tr>".into());
            }
            Event::End(TagEnd::TableRow) => return html("</tr>\n".into()),
            Event::Start(Tag::TableCell) => return html(self.open_cell()),
            Event::End(TagEnd::TableCell) => {
                let end = if self.is_header_cell() {
                    "</th>"
                } else {
                    "</td>"
                };
                self.cell += 1;
                return html(end.into());
            }
            Event::End(TagEnd::Table) => {
                let close = if self.name().is_some() { "</div>" } else { "" };
                return html(format!("</tbody></table>{close}\n"));
            }
            _ => {}
        }
        vec![event]
    }

    /// The name of the table just started: the heading above it, else the
    /// title, numbered from the second table on.
    fn name(&self) -> Option<String> {
        match &self.heading {
            Some(heading) => Some(heading.clone()),
            None if self.title.is_empty() => None,
            None if self.count > 1 => Some(format!("{}（表{}）", self.title, self.count)),
            None => Some(self.title.clone()),
        }
    }

    fn open_table(&self) -> String {
        match self.name() {
            Some(name) => format!(
                "{}<table><caption class=\"visually-hidden\">{}</caption>",
                scroll_box(&name),
                super::escape_text(&name)
            ),
            None => "<table>".into(),
        }
    }

    /// Whether the current cell is a header: every cell of the head, and
    /// the first of a body row unless its column holds numbers.
    fn is_header_cell(&self) -> bool {
        self.in_head || (self.cell == 0 && self.alignments.first() != Some(&Alignment::Right))
    }

    fn open_cell(&self) -> String {
        let class = align_class(self.alignments.get(self.cell));
        match (self.in_head, self.is_header_cell()) {
            (true, _) => format!("<th scope=\"col\"{class}>"),
            (false, true) => format!("<th scope=\"row\"{class}>"),
            (false, false) => format!("<td{class}>"),
        }
    }

    /// Gives back a held raw HTML block, in a scroll box if it has a table.
    fn end_html_block(&mut self, end: Event<'a>) -> Vec<Event<'a>> {
        let mut block = self.html_block.take().unwrap_or_default();
        block.push(end);
        let has_table = block.iter().any(|e| match e {
            Event::Html(h) => h.to_ascii_lowercase().contains("<table"),
            _ => false,
        });
        if !has_table {
            return block;
        }
        self.count += 1;
        let Some(name) = self.name() else {
            return block;
        };
        let mut out = Vec::with_capacity(block.len() + 2);
        out.push(Event::Html(CowStr::from(scroll_box(&name))));
        out.extend(block);
        out.push(Event::Html(CowStr::Borrowed("</div>\n")));
        out
    }
}

/// The opening tag of a table's scroll box, named `name`.
fn scroll_box(name: &str) -> String {
    format!(
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        super::escape_attr(name)
    )
}

/// The class attribute for a column alignment, empty when unaligned.
fn align_class(alignment: Option<&Alignment>) -> &'static str {
    match alignment {
        Some(Alignment::Left) => " class=\"align-left\"",
        Some(Alignment::Center) => " class=\"align-center\"",
        Some(Alignment::Right) => " class=\"align-right\"",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use crate::render::markdown::{Placement, render_on};

    fn html(markdown: &str, title: &str) -> String {
        render_on(
            markdown,
            &Placement {
                root: "",
                title,
                source: "",
            },
        )
        .html
    }

    #[test]
    fn a_table_is_named_by_the_heading_above_and_scrolls_in_a_named_region() {
        let out = html("## 补助*标准*\n\n如下：\n\n| a |\n|---|\n| 1 |\n", "标题");
        assert_eq!(
            out,
            "<h2 id=\"补助标准\">补助<em>标准</em></h2>\n<p>如下：</p>\n\
             <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"补助标准\">\
             <table><caption class=\"visually-hidden\">补助标准</caption>\
             <thead><tr><th scope=\"col\">a</th></tr></thead><tbody>\n\
             <tr><th scope=\"row\">1</th></tr>\n</tbody></table></div>\n"
        );
    }

    #[test]
    fn without_a_heading_the_title_names_each_table_in_turn() {
        let out = html(
            "| a |\n|---|\n| 1 |\n\n段\n\n| b |\n|---|\n| 2 |\n",
            "A&B\"",
        );
        assert!(
            out.contains("aria-label=\"A&amp;B&quot;\"><table><caption class=\"visually-hidden\">A&amp;B\"</caption>"),
            "{out}"
        );
        assert!(
            out.contains("<caption class=\"visually-hidden\">A&amp;B\"（表2）</caption>"),
            "{out}"
        );
    }

    #[test]
    fn a_right_aligned_first_column_holds_numbers_not_row_headers() {
        let out = html(
            "| 序号 | 户主 | 金额 |\n|---:|---|---:|\n| 1 | 郭某某 | 640 |\n",
            "t",
        );
        assert!(
            out.contains(
                "<th scope=\"col\" class=\"align-right\">序号</th><th scope=\"col\">户主</th>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<tr><td class=\"align-right\">1</td><td>郭某某</td><td class=\"align-right\">640</td></tr>"),
            "{out}"
        );
    }

    #[test]
    fn a_raw_html_table_scrolls_in_a_named_region_too() {
        let out = html(
            "## 收支\n\n<table><tr><td rowspan=\"2\">收入</td></tr></table>\n\n<p>无表</p>\n",
            "t",
        );
        assert!(
            out.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"收支\"><table>"),
            "{out}"
        );
        assert_eq!(out.matches("table-scroll").count(), 1, "{out}");
    }

    #[test]
    fn raw_html_keeps_the_table_attributes_only_with_their_own_values() {
        let out = html(
            "<div class=\"table-scroll x\" tabindex=\"5\" role=\"button\" aria-label=\"框\">\
             <table><tr><th scope=\"row\">甲</th><th scope=\"all\">乙</th></tr></table></div>",
            "",
        );
        assert!(
            out.contains("<div class=\"table-scroll\" aria-label=\"框\">"),
            "{out}"
        );
        assert!(
            out.contains("<th scope=\"row\">甲</th><th>乙</th>"),
            "{out}"
        );
    }

    #[test]
    fn text_without_tables_is_unchanged() {
        assert_eq!(html("无表", "t"), "<p>无表</p>\n");
    }

    #[test]
    fn without_a_name_a_table_gets_headers_but_no_region() {
        let out = html("| a |\n|---|\n| 1 |\n", "");
        assert!(
            out.starts_with("<table><thead><tr><th scope=\"col\">a</th>"),
            "{out}"
        );
        assert!(
            !out.contains("table-scroll") && !out.contains("caption"),
            "{out}"
        );
    }
}
