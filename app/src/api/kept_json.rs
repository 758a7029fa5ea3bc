//! The answer codec of the server functions whose answer the phone keeps as text
//! ([`JsonText`]): the same `application/json` body as every other answer, handed to the caller
//! unread.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

use crate::domain::json::JsonText;

pub struct KeptJsonEncoding;

/// `output = KeptJson` on a server function that answers `JsonText<T>`.
pub type KeptJson = Post<KeptJsonEncoding>;

impl ContentType for KeptJsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for KeptJsonEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T> Encodes<JsonText<T>> for KeptJsonEncoding {
    type Error = std::convert::Infallible;

    fn encode(output: &JsonText<T>) -> Result<Bytes, Self::Error> {
        Ok(Bytes::copy_from_slice(output.as_str().as_bytes()))
    }
}

impl<T> Decodes<JsonText<T>> for KeptJsonEncoding {
    type Error = std::str::Utf8Error;

    fn decode(bytes: Bytes) -> Result<JsonText<T>, Self::Error> {
        std::str::from_utf8(&bytes).map(JsonText::kept)
    }
}
