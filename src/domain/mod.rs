//! Small value types of the township's world, each with its own rules and
//! tests: periods, exact money, dates, personal data.

pub(crate) mod as_shown;
pub(crate) mod dates;
pub(crate) mod money;
pub(crate) mod number;
pub mod period;
pub mod privacy;
pub(crate) mod text;

/// A value the clerk wrote that does not read as what it should be. The
/// message says, in Chinese, what was written and how to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

impl From<Invalid> for String {
    fn from(e: Invalid) -> String {
        e.0
    }
}

impl From<String> for Invalid {
    fn from(message: String) -> Invalid {
        Invalid(message)
    }
}
