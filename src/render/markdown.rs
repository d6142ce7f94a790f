//! placeholder
pub struct Rendered {
    pub html: String,
    pub plain_text: String,
}
pub fn render(md: &str) -> Rendered {
    Rendered {
        html: md.to_string(),
        plain_text: md.to_string(),
    }
}
