//! `gongkai import`: a finance ledger or indicator sheet from a spreadsheet.
//! Errors in the clerk's files print as `check` prints them.

use super::{Outcome, Usage};
use crate::cli::ImportArgs;
use crate::import::{self, Failure, Request};
use jiff::civil::Date;

pub(crate) fn run(args: &ImportArgs, today: Date) -> anyhow::Result<Outcome> {
    let request = Request {
        file: args.file.clone(),
        out: args.out.clone(),
        sheet: args.sheet.clone(),
        site: args.site.clone(),
        unit: args.unit.clone(),
        period: args.period.clone(),
        opening_balance: args.opening_balance.clone(),
        title: args.title.clone(),
        measure_unit: args.measure_unit.clone(),
        today: args.today.unwrap_or(today),
    };
    match import::run(&request) {
        Ok(done) => {
            println!("{done}");
            Ok(Outcome::Done)
        }
        Err(Failure::Usage(e)) => Err(Usage(e).into()),
        Err(Failure::Write(e)) => Err(anyhow::Error::msg(e)),
        Err(Failure::Errors {
            diagnostics,
            sources,
        }) => {
            eprint!("{}", diagnostics.render(&sources));
            eprintln!(
                "未导入：{} 个错误，没有写出任何文件",
                diagnostics.error_count()
            );
            Ok(Outcome::RecordErrors)
        }
    }
}
