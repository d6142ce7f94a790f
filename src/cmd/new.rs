//! `gongkai new`: a worked example of one record, to edit field by field.

use super::Outcome;
use crate::cli::{Kind, NewArgs};
use crate::scaffold;
use jiff::civil::Date;

pub(crate) fn run(args: &NewArgs, today: Date) -> anyhow::Result<Outcome> {
    let kind = template(args.kind);
    let today = args.today.unwrap_or(today);
    let created = scaffold::new_record(kind, &args.path, args.site.as_deref(), today)?;
    for note in &created.notes {
        eprintln!("注意：{note}");
    }
    println!(
        "已新建{}记录 {}：照着示例改写各字段，改完运行 gongkai check 检查",
        scaffold::label(kind),
        created.path.display()
    );
    Ok(Outcome::Done)
}

/// The example the command line asked for.
fn template(kind: Kind) -> scaffold::Kind {
    match kind {
        Kind::Finance => scaffold::Kind::Finance,
        Kind::Decision => scaffold::Kind::Decision,
        Kind::Party => scaffold::Kind::Party,
        Kind::Plan => scaffold::Kind::Plan,
        Kind::Report => scaffold::Kind::Report,
        Kind::Indicator => scaffold::Kind::Indicator,
        Kind::Page => scaffold::Kind::Page,
    }
}
