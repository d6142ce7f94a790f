//! `gongkai keygen`: a new signing key for the site's transparency log.

use super::{Outcome, Usage};
use crate::cli::KeygenArgs;
use crate::log::{checkpoint, keyfile};
use anyhow::Context;

pub(crate) fn run(args: &KeygenArgs) -> anyhow::Result<Outcome> {
    let origin = args.origin.trim();
    if !checkpoint::is_origin_valid(origin) {
        return Err(Usage(format!(
            "日志名称“{origin}”不能为空，也不能含空格或加号；通常用网站地址去掉 https://，例如 --origin gongkai.example.cn/liyuan"
        ))
        .into());
    }
    if let Some(site) = keyfile::site_around(&args.file) {
        return Err(Usage(format!(
            "{} 在站点文件夹 {} 里：私钥会随站点被复制、提交或公开，请放在站点文件夹以外",
            args.file.display(),
            site.display()
        ))
        .into());
    }
    if let Some(out) = keyfile::output_around(&args.file) {
        return Err(Usage(format!(
            "{} 在生成的网站文件夹 {} 里：私钥会随网站一起上传公开，请放在站点文件夹和输出文件夹以外",
            args.file.display(),
            out.display()
        ))
        .into());
    }
    if args.file.exists() {
        return Err(Usage(format!(
            "{} 已经存在，不会覆盖（覆盖私钥会让日志再也不能用原来的钥匙签名）；换一个文件名",
            args.file.display()
        ))
        .into());
    }
    let (private, public) = checkpoint::generate(origin);
    keyfile::write_new(&args.file, &private)
        .with_context(|| format!("无法写入私钥文件 {}", args.file.display()))?;
    println!(
        "已生成签名私钥：{}（只有本人可读写）\n\
         公钥：\n{public}\n\n\
         在 site.yaml 中加上：\n  log: {{ origin: {origin}, key: \"{public}\" }}\n\n\
         生成网站时加 --signing-key {}（或设环境变量 {}）。\n\
         私钥不要放进站点文件夹、输出文件夹或网站的代码仓库；请另行备份，丢失后不能再给日志签名。",
        args.file.display(),
        args.file.display(),
        keyfile::KEY_ENV
    );
    Ok(Outcome::Done)
}
