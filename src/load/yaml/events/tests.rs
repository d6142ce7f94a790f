//! The event reader held to the serde reader: on hand-written texts, the
//! example site, random texts and edited records, it builds serde's tree or
//! hands the text over.

use super::super::fallback;
use super::super::{SyntaxError, parse};
use super::*;

fn tree(yaml: &str) -> Node {
    parse(yaml, Origin::default()).unwrap()
}

/// Holds the event reader to the serde reader on `yaml`: the same tree
/// whenever it builds one, and a hand-over whenever serde-saphyr refuses
/// the text. Returns whether the event reader built the tree.
fn agrees_at(yaml: &str, origin: Origin) -> bool {
    let slow = fallback::parse(yaml, origin);
    match read(yaml, origin) {
        Some(fast) => {
            assert_eq!(Ok(&fast), slow.as_ref(), "the readers differ on {yaml:?}");
            true
        }
        None => false,
    }
}

fn agrees(yaml: &str) -> bool {
    agrees_at(yaml, Origin::default())
}

/// The event reader builds the tree of `yaml`, and it is serde's.
#[track_caller]
fn fast(yaml: &str) -> Node {
    assert!(agrees(yaml), "handed over: {yaml:?}");
    tree(yaml)
}

/// The event reader hands `yaml` over; the result is serde's.
#[track_caller]
fn handed_over(yaml: &str) -> Result<Node, SyntaxError> {
    assert!(!agrees(yaml), "not handed over: {yaml:?}");
    parse(yaml, Origin::default())
}

fn scalar_at<'a>(t: &'a Node, key: &str) -> &'a str {
    t.get(key)
        .and_then(Node::as_scalar)
        .unwrap_or_else(|| panic!("{key}: {t:#?}"))
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => panic!("not a list: {node:#?}"),
    }
}

#[test]
fn quoted_strings_are_decoded() {
    let t = fast(concat!(
        "a: \"x\\ty \\u4e2d \\\"q\\\" \\\\ end\"\n",
        "b: 'it''s # not a comment'\n",
        "c: \"two\n  lines\"\n",
        "d: \"joined\\\n  here\"\n",
        "e: ''\n",
        "f: \"~\"\n",
    ));
    assert_eq!(scalar_at(&t, "a"), "x\ty 中 \"q\" \\ end");
    assert_eq!(scalar_at(&t, "b"), "it's # not a comment");
    assert_eq!(scalar_at(&t, "c"), "two lines");
    assert_eq!(scalar_at(&t, "d"), "joinedhere");
    assert_eq!(scalar_at(&t, "e"), "");
    assert_eq!(scalar_at(&t, "f"), "~");
}

#[test]
fn block_scalars_keep_or_fold_lines() {
    let t = fast(concat!(
        "lit: |\n  第一行\n   缩进\n\n  末行\n",
        "strip: |-\n  a\n\n",
        "keep: |+\n  a\n\n",
        "fold: >\n  one\n  two\n\n  three\n",
        "fold_strip: >-\n  x\n  y\n",
        "indicator: |2\n    four spaces\n",
        "last: >\n  at the end",
    ));
    assert_eq!(scalar_at(&t, "lit"), "第一行\n 缩进\n\n末行\n");
    assert_eq!(scalar_at(&t, "strip"), "a");
    assert_eq!(scalar_at(&t, "keep"), "a\n\n");
    assert_eq!(scalar_at(&t, "fold"), "one two\nthree\n");
    assert_eq!(scalar_at(&t, "fold_strip"), "x y");
    assert_eq!(scalar_at(&t, "indicator"), "  four spaces\n");
    assert_eq!(scalar_at(&t, "last"), "at the end\n");
}

#[test]
fn flow_collections_nest() {
    let t = fast("a: [x, 2, [], {}]\nb: {k: v, n: [1, {m: ~}]}\nc: [ {a: 1} , [b] ]\n");
    let a = items(t.get("a").unwrap());
    assert_eq!(a.len(), 4);
    assert_eq!(a[2].value, Value::Seq(Vec::new()));
    assert_eq!(a[3].value, Value::Map(Vec::new()));
    let b = t.get("b").unwrap();
    assert_eq!(scalar_at(b, "k"), "v");
    let n = items(b.get("n").unwrap());
    assert_eq!(n[1].get("m").unwrap().value, Value::Null);
    assert_eq!(scalar_at(&items(t.get("c").unwrap())[0], "a"), "1");
}

#[test]
fn nested_lists_of_maps() {
    let yaml = "entries:\n  - date: 2013-04-08\n    amounts:\n      - 1.00\n      - { x: 2 }\n  -\n    date: 2013-04-09\n  - - inner\n    - list\n";
    let t = fast(yaml);
    let entries = items(t.get("entries").unwrap());
    assert_eq!(entries.len(), 3);
    assert_eq!(scalar_at(&entries[1], "date"), "2013-04-09");
    let amounts = items(entries[0].get("amounts").unwrap());
    assert_eq!(amounts[0].as_scalar(), Some("1.00"));
    assert_eq!(items(&entries[2]).len(), 2);
    let map_span = entries[0].span;
    assert_eq!((map_span.line, map_span.col), (2, 5));
}

#[test]
fn empty_values_are_null_where_serde_has_them() {
    let yaml =
        "a:\nb: ~\nc: null\nd: Null\ne: \"\"\nf: [~, null, '', ]\ng: {h: }\ni:\n  -\n  - x\n";
    let t = fast(yaml);
    for key in ["a", "b", "c", "d"] {
        assert_eq!(t.get(key).unwrap().value, Value::Null, "{key}");
    }
    assert_eq!(scalar_at(&t, "e"), "");
    let f = items(t.get("f").unwrap());
    assert_eq!(f[2].as_scalar(), Some(""));
    assert_eq!(t.get("g").unwrap().get("h").unwrap().value, Value::Null);
    assert_eq!(items(t.get("i").unwrap())[0].value, Value::Null);
    // `a:` is a null placed on its colon, as serde-saphyr places it.
    let a = t.get("a").unwrap().span;
    assert_eq!((a.line, a.col, a.start, a.end), (1, 2, 1, 1));
}

#[test]
fn plain_scalars_keep_their_text() {
    let t = fast(concat!(
        "a: 860.00\nb: 007\nc: true\nd: yes\ne: 0x1F\nf: 1e3\ng: -1\nh: +1\ni: 1_000\n",
        "j: +.nan\nk: inf\nl: 2013-04-08\nm: a # comment\nn: a#b\no: 西关 村\n",
        "p: folded\n  onto one line\n",
    ));
    let expect = [
        ("a", "860.00"),
        ("b", "007"),
        ("c", "true"),
        ("d", "yes"),
        ("e", "0x1F"),
        ("f", "1e3"),
        ("g", "-1"),
        ("h", "+1"),
        ("i", "1_000"),
        ("j", "+.nan"),
        ("k", "inf"),
        ("l", "2013-04-08"),
        ("m", "a"),
        ("n", "a#b"),
        ("o", "西关 村"),
        ("p", "folded onto one line"),
    ];
    for (key, text) in expect {
        assert_eq!(scalar_at(&t, key), text, "{key}");
    }
}

#[test]
fn infinities_are_refused_by_serde() {
    for value in [".inf", "-.inf", "+.INF", ".nan", ".NaN", "1e999", "-2E400"] {
        let e = handed_over(&format!("a: {value}\n")).unwrap_err();
        assert!(e.message.contains(value), "{value}: {e:?}");
    }
    assert!(agrees("a: \".inf\"\nb: '1e999'\n"));
}

#[test]
fn comments_are_skipped() {
    let yaml = "# head\ntitle: 标题 # after\n# between\nlist: # after key\n  - a # item\n  # inside\n  - b\n# tail\n";
    let t = fast(yaml);
    assert_eq!(scalar_at(&t, "title"), "标题");
    assert_eq!(items(t.get("list").unwrap()).len(), 2);
    // A text of comments only holds no document: a null, as serde has it.
    assert_eq!(fast("# only a note\n").value, Value::Null);
}

#[test]
fn crlf_line_endings() {
    let yaml = "title: 标题\r\nlist:\r\n  - a\r\n  - \"b\r\n    c\"\r\nlit: |\r\n  x\r\n  y\r\n";
    let t = fast(yaml);
    let title = t.get("title").unwrap().span;
    assert_eq!(&yaml[title.start..title.end], "标题");
    assert_eq!(scalar_at(&t, "lit"), "x\ny\n");
    assert_eq!(items(t.get("list").unwrap())[1].as_scalar(), Some("b c"));
    let split = crate::load::frontmatter::split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
    assert!(agrees_at(split.yaml, split.origin));
}

#[test]
fn tabs_are_read_as_serde_reads_them() {
    // A tab may separate, but never indent.
    let t = fast("a:\tb\nc: [x,\ty]\nd: x\ty\n");
    assert_eq!(scalar_at(&t, "a"), "b");
    assert_eq!(scalar_at(&t, "d"), "x\ty");
    assert_eq!(scalar_at(&fast("\ttitle: x\n"), "title"), "x");
    for yaml in ["a:\n\t- b\n", "a:\n  b: 1\n\tc: 2\n", "a:\n\tb: 1\n"] {
        let e = handed_over(yaml).unwrap_err();
        assert!(e.message.starts_with("YAML 格式有误"), "{yaml:?}: {e:?}");
    }
}

#[test]
fn byte_order_mark_is_skipped() {
    // The loader strips a BOM; should one reach the parser, spans still
    // count its bytes, as they always did.
    let t = fast("\u{feff}title: x\n");
    let title = t.get("title").unwrap().span;
    assert_eq!((title.col, title.start), (8, 10));
}

#[test]
fn chinese_text_is_placed_by_bytes_and_characters() {
    let file = "---\n标题: 西关村二季度财务\n单位: { 名称: 西关, 金额: 860.00 }\n---\n";
    let split = crate::load::frontmatter::split(file).unwrap();
    assert!(agrees_at(split.yaml, split.origin));
    let t = parse(split.yaml, split.origin).unwrap();
    let unit = t.get("单位").unwrap();
    let amount = unit.get("金额").unwrap();
    assert_eq!(&file[amount.span.start..amount.span.end], "860.00");
    assert_eq!((amount.span.line, amount.span.col), (3, 19));
    let key = match &unit.value {
        Value::Map(entries) => entries[0].0.span,
        _ => unreachable!(),
    };
    assert_eq!(&file[key.start..key.end], "名称");
    assert_eq!((key.line, key.col), (3, 7));
}

#[test]
fn keys_compare_as_serde_compares_them() {
    // Plain integers compare by value; quoted text is text.
    assert!(agrees("\"1\": a\n1: b\n"));
    assert!(agrees("\"a b\": 1\nab: 2\n01: x\n1: y\n"));
    for yaml in [
        "1: a\n0x1: b\n",
        "a: 1\n\"a\": 2\n",
        "+5: a\n5: b\n",
        "-0: a\n0: b\n",
    ] {
        let e = handed_over(yaml).unwrap_err();
        assert!(e.message.contains("写了两次"), "{yaml:?}: {e:?}");
        assert_eq!(e.span.map(|s| s.line), Some(2), "{yaml:?}");
    }
    // Long mappings switch to an index; a repeat there is found too.
    let long: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    assert!(agrees(&long));
    let e = handed_over(&format!("{long}k7: again\n")).unwrap_err();
    assert_eq!(e.span.map(|s| s.line), Some(101));
}

#[test]
fn integer_keys_are_read_as_serde_reads_them() {
    let plain = |name| integer_key(name, ScalarStyle::Plain);
    assert_eq!(plain("31"), Some((false, 31)));
    assert_eq!(plain("0x1F"), Some((false, 31)));
    assert_eq!(plain("0o37"), Some((false, 31)));
    assert_eq!(plain("0b11111"), Some((false, 31)));
    assert_eq!(plain("+3_1"), Some((false, 31)));
    assert_eq!(plain("-31"), Some((true, 31)));
    assert_eq!(plain("-0"), Some((false, 0)));
    for text in [
        "031",
        "3__1",
        "_31",
        "31_",
        "0x",
        "3.1",
        "1e3",
        "三十一",
        "0X1G",
    ] {
        assert_eq!(plain(text), None, "{text}");
    }
    assert_eq!(integer_key("31", ScalarStyle::DoubleQuoted), None);
}

#[test]
fn keys_that_are_not_text_are_handed_over() {
    for yaml in [
        "~: a\n",
        "null: a\n",
        ": a\n",
        "[a]: b\n",
        "? {a: 1}\n: b\n",
        "{[x]: 1}\n",
    ] {
        assert!(handed_over(yaml).is_err(), "{yaml:?}");
    }
    assert!(agrees("? a\n: b\n\"null\": c\n'': d\n"));
}

#[test]
fn anchors_aliases_tags_and_merges_are_handed_over() {
    for yaml in [
        "a: &n 5\nb: *n\n",
        "a: &x text\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
        "c:\n  <<: {x: 1}\n",
        "a: !!str 5\n",
        "a: !custom text\n",
        "a: !!binary aGVsbG8=\n",
        "!!map {a: 1}\n",
    ] {
        assert!(handed_over(yaml).is_ok(), "{yaml:?}");
    }
    assert!(handed_over("a: *missing\n").is_err());
    // A number reached through an alias or a merge key reads as the
    // anchored number as written, not as the alias.
    let t = handed_over("a: &n 1000.00\nb: *n\n").unwrap();
    assert_eq!(scalar_at(&t, "a"), "1000.00");
    assert_eq!(scalar_at(&t, "b"), "1000.00");
    let t = handed_over("base: &b {x: 860.00}\nc:\n  <<: *b\n  y: 2\n").unwrap();
    let c = t.get("c").unwrap();
    assert_eq!(scalar_at(c, "x"), "860.00");
    // A quoted `<<` is an ordinary key.
    assert!(agrees("\"<<\": x\n"));
}

#[test]
fn documents_beyond_the_first_are_refused() {
    assert!(agrees("---\na: 1\n...\n"));
    assert!(agrees("%YAML 1.2\n---\na: 1\n"));
    for yaml in ["a: 1\n---\nb: 2\n", "a: 1\n---\n", "- a\n--- x\n"] {
        assert!(handed_over(yaml).is_err(), "{yaml:?}");
    }
}

#[test]
fn roots_other_than_mappings() {
    assert_eq!(fast("just text\n").as_scalar(), Some("just text"));
    assert_eq!(fast("~\n").value, Value::Null);
    assert_eq!(items(&fast("- a\n- b\n")).len(), 2);
}

#[test]
fn deep_nesting_is_left_to_serde() {
    // serde-saphyr recurses once per level, more deeply than a test
    // thread's stack allows in a debug build.
    let deep = std::thread::Builder::new().stack_size(256 << 20);
    let checks = deep.spawn(|| {
        let nest = |depth: usize| format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
        assert!(agrees(&nest(EVENT_MAX_DEPTH)));
        assert!(handed_over(&nest(EVENT_MAX_DEPTH + 1)).is_ok());
        assert!(handed_over(&nest(70)).is_err());
    });
    checks.unwrap().join().unwrap();
}

#[test]
fn syntax_errors_are_handed_over() {
    for yaml in [
        "a: [1, 2\nb: 3\n",
        "a:\n\t- b\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "a: 'open\n",
        "a: \"bad \\q escape\"\n",
        "a:\n  - b\n c: d\n",
        "a: |\n b\n  c\nd",
        "\u{feff}a: 1\nb: \u{feff}x\n",
    ] {
        let slow = fallback::parse(yaml, Origin::default());
        assert!(slow.is_err(), "serde accepts {yaml:?}");
        assert_eq!(handed_over(yaml), slow);
    }
}

#[test]
fn empty_texts_are_empty_maps_with_both_readers_unused() {
    let origin = Origin {
        line_offset: 1,
        byte_offset: 4,
    };
    let t = parse("\n \n", origin).unwrap();
    assert_eq!(t.value, Value::Map(Vec::new()));
    assert_eq!((t.span.line, t.span.start), (2, 4));
}

/// The YAML of every record file under `root`, with the origin the loader
/// gives it.
fn site_texts(root: &std::path::Path) -> Vec<(String, String, Origin)> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => texts.push((name, text, Origin::default())),
            Some("md") => {
                if let Ok(split) = crate::load::frontmatter::split(&text) {
                    let (yaml, origin) = (split.yaml.to_string(), split.origin);
                    texts.push((name, yaml, origin));
                }
            }
            _ => {}
        }
    }
    texts
}

#[test]
fn example_site_reads_the_same_on_the_event_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let texts = site_texts(&root);
    assert!(texts.len() > 30, "{} files", texts.len());
    for (name, yaml, origin) in &texts {
        assert!(agrees_at(yaml, *origin), "handed over: {name}");
    }
}

/// A larger site to compare on, such as the benchmark corpus:
/// `GONGKAI_YAML_CORPUS=/tmp/c10k/site cargo test --lib corpus -- --nocapture`.
#[test]
fn corpus_reads_the_same_on_the_event_path() {
    let Some(root) = std::env::var_os("GONGKAI_YAML_CORPUS") else {
        return;
    };
    let texts = site_texts(std::path::Path::new(&root));
    let fast = texts
        .iter()
        .filter(|(_, yaml, origin)| agrees_at(yaml, *origin))
        .count();
    eprintln!(
        "{} of {} texts read on the event path, all as serde reads them",
        fast,
        texts.len()
    );
    assert_eq!(fast, texts.len());
}

/// A deterministic generator, so the random texts are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "title", "unit", "a", "\"a\"", "'a'", "1", "0x1", "+1", "01", "\"1\"", "标题", "金额", "~",
    "null", "<<", "\"<<\"", "true", "a b", "\"\"", "? k", "-1", "-0", "0", "1_0", "10", "x ",
    "0o12", "0xA", "\"10\"", "1e3", "'标题'",
];

const SCALARS: &[&str] = &[
    "860.00",
    "007",
    "true",
    "yes",
    "Off",
    "~",
    "null",
    "NULL",
    "",
    "\"\"",
    "'it''s'",
    "\"a\\tb\\u4e2d\"",
    ".inf",
    "-.inf",
    "+.nan",
    ".nan",
    "1e999",
    "1e3",
    "0x1F",
    "0XFF",
    "2013-04-08",
    "西关村",
    "a # c",
    "a#b",
    "&a x",
    "*a",
    "!!str 5",
    "!!int 5",
    "'x'",
    "\"bad \\q\"",
    "- x",
    "a: b",
    "@x",
    "`x",
    "%x",
    "1.5e+3",
    "+1",
    "-0.0",
    ".5",
    "1.",
    "\"multi\n  line\"",
    "plain\n  folded",
    "[a, b]",
    "{a: 1}",
    "[]",
    "{}",
    "[a, {b: c}]",
    "{a: [1, 2], b: ~}",
    "[a",
    "{a: 1",
    "\t1",
    "x\t",
    "\"\\u0041\"",
    "'a\n\n  b'",
    "[ 1 , +2 ]",
    "{ a : 1.5 , b: yes }",
    "{a: 1, a: 2}",
    "[a, b, ]",
    "{\"a\": 1, a: 2}",
    "[0x1, 1e3, .5]",
    "{1: a, 0o1: b}",
    "12 # twelve",
    "\"x\" # quoted",
    "[a, &b c, *b]",
];

fn random_block(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let in_seq = rng.below(3) == 0;
    for _ in 0..1 + rng.below(4) {
        if in_seq {
            out.push_str(&format!("{pad}-"));
        } else {
            out.push_str(&format!("{pad}{}:", rng.pick(KEYS)));
        }
        match rng.below(if depth > 3 { 3 } else { 7 }) {
            0 => out.push('\n'),
            1 | 2 => {
                let value = rng.pick(SCALARS).replace('\n', &format!("\n{pad}"));
                out.push_str(&format!(" {value}\n"));
            }
            3 => {
                let style = rng.pick(&["|", ">", "|-", ">+", "|2"]);
                out.push_str(&format!(" {style}\n{pad}  line 一\n\n{pad}   two\n"));
            }
            4 => out.push_str(&format!(
                " {} # note\n",
                rng.pick(SCALARS).replace('\n', " ")
            )),
            _ => {
                out.push('\n');
                let deeper = indent + if in_seq || rng.below(4) > 0 { 2 } else { 0 };
                random_block(rng, deeper, depth + 1, out);
            }
        }
    }
}

/// Small edits of the kind a clerk's typing makes, most of them mistakes.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(2) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(
                at,
                rng.pick(&[
                    "\t", ":", "-", "\"", "'", "#", "&", "*", "[", "{", "}", "\n", " ", "|", "!",
                    "?", "…",
                ])
                .chars()
                .next()
                .unwrap(),
            ),
            2 => {
                let line_start = chars[..at]
                    .iter()
                    .rposition(|&c| c == '\n')
                    .map_or(0, |i| i + 1);
                let line_end = chars[at..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |i| at + i + 1);
                let line: Vec<char> = chars[line_start..line_end].to_vec();
                chars.splice(line_end..line_end, line);
            }
            3 => chars.splice(at..at, "---\n".chars()).for_each(drop),
            4 => chars.truncate(at),
            _ => {}
        }
    }
    let text: String = chars.into_iter().collect();
    if rng.below(8) == 0 {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

#[test]
fn random_texts_read_the_same() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut total, mut on_event_path) = (0, 0);
    for round in 0..3000 {
        let mut yaml = String::new();
        random_block(&mut rng, 0, 0, &mut yaml);
        if round % 3 == 0 {
            yaml = mutate(&mut rng, &yaml);
        }
        if yaml.trim().is_empty() {
            continue;
        }
        total += 1;
        if agrees(&yaml) {
            on_event_path += 1;
        }
    }
    // Most texts have a repeated key or an error in them; enough do not.
    assert!(on_event_path * 10 > total, "{on_event_path} of {total}");
}

#[test]
fn edited_example_records_read_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for (_, yaml, origin) in site_texts(&root) {
        for _ in 0..40 {
            let edited = mutate(&mut rng, &yaml);
            if !edited.trim().is_empty() {
                agrees_at(&edited, origin);
            }
        }
    }
}
