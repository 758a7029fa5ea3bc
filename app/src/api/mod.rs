//! Server functions: the only door between the browser and the server. Each one is a few lines:
//! find out who is calling, check what their role allows, call a port.

mod error;
mod overview;
#[cfg(feature = "ssr")]
pub mod ports;
mod session;

pub use error::ApiError;
pub use overview::get_overview;
pub use session::{change_password, sign_in, sign_out, who_am_i};
