//! Reading JSON text. Everything the browser reads goes through `from_slice`, the reader the
//! server functions' codec also uses: `serde_json::from_str` would compile a second copy of every
//! type's JSON reader into the WebAssembly (measured: about 60 KB before compression).

use serde::de::DeserializeOwned;

/// Parses `text` as JSON into `T`.
pub fn from_json<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_slice(text.as_bytes())
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
}
