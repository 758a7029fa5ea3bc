//! Plain Rust: the words of the Love Bank and their rules. No Leptos, no `cfg`; the browser and the
//! server share every line of it.

pub mod account;
pub mod activity;
pub mod administration;
pub mod agreement;
pub mod aid;
pub mod application;
pub mod audit;
pub mod catalogue;
pub mod category;
pub mod certificate;
pub mod clock;
pub mod command;
pub mod controls;
pub mod dates;
pub mod decision;
pub mod error;
pub mod export;
pub mod hours;
pub mod household;
pub mod household_closure;
pub mod household_table;
pub mod ids;
pub mod json;
pub mod lang;
pub mod ledger;
pub mod line_export;
pub mod memory_ledger;
pub mod overview;
pub mod person;
pub mod points;
pub mod queue;
pub mod record;
pub mod statistics;
pub mod sync;
pub mod sync_health;
pub mod text;
pub mod volunteer_table;
pub mod wall;
pub mod wish;
pub mod wish_post;

pub use category::{Category, SEEDED_CATEGORIES};
pub use error::{Field, ValidationError, ValidationErrors};
pub use hours::Minutes;
pub use lang::Lang;
pub use overview::{CommunitySummary, Overview};
