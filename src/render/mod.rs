//! The render stage: pure functions from the computed model to bytes —
//! Markdown to HTML, Tera templates, feeds and the sitemap.

pub mod context;
pub mod markdown;
pub mod pages;
pub mod templates;
pub mod urls;
