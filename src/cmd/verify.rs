//! `gongkai verify`: checks a published site's transparency log and tells
//! the person checking, in Chinese, what holds and what does not.

use super::{Outcome, Usage};
use crate::cli::VerifyArgs;
use crate::log::VerifierKey;
use crate::log::verify::{source_of, verify};
use anyhow::Context;

pub(crate) fn run(args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let key = VerifierKey::parse(&args.key).map_err(|e| Usage(e.to_string()))?;
    let saved = match &args.checkpoint {
        Some(path) => Some(
            // A checkpoint is a few lines: a megabyte is far more.
            crate::load::read_file_at_most(path, 1 << 20)
                .with_context(|| format!("无法读取保存的检查点 {}", path.display()))?,
        ),
        None => None,
    };
    let source = source_of(&args.target);
    println!("核验 {} 的透明日志（公钥 {}）", args.target, key.text());
    let result = verify(source.as_ref(), &key, saved.as_deref());
    for (ok, line) in &result.lines {
        println!("{} {line}", if *ok { "✓" } else { "✗" });
    }
    if !result.passed() {
        let failed = result.lines.iter().filter(|(ok, _)| !ok).count();
        println!("未通过：发现 {failed} 处问题。请保存这次的结果，向镇纪委或县里反映。");
        return Ok(Outcome::RecordErrors);
    }
    if let (Some(path), Some(checkpoint)) = (&args.save_checkpoint, &result.checkpoint) {
        std::fs::write(path, checkpoint)
            .with_context(|| format!("无法保存检查点到 {}", path.display()))?;
        println!(
            "已把检查点保存到 {}，下次核验时用 --checkpoint 比对",
            path.display()
        );
    }
    println!("通过：日志完整，签名有效。");
    Ok(Outcome::Done)
}
