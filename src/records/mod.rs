//! The validate stage: typed records, one module per kind, each with every
//! rule of the record contract. Readers take the span-carrying YAML tree
//! from `load` and report into the run's diagnostics.

pub mod common;
pub mod config;
pub mod disclosure;
pub mod identity;
pub mod indicator;
pub mod kind;
pub mod links;
pub mod page;
pub mod personal;
pub mod plan;
pub mod publish;
pub mod read;
pub mod report;
pub mod schedule;
pub mod shortcodes;
pub mod strays;
