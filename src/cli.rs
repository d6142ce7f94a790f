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
        after_help = "示例：\n  gongkai check\n  gongkai check --site content --today 2013-07-05\n  gongkai check --external"
    )]
    Check(CheckArgs),
    /// 本机预览：生成网站并在浏览器中打开，改动记录后页面自动刷新
    #[command(
        after_help = "示例：\n  gongkai serve\n  gongkai serve --site content --port 8080 --today 2013-07-05\n\n\
                      启动后用浏览器打开 http://127.0.0.1:1111/ ，保存记录文件后页面自动刷新；\n\
                      记录有错误时页面上显示错误（文件、行号、说明），改正后恢复。按 Ctrl+C 停止。\n\
                      预览只在内存中生成，不写入站点文件夹和 public/。"
    )]
    Serve(ServeArgs),
    /// 新建一条记录：写好每个字段的示例和说明，照着改即可
    #[command(
        after_help = "示例：\n  gongkai new finance content/disclosures/2024/西关村一季度财务.md\n  \
                      gongkai new decision content/disclosures/2024/西关村村道硬化.md\n  \
                      gongkai new plan content/plans/2024.yaml\n  \
                      gongkai new indicator content/indicators/pear-grafting.yaml\n\n\
                      种类：finance 财务公开，decision 村务决策（四议两公开），party 党务公开（发展党员公示），\n\
                      plan 重点实事，report 工作报告，indicator 指标数据，page 普通页面。\n\
                      单位 id 取自所在站点的 site.yaml。不会覆盖已有的文件。"
    )]
    New(NewArgs),
    /// 新建一个站点文件夹：site.yaml 和每种记录各一个示例
    #[command(after_help = "示例：\n  gongkai init 梨园镇公开网\n  \
                      gongkai init site --name 梨园镇 --units 西关村,东庄村,南坡村\n  \
                      gongkai init site --name 梨园镇 --id liyuan --units 西关村:xiguan,东庄村:dongzhuang\n\n\
                      只写名称时，id 取名称去掉“村”“社区”“支部”“居委会”后的拼音（东庄村 → dongzhuang），重名的加数字（dongzhuang2）。\n\
                      在终端中运行且没有给 --name 时，会逐项询问镇名和各村名称。")]
    Init(InitArgs),
    /// 从 Excel 表格（.xlsx）或 CSV 文件导入财务明细账或指标数据
    #[command(
        after_help = "示例：\n  gongkai import 西关村二季度明细账.xlsx content/disclosures/2024/西关村二季度财务.md --unit 西关村 --opening-balance 125430.50\n  \
                      gongkai import 梨树嫁接面积.xlsx content/indicators/pear-grafting.yaml --measure-unit 亩\n\n\
                      表头（第一行）决定导入什么：\n  \
                      财务明细账：日期、凭证号、摘要、科目、收入、支出（列的先后不限）→ 一条财务公开记录\n  \
                      指标数据：期间、单位、数值（可加“分组”列）→ 一个指标文件\n\
                      有任何错误时不写文件，错误会写明工作表、行号和列。"
    )]
    Import(ImportArgs),
    /// 生成透明日志的签名私钥，并打印要抄进 site.yaml 的公钥
    #[command(
        after_help = "示例：\n  gongkai keygen ~/gongkai-私钥/liyuan.key --origin gongkai.example.cn/liyuan\n\n\
                      私钥文件只有本人可读写，已存在的文件不会被覆盖。私钥不要放在站点文件夹、输出文件夹\n\
                      或网站的代码仓库里，请另行备份：丢失后不能再给日志签名。打印的公钥抄进 site.yaml：\n  \
                      log: { origin: gongkai.example.cn/liyuan, key: \"<公钥>\" }"
    )]
    Keygen(KeygenArgs),
    /// 核验网站公开的透明日志：签名、哈希、每个版本，以及与上次保存的检查点是否一致
    #[command(
        after_help = "示例：\n  gongkai verify https://gongkai.example.cn/ --key \"gongkai.example.cn/liyuan+1a2b3c4d+AUc…\" \\\n      \
                      --checkpoint 上次的检查点.txt --save-checkpoint 上次的检查点.txt\n  \
                      gongkai verify public --key \"…\"\n\n\
                      公钥向镇里要（site.yaml 中 log.key 的值）。每次核验通过后保存检查点，下次用 --checkpoint\n\
                      拿来比对：日志只能往后追加，改写或删去已公开的历史都会被发现。\n\
                      全部通过时退出码为 0，发现问题时为 1。"
    )]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// 网站地址（https://…）或生成的网站文件夹
    #[arg(value_name = "OUT_DIR|URL")]
    pub(crate) target: String,
    /// 日志公钥（site.yaml 中 log.key 的值）
    #[arg(long, value_name = "公钥")]
    pub(crate) key: String,
    /// 上次保存的检查点文件：核验日志只在它之后追加、没有改写
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// 核验全部通过后，把现在的检查点保存到这个文件，供下次比对
    #[arg(long, value_name = "FILE")]
    pub(crate) save_checkpoint: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// 私钥文件（新文件）
    pub(crate) file: PathBuf,
    /// 日志名称，通常是网站地址去掉 https://，例如 gongkai.example.cn/liyuan
    #[arg(long)]
    pub(crate) origin: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// 端口
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// 监听的地址（默认只允许本机访问）
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub(crate) bind: std::net::IpAddr,
}

/// The record kinds `new` can scaffold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// 财务公开
    Finance,
    /// 村务决策（四议两公开）
    Decision,
    /// 党务公开（发展党员公示）
    Party,
    /// 重点实事
    Plan,
    /// 工作报告
    Report,
    /// 指标数据
    Indicator,
    /// 普通页面
    Page,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// 记录种类
    #[arg(value_enum)]
    pub(crate) kind: Kind,
    /// 新文件的路径，例如 content/disclosures/2024/西关村一季度财务.md
    pub(crate) path: PathBuf,
    /// 站点文件夹（默认：从新文件所在文件夹向上找 site.yaml）
    #[arg(long, value_name = "DIR")]
    pub(crate) site: Option<PathBuf>,
    /// 以哪一天为“今天”填写示例日期（YYYY-MM-DD，默认为系统日期）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub(crate) today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 新站点文件夹（不存在或为空）
    pub(crate) dir: PathBuf,
    /// 乡镇名称，例如 梨园镇
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// 乡镇的 id（小写字母、数字、连字符），例如 liyuan；不写则取镇名的拼音
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// 所属村、社区、支部，用逗号分隔：只写名称（id 按拼音自动取），或写 名称:id，例如 西关村,东庄村:dongzhuang
    #[arg(long, value_name = "名称[:id],...")]
    pub(crate) units: Option<String>,
    /// 网站的正式地址
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// 以哪一天为“今天”填写示例日期（YYYY-MM-DD，默认为系统日期）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub(crate) today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 要导入的 Excel 工作簿（.xlsx）或 CSV 文件
    pub(crate) file: PathBuf,
    /// 写出的记录文件：财务公开 .md（放在 disclosures/ 下）或指标 .yaml（放在 indicators/ 下）
    pub(crate) out: PathBuf,
    /// 工作表名称（默认：第一个表头认得出的工作表）
    #[arg(long)]
    pub(crate) sheet: Option<String>,
    /// 站点文件夹（默认：从写出的文件所在文件夹向上找 site.yaml）
    #[arg(long, value_name = "DIR")]
    pub(crate) site: Option<PathBuf>,
    /// 财务公开的单位：名称或 id，例如 西关村
    #[arg(long)]
    pub(crate) unit: Option<String>,
    /// 财务公开的期间，例如 2024-Q1（默认：按记账日期推算）
    #[arg(long)]
    pub(crate) period: Option<String>,
    /// 期初余额（默认 0，请按上期期末余额填写）
    #[arg(long, value_name = "金额")]
    pub(crate) opening_balance: Option<String>,
    /// 标题（默认：财务公开按单位和期间拟定，指标用工作表名）
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// 指标的计量单位，例如 亩（也可写在表头：数值（亩））
    #[arg(long)]
    pub(crate) measure_unit: Option<String>,
    /// 以哪一天为发布日期（YYYY-MM-DD，默认为系统日期）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub(crate) today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// 站点文件夹（含 site.yaml）。不写时：当前文件夹有 site.yaml 就用当前文件夹，否则用 content
    #[arg(long, value_name = "DIR")]
    pub(crate) site: Option<PathBuf>,
    /// 以哪一天为“今天”判断公示状态（YYYY-MM-DD，默认为系统日期）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub(crate) today: Option<Date>,
    /// 也包括草稿（draft: true）
    #[arg(long)]
    pub(crate) drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// 输出文件夹。不写时：public；在站点文件夹里运行时为站点文件夹旁边的 public
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// 覆盖 site.yaml 中的 base_url
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// 不显示进度和摘要
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// 输出文件夹不是空的、也不是 gongkai 生成的时仍然生成（只写入、删除 gongkai 自己生成的文件）
    #[arg(long)]
    pub(crate) force: bool,
    /// 透明日志的签名私钥文件（site.yaml 有 log: 时必需；也可设环境变量 GONGKAI_SIGNING_KEY）
    #[arg(long, value_name = "FILE")]
    pub(crate) signing_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// 列出正文中指向外网的链接（文件:行 网址），供人工逐个打开核对；gongkai 不访问外网
    #[arg(long)]
    pub(crate) external: bool,
}

fn parse_today(text: &str) -> Result<Date, crate::domain::Invalid> {
    crate::domain::dates::parse_date(text)
}
