//! The render stage: pure functions from the computed model to bytes —
//! Markdown to HTML, Tera templates, feeds and the sitemap.

pub mod a11y;
pub mod charts;
pub mod context;
pub mod feeds;
pub mod indicators;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod search;
pub mod templates;
pub mod urls;

/// Escapes text for HTML or SVG element content: `&`, `<` and `>`.
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
