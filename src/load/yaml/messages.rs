//! Parser errors in the clerk's words.
//!
//! Every error the YAML crates can give is said here in Chinese, first what
//! is wrong and then what to write instead; the parser's English follows on
//! a later line of the report, for the IT person. The errors are matched by
//! their kind (granit-parser's [`ErrorKind`], serde-saphyr's [`Error`]
//! variants), never by their English text, which may change between
//! versions.
//!
//! Some slips are best found by looking at the line itself, because the
//! parser only notices them later or says something beside the point: a
//! field typed with the full-width colon `：`, a full-width comma `，` inside
//! `{ }` or `[ ]`, Chinese quotation marks used as quotes, and a Tab in the
//! indentation.

use super::{Origin, SyntaxError, fallback};
use crate::diagnostics::Span;
use granit_parser::ErrorKind;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error, ExternalMessageSource};
use std::borrow::Cow;

/// The parser's error `e` on `yaml` (which starts at `origin` in its file),
/// placed in the file and explained.
pub(super) fn syntax_error(e: &Error, yaml: &str, origin: Origin) -> SyntaxError {
    let span = e.location().map(|loc| fallback::place(&loc, yaml, origin));
    let detail = Some(parser_words(e));
    if let Some(error_line) = span.map(|s| s.line - origin.line_offset)
        && let Some(slip) = slip_on_the_lines(yaml, error_line, origin, e)
    {
        return SyntaxError { detail, ..slip };
    }
    SyntaxError {
        span,
        message: explain(e).into_owned(),
        detail,
    }
}

/// The parser's own words, for the IT person: its first line, without the
/// place (the report gives it) and without hints meant for programmers
/// using the crate.
fn parser_words(e: &Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let first = match first.rfind(" at line ") {
        Some(at) => &first[..at],
        None => first,
    };
    [", set ", "; use "]
        .iter()
        .filter_map(|hint| first.find(hint))
        .min()
        .map_or(first, |at| &first[..at])
        .to_string()
}

/// The error an alias or a snippet wraps.
fn innermost(e: &Error) -> &Error {
    match e.without_snippet() {
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// What is wrong and what to write instead, by the kind of error.
fn explain(e: &Error) -> Cow<'static, str> {
    let words: Cow<'static, str> = match innermost(e) {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => return scan_words(scan.kind()),
            _ => Cow::Borrowed(UNREADABLE),
        },
        Error::DuplicateMappingKey { key, .. } => {
            return match key {
                Some(key) => format!("字段 `{key}` 写了两次；删去其中一个").into(),
                None => "同一个字段写了两次；删去其中一个".into(),
            };
        }
        Error::NonFiniteFloat { value, .. } => format!(
            "“{value}”会被读成无穷大或“不是数”，记录里不能这样写：数字写阿拉伯数字；若是文字，请加英文引号，写成 \"{value}\""
        )
        .into(),
        Error::MultipleDocuments { .. } => {
            "一行 --- 或 ... 之后又有内容：一个记录只写一组字段；删去这一行，或删去它后面的内容"
                .into()
        }
        Error::Eof { .. } => "文件在这里意外结束：检查引号和括号是否都已配对".into(),
        Error::UnknownAnchor { .. }
        | Error::RecursiveReferencesRequireWeakTypes { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => ALIAS.into(),
        Error::MergeValueNotMapOrSeqOfMaps { .. } | Error::MergeKeyNotAllowed { .. } => {
            "字段名 << 是 YAML 的合并写法，记录里用不到它：删去这一行；若是文字，请加英文引号，写成 \"<<\"".into()
        }
        Error::Unexpected { .. }
        | Error::NullIntoString { .. }
        | Error::SerdeInvalidType { .. }
        | Error::UnexpectedContainerEndWhileReadingKeyNode { .. } => {
            "字段名只能是一段文字，不能是空的，也不能是 [ ] 或 { }：写成 `名称: 值`；名称恰好是 null 或 ~ 时加英文引号".into()
        }
        Error::InvalidScalar { .. }
        | Error::UnsupportedTag { .. }
        | Error::TaggedScalarCannotDeserializeIntoString { .. }
        | Error::InvalidBinaryBase64 { .. }
        | Error::BinaryNotUtf8 { .. }
        | Error::BytesNotSupportedMissingBinaryTag { .. } => TAG.into(),
        Error::Budget { breach, .. } => too_big(breach).into(),
        Error::InvalidUtf8Input | Error::IOError { .. } => {
            "文件不是 UTF-8 编码：用记事本打开，“另存为”，编码选 UTF-8".into()
        }
        Error::FoldedBlockScalarMustIndentContent { .. } => BLOCK_TEXT.into(),
        _ => UNREADABLE.into(),
    };
    format!("YAML 格式有误：{words}").into()
}

/// A text the YAML crates refuse for a reason no record runs into.
const UNREADABLE: &str = "这里的写法 gongkai 读不懂：检查这一行和上一行的冒号、引号、括号和缩进；值里有特殊符号时把整个值用英文引号括起来";

const ALIAS: &str = "值以 * 开头，会被当作引用别处（& 锚点）的内容，记录里用不到这种写法：直接写出值；若是文字，请把整个值用英文引号括起来，如 \"*重点\"";

const TAG: &str = "值以 ! 开头，会被当作 YAML 的类型标签（如 !!int），记录里用不到：删去标签；若是文字，请把整个值用英文引号括起来，如 \"!重要\"";

const TAB: &str = "这一行用了 Tab 键：YAML 只认空格，请把 Tab 换成空格（每层缩进两个空格）";

const BLOCK_TEXT: &str =
    "| 或 > 下面的多行文字缩进不对：每一行都比字段名多缩进两个空格，并且左边对齐";

const DIRECTIVE: &str =
    "以 % 开头的行是 YAML 的指令，记录里用不到：删去这一行；若是文字，请把整个值用英文引号括起来";

const QUOTE_ESCAPE: &str = "英文双引号里的反斜杠 \\ 有特殊含义，这里的写法不对：要写反斜杠本身就写两个 \\\\，或者改用英文单引号 ' 括起来";

const EMPTY_ITEM: &str =
    "括号里多了一个逗号，或两个逗号之间什么也没写：删去多余的逗号，如 [通知, 财务]";

/// What a granit-parser error means for someone writing records by hand.
fn scan_words(kind: &ErrorKind) -> Cow<'static, str> {
    use ErrorKind as K;
    let words: Cow<'static, str> = match kind {
        K::TabNotAllowed
        | K::TabInBlockIndentation
        | K::TabInIndentation
        | K::TabInPlainScalar
        | K::TabAtBlockScalarStart => TAB.into(),
        K::MappingValueNotAllowed => {
            "冒号用得不对：每个字段单独一行，和上一行左对齐，字段名后用英文冒号加空格；\
             值里有“冒号加空格”时把整个值用英文引号括起来，如 title: \"通知: 关于……\""
                .into()
        }
        K::ExpectedBlockSequenceEntry | K::BlockSequenceEntryNotAllowed => {
            "列表的写法不对：每一项另起一行，以“- ”（减号加空格）开头，比字段名多缩进两个空格，各项左对齐".into()
        }
        K::ExpectedBlockMappingKey | K::InvalidIndentation | K::ExpectedDocumentStart => {
            "缩进不对：同一层的字段要左对齐，下一层的字段比上一层多缩进两个空格；一个值写完后，同一行不能再有别的文字".into()
        }
        K::SimpleKeyExpected | K::InvalidSimpleKey => {
            "这一行既不是“字段: 值”，也不是上一个值的续行：字段名后面加英文冒号和空格；若是上一行文字的续行，就比字段名多缩进两个空格".into()
        }
        K::InvalidMappingValueWhitespace | K::FlowMappingValueAdjacentCollection => {
            "冒号后面要空一格：写成 `字段: 值`".into()
        }
        K::InvalidColonPlacement => {
            "冒号的位置不对：字段名和冒号写在同一行，如 { date: 2013-04-08 }".into()
        }
        K::ExpectedFlowMappingSeparator => {
            "花括号 { } 里的各项要用英文逗号加空格分开，最后以 } 结尾，如 { date: 2013-04-08, item: 办公用品 }；值里有逗号或冒号时把整个值用英文引号括起来".into()
        }
        K::ExpectedFlowSequenceSeparator => {
            "方括号 [ ] 里的各项要用英文逗号加空格分开，最后以 ] 结尾，如 [通知, 财务]".into()
        }
        K::UnclosedFlowCollection { open } => format!(
            "括号没有配对：以 {open} 开头的要以 {} 结尾，如 tags: [通知, 财务]",
            closing(*open)
        )
        .into(),
        K::MismatchedFlowCollectionEnd { open, close } => format!(
            "括号没有配对：以 {open} 开头，却以 {close} 结尾；改成 {}",
            closing(*open)
        )
        .into(),
        K::MisplacedFlowCollectionEnd => {
            "多了一个 ] 或 }：删去它，或在前面补上对应的 [ 或 {；若是文字，请把整个值用英文引号括起来".into()
        }
        K::UnexpectedEofImplicitFlowMapping
        | K::UnexpectedEofFlowSequence
        | K::UnexpectedEofFlowMapping
        | K::ExpectedNodeContent => EMPTY_ITEM.into(),
        K::UnexpectedEofBlockMapping
        | K::UnexpectedEofBlockSequence
        | K::UnexpectedEof
        | K::UnexpectedEndOfPlainScalar => {
            "值不能以逗号开头，文件也不能在一个值的中间结束：值里有逗号时把整个值用英文引号括起来".into()
        }
        K::BlockEntryInFlowCollection => {
            "方括号或花括号里不能用“- ”开头：写成 [甲, 乙]，或者不用括号，每项一行、以“- ”开头".into()
        }
        K::InvalidBlockEntryWhitespace => "减号后面要空一格（用空格，不用 Tab）：写成“- 甲”".into(),
        K::PlainScalarStartsWithDashFlowIndicator => {
            "值以减号开头又紧跟逗号或括号：请把整个值用英文引号括起来，如 \"-\"".into()
        }
        K::MappingKeyNotAllowed => {
            "“? ”是 YAML 的特殊写法，记录里用不到：若是文字，请把整个值用英文引号括起来".into()
        }
        K::UnclosedQuotedScalar => {
            "引号没有配对：值以英文引号开头，结尾也要有同样的引号".into()
        }
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => {
            "引号后面还有文字：要么整个值都放在引号里，要么不用引号".into()
        }
        K::InvalidQuotedScalarIndent | K::InvalidFlowScalarIndent => {
            "换行接着写的内容缩进不够：续行比字段名多缩进两个空格，或者写在同一行".into()
        }
        K::DocumentIndicatorInQuotedScalar => {
            "引号里的文字中有一行以 --- 或 ... 开头，会被当作字段区的结束：把引号在这之前闭合，或改写这一行".into()
        }
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => QUOTE_ESCAPE.into(),
        K::MissingAnchorOrAliasName | K::UnknownAnchor | K::AnchorCountOverflow => {
            "值以 & 或 * 开头，会被当作 YAML 的特殊写法：请把整个值用英文引号括起来，如 \"&重点\"".into()
        }
        K::UnexpectedCharacter { character } => format!(
            "值以 YAML 的保留字符“{character}”开头：请把整个值用英文引号括起来，如 \"{character}……\""
        )
        .into(),
        K::CommentNotSeparated | K::ExpectedWhitespace => {
            "# 前面要空一格：# 后面的内容是注释；文字里有 # 时把整个值用英文引号括起来".into()
        }
        K::CommentInterceptedScalar => {
            "多行文字中间夹了一行以 # 开头的注释：删去注释行，或把整个值用英文引号括起来".into()
        }
        K::InvalidBlockScalarIndent => BLOCK_TEXT.into(),
        K::ZeroBlockScalarIndent | K::InvalidBlockScalarHeader => {
            "| 或 > 后面同一行不能再写文字：文字从下一行开始，比字段名多缩进两个空格".into()
        }
        K::BomInsideDocument => {
            "这里有一个看不见的字节顺序标记（BOM），多半是从别的文件复制来的：删去这一行重新输入".into()
        }
        K::InvalidDocumentEnd => "--- 或 ... 这一行后面不能再有文字：这一行只写 ---".into(),
        K::MultipleDocumentsUnsupported => {
            "一行 --- 或 ... 之后又有内容：一个记录只写一组字段；删去这一行，或删去它后面的内容".into()
        }
        K::RecursionLimitExceeded => too_deep().into(),
        K::ExpectedTagBang
        | K::ExpectedTagDirectiveBang
        | K::InvalidGlobalTagCharacter
        | K::InvalidTagTerminator
        | K::InvalidTagDirectiveTerminator
        | K::MissingTagUri
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape
        | K::InvalidTagUtf8LeadingByte
        | K::InvalidTagUtf8TrailingByte
        | K::InvalidTagUtf8
        | K::UndeclaredTagHandle => TAG.into(),
        K::DuplicateVersionDirective
        | K::UnsupportedYamlMajorVersion
        | K::DuplicateTagDirective
        | K::MissingDocumentEndBeforeDirective
        | K::InvalidDirectiveTerminator
        | K::DirectiveDisallowed
        | K::MissingYamlVersionSeparator
        | K::MissingDirectiveName
        | K::InvalidDirectiveName
        | K::DirectiveByteLimitExceeded { .. }
        | K::TooManyReservedDirectiveParams { .. }
        | K::YamlVersionTooLong
        | K::MissingYamlVersion => DIRECTIVE.into(),
        K::InputDecoding { .. } | K::InputIo { .. } => {
            "文件不是 UTF-8 编码：用记事本打开，“另存为”，编码选 UTF-8".into()
        }
        K::InputByteLimitExceeded { .. } => {
            "文件太大：一个记录文件应当简短，请拆成几个文件".into()
        }
        // Parser stacks, includes, the stream's own start and the input
        // adapters' internal errors: nothing a record text can bring about.
        _ => UNREADABLE.into(),
    };
    format!("YAML 格式有误：{words}").into()
}

/// The bracket that closes `open`.
fn closing(open: char) -> char {
    match open {
        '[' => ']',
        '{' => '}',
        other => other,
    }
}

fn too_deep() -> &'static str {
    "括号或缩进嵌套了太多层（超过 60 层）：记录用不到这么多层，检查是否有括号没有闭合"
}

/// serde-saphyr's limits on a text, in the clerk's words.
fn too_big(breach: &BudgetBreach) -> &'static str {
    match breach {
        BudgetBreach::Depth { .. } => too_deep(),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::MergeKeys { .. } => ALIAS,
        _ => {
            "字段区太大（超过二十五万个值或 64 MB 文字），gongkai 不读这样的文件：一个记录文件应当简短，请拆成几个文件；指标数据多时写在 csv 文件里"
        }
    }
}

// ------------------------------------------------------- slips on the line

/// A slip found by looking at the failing line and the two before it.
fn slip_on_the_lines(
    yaml: &str,
    error_line: u32,
    origin: Origin,
    e: &Error,
) -> Option<SyntaxError> {
    let first = error_line.saturating_sub(2).max(1);
    let lines = || {
        let mut start = 0;
        (1..).zip(yaml.split_inclusive('\n')).map(move |(n, line)| {
            let at = start;
            start += line.len();
            (n, at, line)
        })
    };
    let near = || {
        lines()
            .skip(first as usize - 1)
            .take((error_line - first + 1) as usize)
    };
    if let Some(found) = near().find_map(|(n, at, line)| full_width_colon(n, at, line, origin)) {
        return Some(found);
    }
    let (n, at, line) = lines().nth(error_line as usize - 1)?;
    let found = full_width_comma(n, at, line, origin)
        .or_else(|| chinese_quotes(n, at, line, origin, e))
        .or_else(|| tab_indent(n, at, line, origin));
    // A Tab that indents the next line is often blamed on the end of this
    // one, where the parser took it for more of the same text.
    found.or_else(|| {
        let (n, at, line) = lines().nth(error_line as usize)?;
        tab_indent(n, at, line, origin)
    })
}

/// The place of `len` bytes at byte `at` of `line`, which is line `n` of the
/// YAML text and starts at byte `line_start` of it.
fn place_in_line(
    n: u32,
    line_start: usize,
    line: &str,
    at: usize,
    len: usize,
    origin: Origin,
) -> Span {
    Span {
        line: origin.line_offset + n,
        col: line[..at].chars().count() as u32 + 1,
        start: origin.byte_offset + line_start + at,
        end: origin.byte_offset + line_start + at + len,
    }
}

/// A field written with the Chinese full-width colon (`title：通知`), the
/// commonest slip of a Chinese input method. YAML reads that line as plain
/// text and fails only at a later line, so the parser's message points at
/// the wrong place.
fn full_width_colon(n: u32, line_start: usize, line: &str, origin: Origin) -> Option<SyntaxError> {
    let indent = line.len() - line.trim_start().len();
    let field = &line[indent..];
    let key_len = field
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(field.len());
    if key_len == 0 || !field[key_len..].starts_with('：') {
        return None;
    }
    let key = &field[..key_len];
    Some(SyntaxError {
        span: Some(place_in_line(
            n,
            line_start,
            line,
            indent + key_len,
            '：'.len_utf8(),
            origin,
        )),
        message: format!("字段 `{key}` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `{key}: `"),
        detail: None,
    })
}

/// A full-width comma `，` inside `{ }` or `[ ]`, where the items must be
/// parted by the English comma.
fn full_width_comma(n: u32, line_start: usize, line: &str, origin: Origin) -> Option<SyntaxError> {
    let open = line.find(['{', '['])?;
    let at = open + line[open..].find('，')?;
    Some(SyntaxError {
        span: Some(place_in_line(n, line_start, line, at, '，'.len_utf8(), origin)),
        message: "括号里用了中文逗号“，”：各项之间用英文逗号加空格分开，如 { date: 2013-04-08, item: 办公用品 }；若逗号是文字的一部分，请把这个值用英文引号括起来".to_string(),
        detail: None,
    })
}

/// Chinese quotation marks around a value holding a colon: they are text to
/// YAML, not quotes, so the colon inside splits the field.
fn chinese_quotes(
    n: u32,
    line_start: usize,
    line: &str,
    origin: Origin,
    e: &Error,
) -> Option<SyntaxError> {
    let parser_error = match innermost(e) {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => Some(scan.kind()),
            _ => None,
        },
        _ => None,
    };
    if !matches!(parser_error, Some(ErrorKind::MappingValueNotAllowed)) {
        return None;
    }
    let at = line.find(['“', '”'])?;
    Some(SyntaxError {
        span: Some(place_in_line(n, line_start, line, at, '“'.len_utf8(), origin)),
        message: "中文引号“ ”在这里不算引号，值里的冒号把字段拆开了：请用英文引号括起整个值，如 title: \"“通知: 关于……”\"".to_string(),
        detail: None,
    })
}

/// A Tab in the indentation of the failing line, whatever the parser made
/// of it.
fn tab_indent(n: u32, line_start: usize, line: &str, origin: Origin) -> Option<SyntaxError> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let at = indent.find('\t')?;
    Some(SyntaxError {
        span: Some(place_in_line(n, line_start, line, at, 1, origin)),
        message: format!("YAML 格式有误：{TAB}"),
        detail: None,
    })
}

#[cfg(test)]
mod tests;
