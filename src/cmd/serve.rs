//! `gongkai serve`: the clerk's live preview (see [`crate::serve`]).

use super::{Outcome, options};
use crate::cli::ServeArgs;
use jiff::civil::Date;

pub(crate) fn run(args: &ServeArgs, today: Date) -> anyhow::Result<Outcome> {
    let opts = options(&args.site, today);
    let addr = std::net::SocketAddr::new(args.bind, args.port);
    crate::serve::run(opts, addr)?;
    Ok(Outcome::Done)
}
