//! Ids from names: `东庄村` → `dongzhuang`, as a clerk would write them.
//!
//! Unit ids appear in every address of the site, so they are written in
//! pinyin without tones; the words every unit's name ends with (村, 社区,
//! 支部…) say nothing about which unit it is and are left out, as the
//! example site does (西关村 → xiguan).

use pinyin::ToPinyin;

/// Endings of unit names left out of their ids, longest first so that
/// `党支部` goes whole rather than leaving `党`.
const UNIT_ENDINGS: [&str; 10] = [
    "村民委员会",
    "居民委员会",
    "党总支",
    "党支部",
    "居委会",
    "村委会",
    "总支",
    "支部",
    "社区",
    "村",
];

/// Endings of township names left out of their ids (梨园镇 → liyuan).
const TOWNSHIP_ENDINGS: [&str; 4] = ["街道办事处", "街道", "镇", "乡"];

/// The id suggested for a village, community or branch named `name`.
pub(crate) fn unit_id(name: &str) -> String {
    id_from(name, &UNIT_ENDINGS)
}

/// The id suggested for a township named `name`.
pub(crate) fn township_id(name: &str) -> String {
    id_from(name, &TOWNSHIP_ENDINGS)
}

/// `name` without the first of `endings` it ends with (unless that is all
/// of it), in toneless pinyin; letters and digits kept, lower-cased;
/// anything else left out. A name with nothing to spell gives `unit`.
fn id_from(name: &str, endings: &[&str]) -> String {
    let name = name.trim();
    let stem = endings
        .iter()
        .find_map(|e| name.strip_suffix(e).filter(|s| !s.is_empty()))
        .unwrap_or(name);
    let mut id = String::new();
    for c in stem.chars() {
        match c.to_pinyin() {
            Some(p) => id.push_str(p.plain()),
            None if c.is_ascii_alphanumeric() => id.push(c.to_ascii_lowercase()),
            None => {}
        }
    }
    if id.is_empty() {
        id.push_str("unit");
    }
    id
}

/// `id`, or `id2`, `id3`, … when it is already among `taken`: two units
/// whose names sound alike (东坡村, 东坡社区) still get ids of their own.
pub(crate) fn unique(id: &str, taken: &[&str]) -> String {
    if !taken.contains(&id) {
        return id.to_string();
    }
    (2..)
        .map(|n| format!("{id}{n}"))
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .expect("a free number")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_pinyin_of_the_name_without_its_ending() {
        for (name, id) in [
            ("东庄村", "dongzhuang"),
            ("南坡村", "nanpo"),
            ("何家沟村", "hejiagou"),
            ("梨香社区", "lixiang"),
            ("镇机关支部", "zhenjiguan"),
            ("合作社党支部", "hezuoshe"),
            ("城关居委会", "chengguan"),
            ("第2村民小组", "di2cunminxiaozu"),
            ("村", "cun"),
        ] {
            assert_eq!(unit_id(name), id, "{name}");
        }
        assert_eq!(township_id("梨园镇"), "liyuan");
        assert_eq!(township_id("城关街道"), "chengguan");
        assert_eq!(unit_id("（）"), "unit");
    }

    #[test]
    fn a_taken_id_gets_the_next_free_number() {
        assert_eq!(unique("dongpo", &["xiguan"]), "dongpo");
        assert_eq!(unique("dongpo", &["dongpo"]), "dongpo2");
        assert_eq!(unique("dongpo", &["dongpo", "dongpo2"]), "dongpo3");
    }
}
