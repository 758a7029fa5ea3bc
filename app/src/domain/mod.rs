//! Plain Rust: the words of the Love Bank and their rules. No Leptos, no `cfg`; the browser and the
//! server share every line of it.

pub mod category;
pub mod hours;
pub mod lang;
pub mod overview;

pub use category::{Category, SEEDED_CATEGORIES};
pub use hours::Minutes;
pub use lang::Lang;
pub use overview::{CommunitySummary, Overview};
