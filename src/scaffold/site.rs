//! `gongkai init`: a new site folder — its site.yaml, asked for at the
//! terminal or given as options, and one worked example of each record.

use super::*;

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

/// What `gongkai init` is told: the township and its units.
#[derive(Clone, Debug)]
pub struct NewSite {
    pub(crate) name: String,
    pub id: String,
    /// (name, id) of each village, community or branch.
    pub units: Vec<(String, String)>,
    pub base_url: String,
    pub(crate) today: Date,
}

/// The kind of a unit, guessed from its name (村 village, 社区 community,
/// 支部/党委 branch).
pub(crate) fn kind_of(name: &str) -> UnitKind {
    if name.ends_with("社区") {
        UnitKind::Community
    } else if name.contains("支部") || name.ends_with("党委") || name.ends_with("总支") {
        UnitKind::Branch
    } else {
        UnitKind::Village
    }
}

/// Whether `id` is a valid unit id.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Refuses a township or unit name that would not stay plain text where
/// `site.yaml` writes it (`title: {name}党务…`, `{ id: …, name: {name} }`):
/// a line break, or a character YAML reads as structure, would add fields
/// or break the file.
pub(crate) fn plain_name(name: &str) -> anyhow::Result<()> {
    let bad = name.chars().find(|c| {
        c.is_control()
            || matches!(
                c,
                ':' | '#'
                    | ','
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | '"'
                    | '\''
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '%'
                    | '@'
                    | '`'
                    | '\\'
            )
    });
    let leading = name.starts_with(['-', '?', ' ']) || name.ends_with(' ');
    match bad {
        Some(c) => Err(anyhow::anyhow!(
            "名称“{}”里有“{}”：名称只写汉字、字母和数字，例如 梨园镇、西关村",
            name.escape_debug(),
            c.escape_debug()
        )),
        None if leading || name.is_empty() => Err(anyhow::anyhow!(
            "名称“{name}”不能为空，也不能以空格、- 或 ? 开头：只写汉字、字母和数字"
        )),
        None => Ok(()),
    }
}

/// Parses `西关村:xiguan,东庄村:dongzhuang` (Chinese commas accepted); a
/// unit given by its name alone gets the pinyin of its name as its id, kept
/// clear of `taken` (the township's, the units already given) and of the
/// other units' ids.
pub(crate) fn parse_units_beside(
    text: &str,
    taken: &[&str],
) -> anyhow::Result<Vec<(String, String)>> {
    let mut given: Vec<(String, Option<String>)> = Vec::new();
    for part in text.split([',', '，', '、', ';', '；']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let (name, id) = match part.split_once([':', '：']) {
            Some((name, id)) => (name.trim(), Some(id.trim())),
            None => (part, None),
        };
        if let Some(id) = id.filter(|id| !valid_id(id)) {
            return Err(anyhow::anyhow!(
                "“{name}”的 id“{id}”不对：id 只用小写字母、数字和连字符，例如 xiguan；不写 id（只写 {name}）则按名称拼音自动取"
            ));
        }
        plain_name(name)?;
        if let Some(id) = id
            && let Some((first, _)) = given.iter().find(|(_, g)| g.as_deref() == Some(id))
        {
            return Err(anyhow::anyhow!(
                "“{first}”和“{name}”的 id 都是“{id}”：每个单位的 id 只能用一次"
            ));
        }
        given.push((name.to_string(), id.map(str::to_string)));
    }
    if given.is_empty() {
        return Err(anyhow::anyhow!(
            "至少要有一个村、社区或支部，例如 --units 西关村,东庄村 或 --units 西关村:xiguan"
        ));
    }
    // Ids written out are the clerk's; the ones made up keep clear of them.
    let mut taken: Vec<String> = taken.iter().map(|t| t.to_string()).collect();
    taken.extend(given.iter().filter_map(|(_, id)| id.clone()));
    let mut units = Vec::with_capacity(given.len());
    for (name, id) in given {
        let id = match id {
            Some(id) => id,
            None => {
                let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
                let id = ids::unique(&ids::unit_id(&name), &refs);
                taken.push(id.clone());
                id
            }
        };
        units.push((name, id));
    }
    Ok(units)
}

fn kind_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Community => "community",
        UnitKind::Branch => "branch",
        _ => "village",
    }
}

/// The text of a new site.yaml.
pub(crate) fn site_yaml(site: &NewSite) -> String {
    #[derive(serde::Serialize)]
    struct UnitCtx<'a> {
        id: &'a str,
        name: &'a str,
        kind: &'static str,
    }
    let units: Vec<UnitCtx> = site
        .units
        .iter()
        .map(|(name, id)| UnitCtx {
            id,
            name,
            kind: kind_word(kind_of(name)),
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("name", &site.name);
    ctx.insert("id", &site.id);
    ctx.insert("base_url", &site.base_url);
    ctx.insert("units", &units);
    examples::render("site.yaml", &ctx)
}

/// Creates a new site folder: site.yaml and one example record of each
/// kind. The folder must not exist or be empty. Returns the files written,
/// relative to `dir`.
pub fn init(dir: &Path, site: &NewSite) -> anyhow::Result<Vec<String>> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("无法读取文件夹 {}：{e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(anyhow::anyhow!(
                "{} 已存在且不是空文件夹；新站点请用一个新的文件夹名",
                dir.display()
            ));
        }
    }
    if !valid_id(&site.id) {
        return Err(anyhow::anyhow!(
            "乡镇 id“{}”不对：只用小写字母、数字和连字符，例如 liyuan",
            site.id
        ));
    }
    let facts = SiteFacts {
        township: (site.id.clone(), site.name.clone()),
        units: site
            .units
            .iter()
            .map(|(name, id)| (id.clone(), name.clone(), kind_of(name)))
            .collect(),
        notice_min_days: 5,
        indicators: vec!["jiti-shouru".into()],
        closings: Vec::new(),
    };
    let today = site.today;
    let year = today.year();
    let (unit, _) = facts.village();
    let (branch, _) = facts.branch();
    let (qy, q) = examples::last_quarter(today);
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(site)),
        (
            format!("disclosures/{qy}/{unit}-{qy}q{q}-finance.md"),
            examples::finance(&facts, today, facts.village()),
        ),
        (
            format!("disclosures/{year}/{unit}-{year}-cundao.md"),
            examples::decision(&facts, today, facts.village()),
        ),
        (
            format!("disclosures/{year}/{branch}-{year}-fazhan-dangyuan.md"),
            examples::party(&facts, today, facts.branch()),
        ),
        (format!("plans/{year}.yaml"), examples::plan(&facts, today)),
        (
            format!("reports/{}-annual.md", year - 1),
            examples::report(
                &facts,
                today,
                Some(("jiti-shouru", &(year - 1).to_string())),
            ),
        ),
        (
            "indicators/jiti-shouru.yaml".into(),
            examples::indicator(&facts, today),
        ),
        ("pages/about.md".into(), examples::page(&facts, today)),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        write_new(&dir.join(&rel), &text)?;
        written.push(rel);
    }
    fs::create_dir_all(dir.join("static"))
        .map_err(|e| anyhow::anyhow!("无法建立文件夹 {}：{e}", dir.join("static").display()))?;
    Ok(written)
}

/// Asks for the township, its units and the site's address on the
/// terminal. `base_url` is the address given on the command line, if any.
pub(crate) fn prompt(today: Date, base_url: Option<String>) -> anyhow::Result<NewSite> {
    let stdin = io::stdin();
    let mut asker = Asker {
        input: stdin.lock(),
        output: io::stderr(),
    };
    asker.site(today, base_url)
}

/// Questions asked on `output`, answered on `input`, one line each.
pub struct Asker<I, O> {
    pub input: I,
    pub output: O,
}

impl<I: io::BufRead, O: io::Write> Asker<I, O> {
    /// The new site, question by question.
    pub fn site(&mut self, today: Date, base_url: Option<String>) -> anyhow::Result<NewSite> {
        let name = self.ask("乡镇名称（例如 梨园镇）：")?;
        if name.is_empty() {
            return Err(anyhow::anyhow!("没有输入乡镇名称"));
        }
        plain_name(&name)?;
        let suggested = ids::township_id(&name);
        let id = self.id(
            &format!("乡镇的 id，用于网址（小写拼音；直接回车用 {suggested}）："),
            &suggested,
        )?;
        let mut units: Vec<(String, String)> = Vec::new();
        loop {
            let unit = self.ask(
                "所属村、社区或支部的名称（例如 西关村，也可一次写 西关村,东庄村:dongzhuang；直接回车结束）：",
            )?;
            if unit.is_empty() {
                if units.is_empty() {
                    self.say("  至少要有一个村、社区或支部");
                    continue;
                }
                break;
            }
            let taken: Vec<&str> = std::iter::once(id.as_str())
                .chain(units.iter().map(|(_, uid)| uid.as_str()))
                .collect();
            if unit.contains([',', '，', '、', ';', '；', ':', '：']) {
                // A list typed at the name prompt is taken as the list it is.
                match parse_units_beside(&unit, &taken) {
                    Ok(list) => {
                        for (name, uid) in &list {
                            self.say(&format!("  {name}：{uid}"));
                        }
                        units.extend(list);
                    }
                    Err(e) => self.say(&format!("  {e}")),
                }
                continue;
            }
            if let Err(e) = plain_name(&unit) {
                self.say(&format!("  {e}"));
                continue;
            }
            let suggested = ids::unique(&ids::unit_id(&unit), &taken);
            let uid = self.id(
                &format!("  {unit}的 id（小写拼音；直接回车用 {suggested}）："),
                &suggested,
            )?;
            units.push((unit, uid));
        }
        let base_url = match base_url {
            Some(url) => url,
            None => self.address()?,
        };
        Ok(NewSite {
            name,
            id,
            units,
            base_url,
            today,
        })
    }

    /// A unit id, asked until it is a valid one; Enter takes `suggested`.
    fn id(&mut self, question: &str, suggested: &str) -> anyhow::Result<String> {
        loop {
            let id = self.ask(question)?;
            if id.is_empty() {
                return Ok(suggested.to_string());
            }
            if valid_id(&id) {
                return Ok(id);
            }
            self.say("  id 只用小写字母、数字和连字符，请重新输入");
        }
    }

    /// The site's address: the QR code on every printed notice points
    /// there. Left empty, the example address is written, and every build
    /// warns until it is changed.
    fn address(&mut self) -> anyhow::Result<String> {
        loop {
            let url = self.ask(
                "网站的正式地址，打印的告示上的二维码指向这里（例如 https://gongkai.liyuan.gov.cn/；还不知道就直接回车，以后在 site.yaml 中改）：",
            )?;
            if url.is_empty() {
                self.say(
                    "  先写入示例地址；发布前请在 site.yaml 中改成正式地址，每次生成网站都会提醒",
                );
                return Ok(EXAMPLE_BASE_URL.to_string());
            }
            let full = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "https://".len()
                && !url.contains(char::is_whitespace);
            if full {
                return Ok(if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                });
            }
            self.say("  地址以 https:// 或 http:// 开头，例如 https://gongkai.liyuan.gov.cn/，请重新输入");
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    fn ask(&mut self, question: &str) -> anyhow::Result<String> {
        let _ = write!(self.output, "{question}");
        let _ = self.output.flush();
        let mut line = String::new();
        let n = self
            .input
            .read_line(&mut line)
            .map_err(|e| anyhow::anyhow!("读取输入失败：{e}"))?;
        if n == 0 {
            return Err(anyhow::anyhow!("输入已结束"));
        }
        Ok(line.trim().to_string())
    }
}

/// A summary of the files written, one per line.
pub(crate) fn listing(files: &[String]) -> String {
    let mut s = String::new();
    for f in files {
        let _ = writeln!(s, "  {f}");
    }
    s
}
