//! Reading JSON text. Everything the browser reads goes through `from_slice`, the reader the
//! server functions' codec also uses: `serde_json::from_str` would compile a second copy of every
//! type's JSON reader into the WebAssembly (measured: about 60 KB before compression).

use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Parses `text` as JSON into `T`.
pub fn from_json<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_slice(text.as_bytes())
}

/// The JSON text of a `T`, kept as it came and read only where it is shown.
///
/// The phone keeps the server's copies of the person's file and of the community's wall for
/// offline use. The sync runner in the first chunk only fetches and stores them; reading them is
/// left to the lazy pages that show them, so their readers (the file's, the wall's and every
/// wish card's) are not in every phone's first download.
pub struct JsonText<T> {
    text: Arc<str>,
    of: PhantomData<fn() -> T>,
}

impl<T> JsonText<T> {
    /// Text that is meant to hold a `T` (read from storage or the network): checked by [`read`].
    ///
    /// [`read`]: JsonText::read
    pub fn kept(text: impl Into<Arc<str>>) -> Self {
        JsonText {
            text: text.into(),
            of: PhantomData,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<T: Serialize> JsonText<T> {
    /// The text of `value`.
    pub fn of(value: &T) -> serde_json::Result<Self> {
        serde_json::to_string(value).map(Self::kept)
    }
}

impl<T: DeserializeOwned> JsonText<T> {
    /// The value, or `None` when the text does not read as a `T` (a copy from an older release,
    /// say: the next sync replaces it).
    pub fn read(&self) -> Option<T> {
        from_json(&self.text).ok()
    }
}

impl<T> Clone for JsonText<T> {
    fn clone(&self) -> Self {
        JsonText::kept(self.text.clone())
    }
}

impl<T> PartialEq for JsonText<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> std::fmt::Debug for JsonText<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JsonText({} bytes)", self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_from_str_reads_and_refuses_what_it_refuses() {
        let line: Vec<String> = from_json(r#"["李秀英","✓"]"#).expect("valid");
        assert_eq!(line, ["李秀英", "✓"]);
        assert!(from_json::<Vec<String>>(r#"["unterminated"#).is_err());
        assert!(from_json::<u32>("-1").is_err());
    }

    #[test]
    fn kept_text_reads_back_as_its_value_and_other_text_as_nothing() {
        let names = vec!["李秀英".to_string(), "王阿姨".to_string()];
        let text = JsonText::of(&names).expect("write");
        assert_eq!(text.as_str(), r#"["李秀英","王阿姨"]"#);
        assert_eq!(text.read(), Some(names));
        assert_eq!(JsonText::<Vec<String>>::kept("{\"cards\":[]}").read(), None);
        assert_eq!(JsonText::<Vec<String>>::kept("[\"cut off").read(), None);
    }
}
