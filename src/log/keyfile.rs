//! The private key's file: written once, readable by its owner alone, and
//! never inside the site folder or the output folder, where it would be
//! copied, committed or published with them.

use super::checkpoint::SigningKey;
use crate::output::guard::resolve;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The environment variable that may hold the private key, or its file's
/// path, instead of `--signing-key`.
pub const KEY_ENV: &str = "GONGKAI_SIGNING_KEY";

/// Writes the private key text to a new file that only its owner may read
/// and write (mode 0600); an existing file is never overwritten.
pub(crate) fn write_new(path: &Path, key: &str) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(format!("{key}\n").as_bytes())?;
    file.sync_all()
}

/// Reads a private key file.
pub(crate) fn read(path: &Path) -> Result<SigningKey, String> {
    // A key file is one line of under a hundred bytes.
    let bytes = crate::load::read_file_at_most(path, 4096)
        .map_err(|e| format!("无法读取签名私钥文件 {}：{e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}：不是签名私钥文件（不是文本）", path.display()))?;
    SigningKey::parse(&text).map_err(|e| format!("{}：{e}", path.display()))
}

/// The site folder `path` would lie in: the nearest folder above it that
/// holds a `site.yaml`.
pub(crate) fn site_around(path: &Path) -> Option<PathBuf> {
    folder_around(path, |dir| dir.join("site.yaml").is_file())
}

/// The output folder `path` would lie in: the nearest folder above it that
/// holds a build's manifest. A key there would be deployed with the site.
pub(crate) fn output_around(path: &Path) -> Option<PathBuf> {
    folder_around(path, |dir| {
        std::fs::symlink_metadata(dir.join(crate::output::MANIFEST_NAME)).is_ok()
    })
}

/// The nearest folder above `path` (resolved) that `is_one` says is one.
fn folder_around(path: &Path, is_one: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    resolve(path)
        .ancestors()
        .skip(1)
        .find(|dir| is_one(dir))
        .map(Path::to_path_buf)
}

/// Refuses a key file inside the site folder or the output folder.
pub(crate) fn refuse_inside(key: &Path, site_dir: &Path, out_dir: &Path) -> Result<(), String> {
    let key_full = resolve(key);
    for (dir, what) in [(site_dir, "站点文件夹"), (out_dir, "输出文件夹")] {
        if key_full.starts_with(resolve(dir)) {
            return Err(format!(
                "签名私钥 {} 在{what} {} 里：私钥会随{what}被复制、提交或公开",
                key.display(),
                dir.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_key_file_is_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.key");
        write_new(&path, "PRIVATE+KEY+x").unwrap();
        assert!(write_new(&path, "other").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "PRIVATE+KEY+x\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_key_inside_the_site_or_the_output_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("content");
        let out = dir.path().join("public");
        fs::create_dir_all(&site).unwrap();
        fs::write(site.join("site.yaml"), "").unwrap();
        assert!(refuse_inside(&site.join("log.key"), &site, &out).is_err());
        assert!(refuse_inside(&out.join("k/log.key"), &site, &out).is_err());
        assert!(refuse_inside(&dir.path().join("log.key"), &site, &out).is_ok());
        assert_eq!(site_around(&site.join("a/log.key")), Some(resolve(&site)));
        assert_eq!(site_around(&dir.path().join("log.key")), None);
    }
}
