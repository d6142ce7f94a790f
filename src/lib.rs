//! gongkai (公开): turns a folder of township records into a public
//! disclosure website.
//!
//! One pipeline, stage by stage: [`load`] → [`records`] (validate) →
//! [`compute`] → [`render`] → [`output`] (write). [`site::build`] runs them.

pub mod cli;
pub mod cmd;
pub mod compute;
pub mod diagnostics;
pub mod domain;
pub mod import;
pub mod load;
pub mod log;
pub mod output;
pub mod progress;
pub mod records;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
