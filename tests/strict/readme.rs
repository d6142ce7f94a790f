//! The README's own examples pass `check`.

use super::*;

/// Each record example of the README's 《记录怎么写》, by the heading it
/// follows, and the file it is written to.
const README_EXAMPLES: [(&str, &str); 8] = [
    ("### site.yaml", "site.yaml"),
    ("### 财务公开", "disclosures/2013/西关村二季度财务.md"),
    (
        "### 村务决策（四议两公开）",
        "disclosures/2013/西关村村道硬化.md",
    ),
    (
        "### 党务公开和发展党员公示",
        "disclosures/2013/东庄村发展党员公示.md",
    ),
    ("### 重点实事（plans/*.yaml）", "plans/2013.yaml"),
    (
        "### 指标数据（indicators/*.yaml）",
        "indicators/pear-grafting.yaml",
    ),
    ("### 工作报告（reports/**/*.md）", "reports/2013-h1.md"),
    ("### 普通页面", "pages/about.md"),
];

/// The fenced YAML and Markdown blocks of `text`, each with the heading
/// above it.
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let (mut heading, mut open, mut block) = (String::new(), false, String::new());
    for line in text.lines() {
        if open {
            if line == "```" {
                blocks.push((heading.clone(), std::mem::take(&mut block)));
                open = false;
            } else {
                block.push_str(line);
                block.push('\n');
            }
        } else if line == "```yaml" || line == "```markdown" {
            open = true;
        } else if line.starts_with('#') {
            heading = line.to_string();
        }
    }
    blocks
}

/// The guide must never teach something that fails: every record example
/// of the README, written into one site, passes `check` with the README's
/// own `--today`. (The site keeps the example address, which is warned of.)
#[test]
fn the_readmes_examples_pass_check() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks = fenced_blocks(&readme);
    let mut files: Vec<(&str, String)> = Vec::new();
    for (heading, path) in README_EXAMPLES {
        let (_, text) = blocks
            .iter()
            .find(|(h, _)| h == heading)
            .unwrap_or_else(|| panic!("no example under “{heading}”"));
        files.push((path, text.clone()));
    }
    // The indicator section's second example shows only the fields that
    // break a series down by groups: completed with the fields every
    // indicator has, it must pass too.
    let groups = blocks
        .iter()
        .filter(|(h, _)| h == "### 指标数据（indicators/*.yaml）")
        .nth(1)
        .map(|(_, text)| {
            format!("title: 民主评议党员结果\nunit: 名\nmeasure: stock\nunits: [xiguan]\n{text}")
        })
        .expect("the groups example");
    files.push(("indicators/party-review.yaml", groups));
    assert_eq!(
        blocks.len(),
        files.len(),
        "every YAML or Markdown example of the README is checked: {blocks:#?}"
    );
    let (site, diags) = check(&as_files(&files));
    let others: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| !d.message.contains("示例地址"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    let site = site.expect("the README's examples pass");
    assert_eq!(site.disclosures.len(), 3);
    assert_eq!(
        (site.plans.len(), site.reports.len(), site.pages.len()),
        (1, 1, 1)
    );
}
