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
//! The library is public so the integration tests (`tests/`) can build
//! fixture sites through it; the import module, which only its command
//! uses, is crate-private.

pub mod cli;
pub mod cmd;
pub mod compute;
pub mod diagnostics;
pub mod domain;
pub(crate) mod import;
pub mod load;
pub mod log;
pub mod output;
pub mod progress;
pub mod records;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
