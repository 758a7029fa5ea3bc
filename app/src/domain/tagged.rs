//! Reading the bank's tagged enums (`{"state": "verified", "by": …, "at": …}`) without serde's
//! derived reader for internally tagged enums.
//!
//! That reader first copies the whole object into serde's private `Content` tree, then reads the
//! variant again from the copy, and it is compiled once per enum and format: the six enums read
//! by the phone (the ledger's kind and state, a redemption's state, a witness, a beneficiary and a
//! sync receipt) cost about 90 KB of WebAssembly before compression that way. Each of them is
//! instead read into a flat struct of optional fields (an ordinary struct reader, with the tag a
//! plain string) and checked here: the JSON on the wire and in every store is the same, and is
//! still written by the derived `Serialize`.

use std::fmt;

/// Why a tagged object could not be read: a field its variant needs is missing, or a field's
/// text is not valid for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedError(String);

impl fmt::Display for TaggedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TaggedError {
    /// The tag names no variant.
    pub fn unknown(tag: &'static str, value: &str) -> Self {
        TaggedError(format!("unknown `{tag}`: {value:?}"))
    }

    pub fn invalid(field: &'static str, why: impl fmt::Display) -> Self {
        TaggedError(format!("invalid field `{field}`: {why}"))
    }
}

/// The value of `field`, which the variant requires.
pub fn required<T>(value: Option<T>, field: &'static str) -> Result<T, TaggedError> {
    value.ok_or_else(|| TaggedError(format!("missing field `{field}`")))
}

#[cfg(test)]
mod tests;
