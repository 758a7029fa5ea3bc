//! Server functions: the only door between the browser and the server. Each one is a few lines:
//! find out who is calling, check what their role allows, call the store.

mod error;
mod overview;
#[cfg(feature = "ssr")]
pub mod store;

pub use error::ApiError;
pub use overview::get_overview;
