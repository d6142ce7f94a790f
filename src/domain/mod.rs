//! Small value types of the township's world, each with its own rules and
//! tests: periods, exact money, dates, personal data.

pub mod dates;
pub mod money;
pub mod number;
pub mod period;
pub mod privacy;
