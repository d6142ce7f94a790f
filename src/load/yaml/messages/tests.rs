//! Every error the YAML crates can give a record text, fed to the reader
//! one by one: each is said in Chinese first, with the parser's English
//! kept apart for the IT person.

use super::super::{Origin, SyntaxError, parse};
use super::*;

/// The kind of error serde-saphyr gives for `yaml`, by name: granit-parser's
/// `ErrorKind` variant, or serde-saphyr's `Error` variant.
fn kind_of(yaml: &str) -> String {
    let run = {
        let yaml = yaml.to_string();
        move || match serde_saphyr::from_str::<serde_saphyr::Spanned<fallback::Raw>>(&yaml) {
            Ok(_) => "accepted".to_string(),
            Err(e) => name(innermost(&e)),
        }
    };
    // serde-saphyr recurses once per level of nesting.
    let deep = std::thread::Builder::new().stack_size(256 << 20);
    deep.spawn(run).unwrap().join().unwrap()
}

fn name(e: &Error) -> String {
    let debug = match e {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => format!("{:?}", scan.kind()),
            other => format!("{other:?}"),
        },
        Error::DuplicateMappingKey { .. } => "DuplicateMappingKey".into(),
        Error::NonFiniteFloat { .. } => "NonFiniteFloat".into(),
        Error::MultipleDocuments { .. } => "MultipleDocuments".into(),
        Error::UnknownAnchor { .. } => "UnknownAnchor".into(),
        Error::RecursiveReferencesRequireWeakTypes { .. } => "RecursiveReferences".into(),
        Error::MergeValueNotMapOrSeqOfMaps { .. } => "MergeValueNotMapOrSeqOfMaps".into(),
        Error::Unexpected { .. } => "Unexpected".into(),
        Error::NullIntoString { .. } => "NullIntoString".into(),
        Error::InvalidScalar { .. } => "InvalidScalar".into(),
        Error::UnsupportedTag { .. } => "UnsupportedTag".into(),
        Error::TaggedScalarCannotDeserializeIntoString { .. } => "TaggedScalarIntoString".into(),
        Error::InvalidBinaryBase64 { .. } => "InvalidBinaryBase64".into(),
        Error::BinaryNotUtf8 { .. } => "BinaryNotUtf8".into(),
        Error::Budget { breach, .. } => format!("Budget {breach:?}"),
        other => format!("other: {other}"),
    };
    debug
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn error(yaml: &str) -> SyntaxError {
    let yaml = yaml.to_string();
    let run = move || parse(&yaml, Origin::default()).unwrap_err();
    let deep = std::thread::Builder::new().stack_size(256 << 20);
    deep.spawn(run).unwrap().join().unwrap()
}

/// Whether a message reads as Chinese first: it starts with a Chinese
/// phrase (or a field name in backquotes) and holds no parser English.
fn chinese_first(message: &str) -> bool {
    let message = message.strip_prefix("YAML 格式有误：").unwrap_or(message);
    let first = message.chars().next().unwrap_or(' ');
    let english_words = [
        "while ",
        "did not",
        "expected",
        "found",
        "not allowed",
        "unexpected",
    ];
    !first.is_ascii_alphabetic() && !english_words.iter().any(|w| message.contains(w))
}

/// A text that brings about each error a record text can meet, the kind the
/// crates call it, and words the message must hold.
const CASES: &[(&str, &str, &str)] = &[
    // Tabs.
    ("a: 1\n\tb: 2\n", "TabInPlainScalar", "Tab"),
    ("a: |\n\tx\n", "TabAtBlockScalarStart", "Tab"),
    ("a:\n  b: 1\n\tc: 2\n", "TabInPlainScalar", "Tab"),
    ("a:\n\t\tb\n", "TabInBlockIndentation", "Tab"),
    (
        "-\t- a\n",
        "InvalidBlockEntryWhitespace",
        "减号后面要空一格",
    ),
    // Colons, keys and indentation.
    ("title: 通知: 关于\n", "MappingValueNotAllowed", "英文引号"),
    ("a: b\n  c: d\n", "MappingValueNotAllowed", "左对齐"),
    (
        "tags:\n  - a\n  b: c\n",
        "ExpectedBlockSequenceEntry",
        "减号加空格",
    ),
    ("a: - b\n", "BlockSequenceEntryNotAllowed", "减号加空格"),
    ("a:\n  b: 1\n c: 2\n", "ExpectedBlockMappingKey", "缩进不对"),
    (
        "a: [b, c]x\n",
        "ExpectedBlockMappingKey",
        "同一行不能再有别的文字",
    ),
    ("  a: 1\n b: 2\n", "ExpectedDocumentStart", "缩进不对"),
    ("a: b\nc\n", "SimpleKeyExpected", "英文冒号和空格"),
    (
        "a: {b:[c]}\n",
        "FlowMappingValueAdjacentCollection",
        "冒号后面要空一格",
    ),
    ("a: {b\n: c}\n", "InvalidColonPlacement", "冒号的位置不对"),
    ("a: ?\n", "MappingKeyNotAllowed", "“? ”"),
    ("[a]: b\n", "Unexpected", "字段名只能是一段文字"),
    ("~: a\n", "NullIntoString", "字段名只能是一段文字"),
    ("a: 1\na: 2\n", "DuplicateMappingKey", "字段 `a` 写了两次"),
    // Brackets and commas.
    (
        "a: {b: 1, c: 2\n",
        "UnclosedFlowCollection",
        "以 { 开头的要以 } 结尾",
    ),
    (
        "tags: [a, b\n",
        "UnclosedFlowCollection",
        "以 [ 开头的要以 ] 结尾",
    ),
    ("a: [1, 2}\n", "MismatchedFlowCollectionEnd", "改成 ]"),
    ("a: {b: c]\n", "MismatchedFlowCollectionEnd", "改成 }"),
    ("{a: 1}}\n", "MisplacedFlowCollectionEnd", "多了一个"),
    (
        "a: [b: c: d]\n",
        "ExpectedFlowMappingSeparator",
        "英文逗号加空格",
    ),
    (
        "a: [[b] c]\n",
        "ExpectedFlowSequenceSeparator",
        "英文逗号加空格",
    ),
    (
        "a: [b, , c]\n",
        "UnexpectedEofImplicitFlowMapping",
        "多了一个逗号",
    ),
    ("a: ,\n", "UnexpectedEofBlockMapping", "不能以逗号开头"),
    ("a: [- b]\n", "BlockEntryInFlowCollection", "不能用“- ”开头"),
    (
        "a: [-, b]\n",
        "PlainScalarStartsWithDashFlowIndicator",
        "英文引号",
    ),
    // Quotes.
    (
        "title: \"测试\nunit: x\n",
        "UnclosedQuotedScalar",
        "引号没有配对",
    ),
    ("a: 'x\n", "UnclosedQuotedScalar", "引号没有配对"),
    (
        "title: \"测试\"说明\n",
        "InvalidTrailingDoubleQuotedScalar",
        "引号后面还有文字",
    ),
    (
        "a: 'x' y\n",
        "InvalidTrailingSingleQuotedScalar",
        "引号后面还有文字",
    ),
    (
        "a: \"x\n---\ny\"\n",
        "DocumentIndicatorInQuotedScalar",
        "以 --- 或 ... 开头",
    ),
    ("a: \"bad \\q\"\n", "UnknownQuotedScalarEscape", "反斜杠"),
    ("a: \"\\x4\"\n", "InvalidQuotedScalarHexEscape", "反斜杠"),
    (
        "a: \"\\ud800\\uzz\"\n",
        "InvalidLowSurrogateHexEscape",
        "反斜杠",
    ),
    ("a: \"\\ud800\\u0041\"\n", "InvalidLowSurrogate", "反斜杠"),
    ("a: \"\\ud800\"\n", "MissingLowSurrogate", "反斜杠"),
    ("a: \"\\udc00\"\n", "UnpairedLowSurrogate", "反斜杠"),
    ("a: \"\\U0011FFFF\"\n", "InvalidUnicodeEscape", "反斜杠"),
    // Characters YAML reserves.
    ("title: &\n", "MissingAnchorOrAliasName", "& 或 *"),
    ("a: *nope\n", "UnknownAnchor", "值以 * 开头"),
    ("x: &a [*a]\n", "RecursiveReferences", "值以 * 开头"),
    ("a: @x\n", "UnexpectedCharacter", "保留字符“@”"),
    ("a: `x\n", "UnexpectedCharacter", "保留字符“`”"),
    ("a: \"x\"#c\n", "CommentNotSeparated", "# 前面要空一格"),
    ("a: .inf\n", "NonFiniteFloat", "无穷大"),
    ("a: 1e999\n", "NonFiniteFloat", "无穷大"),
    ("<<: 5\n", "MergeValueNotMapOrSeqOfMaps", "<<"),
    // Multi-line text.
    ("a: |0\n  x\n", "ZeroBlockScalarIndent", "| 或 >"),
    ("a: | x\n  y\n", "InvalidBlockScalarHeader", "| 或 >"),
    // Documents and directives.
    (
        "a: 1\n---\nb: 2\n",
        "MultipleDocuments",
        "一个记录只写一组字段",
    ),
    ("a: 1\n... x\n", "InvalidDocumentEnd", "只写 ---"),
    ("\u{feff}a: 1\nb: \u{feff}x\n", "BomInsideDocument", "BOM"),
    (
        "%YAML 1.2\n%YAML 1.2\n---\na: 1\n",
        "DuplicateVersionDirective",
        "% 开头",
    ),
    (
        "%YAML 2.0\n---\na: 1\n",
        "UnsupportedYamlMajorVersion",
        "% 开头",
    ),
    (
        "%TAG !a! b\n%TAG !a! b\n---\na: 1\n",
        "DuplicateTagDirective",
        "% 开头",
    ),
    ("%YAML 1.x\n---\na: 1\n", "MissingYamlVersion", "% 开头"),
    (
        "%YAML 1\n---\na: 1\n",
        "MissingYamlVersionSeparator",
        "% 开头",
    ),
    ("%TAG !e\n---\na: 1\n", "ExpectedTagDirectiveBang", "! 开头"),
    ("%\n---\na: 1\n", "MissingDirectiveName", "% 开头"),
    (
        "%YAML 1.222222222222\n---\na: 1\n",
        "YamlVersionTooLong",
        "% 开头",
    ),
    (
        "%YAML 1.2 x\n---\na: 1\n",
        "InvalidDirectiveTerminator",
        "% 开头",
    ),
    (
        "a: 1\n%YAML 1.2\n---\n",
        "MissingDocumentEndBeforeDirective",
        "% 开头",
    ),
    ("%TAG e tag:x\n---\na: 1\n", "ExpectedTagBang", "! 开头"),
    (
        "%TAG !e!\n---\na: 1\n",
        "InvalidGlobalTagCharacter",
        "! 开头",
    ),
    // Tags.
    ("a: !<x\n", "UnclosedVerbatimTag", "! 开头"),
    ("a: !x!y z\n", "UndeclaredTagHandle", "! 开头"),
    ("a: !!%zz x\n", "InvalidTagEscape", "! 开头"),
    ("a: !<%80> x\n", "InvalidTagUtf8LeadingByte", "! 开头"),
    ("a: !<%C3%28> x\n", "InvalidTagUtf8TrailingByte", "! 开头"),
    ("a: !<%ED%A0%80> x\n", "InvalidTagUtf8", "! 开头"),
    ("a: !!\n", "MissingTagUri", "! 开头"),
    ("a: ![ x\n", "InvalidTagTerminator", "! 开头"),
    ("a: !!int x\n", "InvalidScalar", "! 开头"),
    ("a: !!map x\n", "UnsupportedTag", "! 开头"),
    ("a: !!timestamp x\n", "TaggedScalarIntoString", "! 开头"),
    ("a: !!binary \"***\"\n", "InvalidBinaryBase64", "! 开头"),
    ("a: !!binary \"/w==\"\n", "BinaryNotUtf8", "! 开头"),
    // Limits.
    (
        "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "Budget",
        "嵌套了太多层",
    ),
];

#[test]
fn every_error_a_record_can_meet_is_said_in_chinese_first() {
    for (yaml, kind, words) in CASES {
        assert_eq!(kind_of(yaml), *kind, "the crates call {yaml:?} otherwise");
        let e = error(yaml);
        assert!(chinese_first(&e.message), "{yaml:?}: {}", e.message);
        assert!(e.message.contains(words), "{yaml:?}: {}", e.message);
        assert!(
            !e.message.contains(UNREADABLE),
            "{yaml:?} is not explained: {}",
            e.message
        );
        let detail = e.detail.as_deref().unwrap_or("");
        assert!(
            detail.is_ascii() && !detail.is_empty(),
            "{yaml:?}: the parser's words: {e:?}"
        );
        assert!(e.span.is_some(), "{yaml:?} has no place");
    }
}

#[test]
fn the_parsers_words_leave_out_place_and_programmers_hints() {
    let e = error("a: 1\na: 2\n");
    assert_eq!(e.detail.as_deref(), Some("duplicate mapping key: a"));
    let e = error("a: [1, 2\n");
    assert_eq!(e.detail.as_deref(), Some("unclosed bracket '['"));
}

#[test]
fn a_full_width_colon_is_found_where_it_stands() {
    let yaml = "category: village\ntitle：测试通知\nunit: xiguan\n";
    let origin = Origin {
        line_offset: 1,
        byte_offset: 4,
    };
    let e = parse(yaml, origin).unwrap_err();
    assert_eq!(
        e.message,
        "字段 `title` 后面用了中文冒号“：”；请改成英文冒号加空格，写成 `title: `"
    );
    let span = e.span.unwrap();
    assert_eq!((span.line, span.col), (3, 6));
    let file = format!("---\n{yaml}");
    assert_eq!(&file[span.start..span.end], "：");
}

#[test]
fn a_full_width_comma_inside_braces_is_named() {
    // The parser says `did not find expected ',' or '}'` at the next colon.
    let yaml = "entries:\n  - { date: 2013-04-08，voucher: 记-012, item: 办公用品 }\n";
    let e = parse(yaml, Origin::default()).unwrap_err();
    assert!(e.message.starts_with("括号里用了中文逗号“，”"), "{e:?}");
    let span = e.span.unwrap();
    assert_eq!(&yaml[span.start..span.end], "，");
    assert_eq!((span.line, span.col), (2, 23));
    assert!(e.detail.unwrap().contains("did not find expected ','"));
}

#[test]
fn chinese_quotes_around_a_colon_are_named() {
    let e = parse("title: “通知: 关于春耕”\n", Origin::default()).unwrap_err();
    assert!(e.message.starts_with("中文引号“ ”在这里不算引号"), "{e:?}");
    assert_eq!(e.span.map(|s| s.col), Some(8));
}

#[test]
fn a_tab_in_the_indentation_is_named_whatever_the_parser_says() {
    // The parser calls this a missing key, at the tab.
    let e = parse("a: >\n x\n\ty\n", Origin::default()).unwrap_err();
    assert!(e.message.contains("Tab"), "{e:?}");
    assert_eq!(e.span.map(|s| (s.line, s.col)), Some((3, 1)));
}

#[test]
fn the_error_byte_agrees_with_its_line() {
    let yaml = "title: 标题\nposting: { from: 2013-07-03\n";
    let origin = Origin {
        line_offset: 1,
        byte_offset: 4,
    };
    let span = parse(yaml, origin).unwrap_err().span.unwrap();
    let file = format!("---\n{yaml}");
    let found = crate::diagnostics::Span::locate(&file, span.start, 0);
    assert_eq!((found.line, found.col), (span.line, span.col));
}

/// Every kind of granit-parser error, including those no text above brings
/// about (the parser's stricter checks that an earlier one always catches
/// first, limits serde-saphyr's own budget reaches sooner, and the input
/// adapters' failures that a text in memory never has): none is left in
/// English, and only the ones no record can meet fall back to the general
/// words.
#[test]
fn every_parser_error_kind_has_chinese_words() {
    use granit_parser::{ErrorKind as K, InputIoError};
    let explained = [
        K::TabNotAllowed,
        K::TabInIndentation,
        K::InvalidIndentation,
        K::InvalidSimpleKey,
        K::ExpectedWhitespace,
        K::CommentInterceptedScalar,
        K::InvalidBlockScalarIndent,
        K::InvalidQuotedScalarIndent,
        K::InvalidFlowScalarIndent,
        K::InvalidMappingValueWhitespace,
        K::UnexpectedEofFlowSequence,
        K::UnexpectedEofFlowMapping,
        K::UnexpectedEofBlockSequence,
        K::UnexpectedEof,
        K::ExpectedNodeContent,
        K::InvalidDirectiveName,
        K::InvalidTagDirectiveTerminator,
        K::DirectiveDisallowed,
        K::DirectiveByteLimitExceeded { limit: 1 },
        K::TooManyReservedDirectiveParams { limit: 1 },
        K::AnchorCountOverflow,
        K::UnknownAnchor,
        K::RecursionLimitExceeded,
        K::MultipleDocumentsUnsupported,
        K::UnexpectedEndOfPlainScalar,
        K::InputDecoding {
            message: "x".into(),
        },
        K::InputIo {
            error: InputIoError::from_message("x"),
        },
        K::InputByteLimitExceeded { limit: 1 },
    ];
    for kind in &explained {
        let words = scan_words(kind);
        assert!(chinese_first(&words), "{kind:?}: {words}");
        assert!(!words.contains(UNREADABLE), "{kind:?} is not explained");
    }
    let general = [
        K::ExpectedStreamStart,
        K::MissingIncludeResolver,
        K::Custom("x".into()),
        K::InputOffsetsWithoutSlice,
        K::InputSlicingUnavailable,
    ];
    for kind in &general {
        assert!(scan_words(kind).contains(UNREADABLE), "{kind:?}");
    }
}

/// serde-saphyr's budget, reached by a text far larger than any record
/// (`budget breached: Nodes {…}` was shown as it stood).
#[test]
fn a_breached_budget_is_said_in_chinese() {
    for breach in [
        BudgetBreach::Nodes { nodes: 250_001 },
        BudgetBreach::Events { events: 1_000_001 },
        BudgetBreach::ScalarBytes {
            total_scalar_bytes: 1 << 27,
        },
        BudgetBreach::Depth { depth: 65 },
        BudgetBreach::Aliases { aliases: 1 },
    ] {
        let words = too_big(&breach);
        assert!(
            chinese_first(words) && !words.contains(UNREADABLE),
            "{breach:?}: {words}"
        );
    }
}
