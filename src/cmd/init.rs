//! `gongkai init`: a new site folder with one worked example of each record.

use super::{Outcome, Usage};
use crate::cli::InitArgs;
use crate::scaffold;
use jiff::civil::Date;
use std::io::IsTerminal;

pub(crate) fn run(args: &InitArgs, today: Date) -> anyhow::Result<Outcome> {
    let today = args.today.unwrap_or(today);
    let site = new_site(args, today)?;
    let files = scaffold::init(&args.dir, &site)?;
    println!(
        "已新建站点 {}：\n{}下一步：gongkai serve --site {} 预览，照着示例改写记录",
        args.dir.display(),
        scaffold::listing(&files),
        args.dir.display()
    );
    Ok(Outcome::Done)
}

/// The site to make: from the options, else asked for at the terminal.
fn new_site(args: &InitArgs, today: Date) -> anyhow::Result<scaffold::NewSite> {
    let base_url = args.base_url.clone();
    match (&args.name, &args.units) {
        (Some(name), Some(units)) => {
            scaffold::plain_name(name).map_err(|e| Usage(format!("{e:#}")))?;
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::ids::township_id(name));
            let units = scaffold::parse_units_beside(units, &[&id])
                .map_err(|e| Usage(format!("{e:#}")))?;
            Ok(scaffold::NewSite {
                name: name.clone(),
                id,
                units,
                base_url: base_url.unwrap_or_else(|| {
                    eprintln!(
                        "注意：没有给 --base-url，site.yaml 中先写入示例地址 {}；发布前改成正式地址，每次生成网站都会提醒",
                        scaffold::EXAMPLE_BASE_URL
                    );
                    scaffold::EXAMPLE_BASE_URL.to_string()
                }),
                today,
            })
        }
        _ if std::io::stdin().is_terminal() => {
            Ok(scaffold::prompt(today, base_url).map_err(|e| Usage(format!("{e:#}")))?)
        }
        _ => Err(Usage(format!(
            "请用 --name 给出乡镇名称、用 --units 列出所属单位，例如\n  gongkai init {} --name 梨园镇 --id liyuan --units 西关村,东庄村（id 按拼音自动取，也可写 西关村:xiguan）",
            args.dir.display()
        ))
        .into()),
    }
}
