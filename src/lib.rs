//! gongkai (公开): turns a folder of township records into a public
//! disclosure website.
//!
//! One pipeline, stage by stage: [`load`] → [`records`] (validate) →
//! [`compute`] → [`render`] → [`output`] (write). [`site::check`] runs the
//! first three, [`site::build`] all five. The commands ([`cmd`], one file
//! each) drive them; [`serve`] is the live preview over the same stages.
//! `docs/architecture.md` says what each stage owns and what passes between
//! them.
//!
//! The library's public surface is what the binary (`src/main.rs`), the
//! integration tests (`tests/`) and the examples use: the command line and
//! its dispatcher, building and checking a site, the diagnostics, the log's
//! reader and keys, and the few render and compute entry points the tests
//! drive directly. Everything else is `pub(crate)`, so rustc reports code
//! that nothing uses instead of taking it for an export.

pub mod cli;
pub mod cmd;
pub mod compute;
pub mod diagnostics;
pub mod domain;
pub(crate) mod import;
pub(crate) mod load;
pub mod log;
pub mod output;
pub(crate) mod progress;
pub(crate) mod records;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
