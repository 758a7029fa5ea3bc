//! Small values kept in the browser's `localStorage` (the signed-in person, the language, the
//! kiosk's and the queue's last copies), read back with the bundle's one JSON reader.
//!
//! gloo-storage's `get` parses with `serde_json::from_str`, which compiles a second JSON reader
//! for every type read that way (about 15 KB of WebAssembly before compression for the signed-in
//! person alone); the raw text goes through [`from_json`] instead. Writing stays gloo-storage's.

use gloo_storage::Storage;
use serde::de::DeserializeOwned;

use crate::domain::json::from_json;

/// The value kept under `key`, if there is one and it still reads as `T`.
pub fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = gloo_storage::LocalStorage::raw().get_item(key).ok()??;
    from_json(&text).ok()
}
