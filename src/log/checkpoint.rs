//! Keys and checkpoints: the log's signed statement of its size and root
//! hash (C2SP tlog-checkpoint), signed as a C2SP signed-note with Ed25519.
//!
//! ```text
//! gongkai.example.cn/shili
//! 1024
//! <root hash, base64>
//!
//! — gongkai.example.cn/shili <key id and signature, base64>
//! ```
//!
//! The private key is the signed-note signer key text
//! (`PRIVATE+KEY+<origin>+<key id>+<base64>`), the public one the verifier
//! key (`<origin>+<key id>+<base64>`) the clerk copies into site.yaml and
//! the 村务监督委员会 gives to `gongkai verify`. Ed25519 signatures are
//! deterministic, so the same tree and key always give the same bytes.

use signed_note::{
    Note, Signer, StandardSigner, StandardVerifier, Verifier, VerifierList, is_key_name_valid,
};
use std::fmt;
use tlog_tiles::{Checkpoint, Hash};

/// A log's private signing key.
#[derive(Clone)]
pub struct SigningKey(StandardSigner);

/// Shows which log the key signs for, never the key.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.origin())
    }
}

/// A log's public key: checks the checkpoint's signature.
#[derive(Clone)]
pub struct VerifierKey {
    verifier: StandardVerifier,
    text: String,
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({})", self.text)
    }
}

impl PartialEq for VerifierKey {
    fn eq(&self, other: &VerifierKey) -> bool {
        self.text == other.text
    }
}

/// A checkpoint whose signature checked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub(crate) origin: String,
    pub(crate) size: u64,
    pub(crate) hash: Hash,
    /// The whole signed note, as read.
    pub(crate) bytes: Vec<u8>,
}

/// Why a key or a checkpoint was refused, in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Whether `origin` can name a log: the key name rules of signed-note (no
/// spaces, no `+`) and a single line.
pub(crate) fn is_origin_valid(origin: &str) -> bool {
    is_key_name_valid(origin) && !origin.contains('\n')
}

/// A new key pair for the log `origin`: the private key text and the
/// verifier key text.
pub fn generate(origin: &str) -> (String, String) {
    signed_note::generate_key(&mut rand_core::OsRng, origin)
}

impl SigningKey {
    /// Reads a private key text (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<SigningKey, Refused> {
        StandardSigner::new(text.trim())
            .map(SigningKey)
            .map_err(|_| {
                Refused(
                    "不是 gongkai keygen 生成的签名私钥（应以 PRIVATE+KEY+ 开头，共一行）"
                        .to_string(),
                )
            })
    }

    /// The log this key signs for.
    pub(crate) fn origin(&self) -> &str {
        self.0.name()
    }

    /// Whether `verifier` is this key's public half.
    pub fn matches(&self, verifier: &VerifierKey) -> bool {
        const PROBE: &[u8] = b"gongkai key check\n";
        self.0.name() == verifier.verifier.name()
            && self.0.key_id() == verifier.verifier.key_id()
            && self
                .0
                .sign(PROBE)
                .is_ok_and(|sig| verifier.verifier.verify(PROBE, &sig))
    }

    /// The signed checkpoint of a tree of `size` entries with root `hash`.
    pub(crate) fn sign(&self, size: u64, hash: Hash) -> Vec<u8> {
        let checkpoint = Checkpoint::new(self.origin(), size, hash, "")
            .expect("a valid key name is a valid origin");
        let mut note = Note::new(&checkpoint.to_bytes(), &[]).expect("a checkpoint is a note");
        note.add_sigs(&[&self.0])
            .expect("Ed25519 signing does not fail");
        note.to_bytes()
    }
}

impl VerifierKey {
    /// Reads a verifier key text (`<origin>+<key id>+<base64>`).
    pub fn parse(text: &str) -> Result<VerifierKey, Refused> {
        let text = text.trim();
        StandardVerifier::new(text)
            .map(|verifier| VerifierKey {
                verifier,
                text: text.to_string(),
            })
            .map_err(|e| {
                Refused(format!(
                    "“{text}”不是日志公钥（{e}）：应为 gongkai keygen 打印的一行，形如 名称+8位十六进制+base64"
                ))
            })
    }

    /// The log this key checks.
    pub(crate) fn origin(&self) -> &str {
        self.verifier.name()
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Reads a checkpoint and checks its signature and origin.
    pub(crate) fn open(&self, bytes: &[u8]) -> Result<Signed, Refused> {
        let note = Note::from_bytes(bytes)
            .map_err(|_| Refused("检查点不是签名的文本（C2SP signed-note 格式不对）".into()))?;
        let known = VerifierList::new(vec![Box::new(self.verifier.clone()) as Box<dyn Verifier>]);
        note.verify(&known).map_err(|e| {
            Refused(match e {
                signed_note::NoteError::UnverifiedNote => {
                    format!("检查点没有公钥 {} 的签名", self.text)
                }
                _ => format!("检查点的签名不对：内容被改动过，或不是用这把私钥签的（{e}）"),
            })
        })?;
        let checkpoint = Checkpoint::from_bytes(note.text())
            .map_err(|_| Refused("检查点的内容不是 C2SP 检查点（名称、条数、哈希三行）".into()))?;
        if checkpoint.origin() != self.origin() {
            return Err(Refused(format!(
                "检查点属于日志“{}”，不是“{}”",
                checkpoint.origin(),
                self.origin()
            )));
        }
        Ok(Signed {
            origin: checkpoint.origin().to_string(),
            size: checkpoint.size(),
            hash: *checkpoint.hash(),
            bytes: bytes.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tlog_tiles::record_hash;

    const ORIGIN: &str = "gongkai.example.cn/shili";

    fn keys() -> (SigningKey, VerifierKey) {
        let (skey, vkey) = generate(ORIGIN);
        (
            SigningKey::parse(&skey).unwrap(),
            VerifierKey::parse(&vkey).unwrap(),
        )
    }

    #[test]
    fn a_signed_checkpoint_opens_with_its_key() {
        let (signer, verifier) = keys();
        assert!(signer.matches(&verifier));
        let bytes = signer.sign(3, record_hash(b"x"));
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with(&format!("{ORIGIN}\n3\n")));
        assert!(text.contains(&format!("\n\n— {ORIGIN} ")));
        let signed = verifier.open(&bytes).unwrap();
        assert_eq!((signed.size, signed.hash), (3, record_hash(b"x")));
        // Ed25519 is deterministic: the same tree signs to the same bytes.
        assert_eq!(signer.sign(3, record_hash(b"x")), bytes);
    }

    #[test]
    fn another_key_or_an_edit_is_refused() {
        let (signer, verifier) = keys();
        let (_, other) = keys();
        assert!(!signer.matches(&other));
        let bytes = signer.sign(3, record_hash(b"x"));
        assert!(other.open(&bytes).is_err());
        let edited = String::from_utf8(bytes)
            .unwrap()
            .replacen("\n3\n", "\n4\n", 1);
        assert!(verifier.open(edited.as_bytes()).is_err());
    }

    #[test]
    fn bad_key_texts_are_refused() {
        assert!(SigningKey::parse("not a key").is_err());
        assert!(VerifierKey::parse("name+00000000+AAAA").is_err());
        assert!(!is_origin_valid("a b"));
        assert!(!is_origin_valid("a+b"));
        assert!(is_origin_valid(ORIGIN));
    }
}
