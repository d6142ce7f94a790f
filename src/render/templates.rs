//! The theme: Tera templates and static assets.
//!
//! The default theme is compiled into the binary, so `gongkai build` works
//! from any folder without the repository beside it. A site overrides any
//! file of it by placing a file of the same name under
//! `<site>/themes/<theme>/templates/` or `.../static/`; a theme other than
//! `default` must exist there. Templates are parsed once per build.

use crate::diagnostics::Diagnostics;
use crate::records::config::Privacy;
use crate::records::personal;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where the theme's static files go in the output.
pub(crate) const ASSETS: &str = "assets/";

pub struct Theme {
    pub(crate) tera: Tera,
    /// Output path (under [`ASSETS`]) → bytes.
    pub(crate) assets: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, to report a fault at its line.
    pub(crate) sources: TemplateSources,
}

/// A template's text and where it came from.
pub(crate) struct TemplateSource {
    /// The site-relative path of an override, or the built-in theme's
    /// `(默认主题) templates/…`.
    pub(crate) origin: String,
    pub(crate) text: String,
    /// The site's own file, which the site's people can fix.
    pub(crate) from_site: bool,
}

/// Template name (`disclosure.html`) → its source.
pub(crate) type TemplateSources = BTreeMap<String, TemplateSource>;

/// Loads the default theme with the site's overrides; errors (an unknown
/// theme, a template that does not parse) go to `diags`.
pub fn load(site_dir: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
    let mut templates = TemplateSources::new();
    let mut assets = BTreeMap::new();
    collect_embedded(&DEFAULT_THEME, &mut templates, &mut assets);
    let theme_dir = site_dir.join("themes").join(name);
    if let Some(link) = linked_theme_folder(site_dir, name) {
        diags.error_help(
            &link,
            None,
            format!("{link} 是一个符号链接：主题只从站点文件夹里真实的文件夹读取"),
            "把主题文件复制进站点文件夹的 themes/ 下，代替这个链接",
        );
        return None;
    }
    if theme_dir.is_dir() {
        // A theme file that does not read is an error, not a file left
        // out: the default's would take its place in silence.
        let mut found = Diagnostics::new();
        collect_overrides(
            site_dir,
            &theme_dir,
            &mut templates,
            &mut assets,
            &mut found,
        );
        let unreadable = found.has_errors();
        diags.extend(found);
        if unreadable {
            return None;
        }
    } else if name != "default" {
        diags.error_help(
            "site.yaml",
            None,
            format!("找不到主题“{name}”：没有 themes/{name}/ 文件夹"),
            "删去 theme 一行使用默认主题，或把主题放在站点文件夹的 themes/ 下",
        );
        return None;
    }
    let mut tera = Tera::new();
    register_filters(&mut tera);
    let texts: Vec<(&str, &str)> = templates
        .iter()
        .map(|(name, source)| (name.as_str(), source.text.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(texts) {
        diags.push(super::faults::load_failure(&e, &templates));
        return None;
    }
    Some(Theme {
        tera,
        assets,
        sources: templates,
    })
}

/// Filters every theme may use besides Tera's own.
///
/// `end_with(mark="。")` joins a field to the punctuation the template puts
/// after it without doubling it (“同意公开。” + 。 prints once); see
/// [`crate::domain::text::end_with`]. Any template that writes a mark right
/// after a field's text should use it.
fn register_filters(tera: &mut Tera) {
    tera.register_filter(
        "end_with",
        |text: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let mark = kwargs.must_get::<&str>("mark")?;
            Ok(crate::domain::text::end_with(text, mark))
        },
    );
}

/// The first of the theme's folders that is a symbolic link, if any: one
/// would read templates and files from outside the site folder, where no
/// check of the site's reaches.
fn linked_theme_folder(site_dir: &Path, name: &str) -> Option<String> {
    let theme = format!("themes/{name}");
    [
        "themes".to_string(),
        theme.clone(),
        format!("{theme}/templates"),
        format!("{theme}/static"),
    ]
    .into_iter()
    .find(|rel| crate::load::is_link(&site_dir.join(rel)))
}

fn collect_embedded(
    dir: &Dir,
    templates: &mut TemplateSources,
    assets: &mut BTreeMap<String, Vec<u8>>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            let source = TemplateSource {
                origin: format!("(默认主题) {path}"),
                text,
                from_site: false,
            };
            templates.insert(name.to_string(), source);
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.insert(format!("{ASSETS}{name}"), file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

fn collect_overrides(
    site_dir: &Path,
    theme_dir: &Path,
    templates: &mut TemplateSources,
    assets: &mut BTreeMap<String, Vec<u8>>,
    diags: &mut Diagnostics,
) {
    let Some(rel_theme) = theme_dir.strip_prefix(site_dir).ok() else {
        return;
    };
    let rel_theme = rel_theme.to_string_lossy().replace('\\', "/");
    for (rel, abs) in crate::load::walk(site_dir, &format!("{rel_theme}/templates")) {
        let Some(name) = rel.strip_prefix(&format!("{rel_theme}/templates/")) else {
            continue;
        };
        if let Some(file) = crate::load::read_text(&rel, &abs, diags) {
            // A theme is published with every page: personal numbers in it
            // are refused whatever `privacy:` says (masking is for records).
            let file = personal::apply(file, Privacy::Error, diags);
            let source = TemplateSource {
                origin: rel.clone(),
                text: file.text,
                from_site: true,
            };
            templates.insert(name.to_string(), source);
        }
    }
    for (rel, abs) in crate::load::walk(site_dir, &format!("{rel_theme}/static")) {
        let Some(name) = rel.strip_prefix(&format!("{rel_theme}/static/")) else {
            continue;
        };
        match std::fs::read(&abs) {
            Ok(bytes) if crate::load::refuse_private_key(&rel, &bytes, diags) => {}
            Ok(bytes) if personal::is_text_file(&rel, &bytes) => {
                if let Some(file) = crate::load::text_from_bytes(&rel, &bytes, diags) {
                    personal::apply(file, Privacy::Error, diags);
                }
                assets.insert(format!("{ASSETS}{name}"), bytes);
            }
            Ok(bytes) => {
                assets.insert(format!("{ASSETS}{name}"), bytes);
            }
            Err(e) => diags.error(&rel, None, format!("无法读取文件：{e}")),
        }
    }
}
