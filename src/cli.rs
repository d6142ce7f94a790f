//! The command line (clap derive), as the record contract fixes it.

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gongkai",
    version,
    about = "把乡镇、村的党务、村务、财务公开记录生成公开网站",
    long_about = "gongkai（公开）把一个文件夹里的 YAML 和 Markdown 记录生成完整的静态公开网站：\n\
                  党务、村务、财务公开页面，各村页面，订阅源和站点地图。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查全部记录并生成网站（有任何错误时不写入任何文件）
    #[command(
        after_help = "示例：\n  gongkai build\n  gongkai build --site content --out public --today 2013-07-05"
    )]
    Build(BuildArgs),
    /// 只检查记录，不生成网站
    #[command(
        after_help = "示例：\n  gongkai check\n  gongkai check --site content --today 2013-07-05"
    )]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// 站点文件夹（含 site.yaml）
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub site: PathBuf,
    /// 以哪一天为“今天”判断公示状态（YYYY-MM-DD，默认为系统日期）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,
    /// 也包括草稿（draft: true）
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// 输出文件夹
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// 覆盖 site.yaml 中的 base_url
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// 不显示进度和摘要
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

fn parse_today(text: &str) -> Result<Date, String> {
    crate::domain::dates::parse_date(text)
}
