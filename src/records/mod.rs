//! The validate stage: typed records, one module per kind, each with every
//! rule of the record contract. Readers take the span-carrying YAML tree
//! from `load` and report into the run's diagnostics.

pub(crate) mod common;
pub(crate) mod config;
pub(crate) mod disclosure;
pub(crate) mod identity;
pub(crate) mod indicator;
pub(crate) mod kind;
pub(crate) mod links;
pub(crate) mod page;
pub(crate) mod personal;
pub(crate) mod plan;
pub(crate) mod publish;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod schedule;
pub(crate) mod shortcodes;
pub(crate) mod strays;
