//! Joining the clerk's text to the template's own punctuation.
//!
//! A template writes “意见：{{ opinion }}。”, and a clerk writes the opinion
//! as a sentence, “同意公开。”. Printed side by side that is “同意公开。。”,
//! which reads as a typing mistake on a government page. [`end_with`] lets
//! the field's own ending and the template's mark become one.

/// Marks the template's own mark may take the place of: a field ending in
/// one of these and followed by 。，；：、 keeps only the template's mark.
const REPLACEABLE: &[char] = &['。', '，', '；', '：', '、', '.', ',', ';', ':'];

/// Marks that end a sentence more strongly than 。 and are the clerk's
/// meaning: the template's mark after them is dropped.
const STRONG_ENDS: &[char] = &['！', '？', '…', '!', '?'];

/// Closing quotes and brackets: in “他说：“同意。”” the sentence ends inside.
const CLOSERS: &[char] = &['”', '’', '」', '』', '"', '\''];

/// `text` followed by the template's `mark`, without doubling the
/// punctuation where they meet: “同意公开。” + 。 is “同意公开。”,
/// “同意公开。” + ， is “同意公开，”, “是否同意？” + 。 stays as it is, and so
/// does ““同意。”” + 。. Trailing spaces are dropped; a mark that is not
/// punctuation is simply appended.
pub(crate) fn end_with(text: &str, mark: &str) -> String {
    let text = text.trim_end();
    let is_mark = mark.chars().count() == 1 && mark.chars().all(|m| REPLACEABLE.contains(&m));
    if !is_mark {
        return format!("{text}{mark}");
    }
    if ends_strongly(text) {
        return text.to_string();
    }
    match text.chars().next_back() {
        Some(last) if REPLACEABLE.contains(&last) => {
            format!("{}{mark}", &text[..text.len() - last.len_utf8()])
        }
        _ => format!("{text}{mark}"),
    }
}

/// Whether `text` ends with ！？…, or with any sentence end inside closing
/// quotes (“同意公开。”), which a mark after it would only clutter.
fn ends_strongly(text: &str) -> bool {
    let inner = text.trim_end_matches(CLOSERS);
    let quoted = inner.len() < text.len();
    inner
        .chars()
        .next_back()
        .is_some_and(|c| STRONG_ENDS.contains(&c) || (quoted && REPLACEABLE.contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::end_with;

    #[test]
    fn a_full_stop_is_not_doubled() {
        assert_eq!(end_with("同意公开。", "。"), "同意公开。");
        assert_eq!(end_with("同意公开", "。"), "同意公开。");
        assert_eq!(end_with("同意公开。 ", "。"), "同意公开。");
    }

    #[test]
    fn a_weaker_mark_replaces_the_fields_own() {
        assert_eq!(end_with("同意公开。", "，"), "同意公开，");
        assert_eq!(end_with("同意公开；", "。"), "同意公开。");
        assert_eq!(end_with("收支真实，", "："), "收支真实：");
        assert_eq!(end_with("同意公开.", "。"), "同意公开。");
    }

    #[test]
    fn question_and_exclamation_are_kept_and_the_mark_dropped() {
        assert_eq!(end_with("是否同意？", "。"), "是否同意？");
        assert_eq!(end_with("同意！", "。"), "同意！");
        assert_eq!(end_with("同意！", "，"), "同意！");
    }

    #[test]
    fn a_sentence_inside_quotes_is_already_ended() {
        assert_eq!(end_with("“同意公开。”", "。"), "“同意公开。”");
        assert_eq!(end_with("“同意公开”", "。"), "“同意公开”。");
        assert_eq!(end_with("（已核实）", "。"), "（已核实）。");
        assert_eq!(end_with("“同意公开。”", "，"), "“同意公开。”");
    }

    #[test]
    fn text_that_is_not_a_mark_is_appended() {
        assert_eq!(end_with("同意公开。", "等"), "同意公开。等");
    }

    #[test]
    fn empty_text_gives_the_mark_alone() {
        assert_eq!(end_with("", "。"), "。");
        assert_eq!(end_with("  ", "，"), "，");
    }
}
