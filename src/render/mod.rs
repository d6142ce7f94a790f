//! The render stage: pure functions from the computed model to bytes.

pub mod markdown;
