//! Splitting a Markdown record into its YAML front matter and its body.
//!
//! Front matter is the YAML between a first line `---` and the next line
//! that is `---` (or `...`). We keep where each part starts in the file so
//! that every span still points at the right line.

use super::yaml::Origin;
use crate::domain::Invalid;

/// The two parts of a record file.
#[derive(Debug, PartialEq)]
pub(crate) struct Split<'a> {
    pub(crate) yaml: &'a str,
    pub(crate) origin: Origin,
    pub(crate) body: &'a str,
    /// 1-based line of the file where the body starts.
    pub(crate) body_line: u32,
    /// Byte offset of the body in the file.
    pub(crate) body_offset: usize,
}

/// Splits `text`; the error says what is missing, in the clerk's words.
pub(crate) fn split(text: &str) -> Result<Split<'_>, Invalid> {
    let mut lines = line_starts(text);
    let Some((0, first)) = lines.next() else {
        return Err(Invalid("文件是空的：缺少以 --- 开头的字段区".to_string()));
    };
    if first.trim_end() != "---" {
        return Err(Invalid("文件开头缺少字段区：第一行应为 ---".to_string()));
    }
    let yaml_start = first.len();
    for (line_index, (start, line)) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = start + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..start],
                origin: Origin {
                    line_offset: 1,
                    byte_offset: yaml_start,
                },
                body: &text[body_start..],
                // The opening line, the YAML lines, the closing line.
                body_line: line_index as u32 + 3,
                body_offset: body_start,
            });
        }
    }
    Err(Invalid(
        "字段区没有结束：缺少第二行 ---（字段区以 --- 开始，也以 --- 结束）".to_string(),
    ))
}

/// Each line with the byte offset it starts at, line endings included.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields_from_body() {
        let text = "---\ntitle: 标题\nunit: x\n---\n正文第一行\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: 标题\nunit: x\n");
        assert_eq!(s.body, "正文第一行\n");
        assert_eq!(s.body_line, 5);
        assert_eq!(s.origin.byte_offset, 4);
    }

    #[test]
    fn windows_line_endings_work() {
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn missing_parts_are_explained() {
        assert!(
            split("title: a\n")
                .unwrap_err()
                .0
                .contains("第一行应为 ---")
        );
        assert!(split("---\ntitle: a\n").unwrap_err().0.contains("没有结束"));
        assert!(split("").is_err());
    }
}
