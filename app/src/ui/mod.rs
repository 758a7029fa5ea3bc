//! Pages and components, one per file.

pub mod app;
pub mod header;
pub mod home;
pub mod language;
pub mod network;
pub mod not_found;
pub mod overview_table;
pub mod planned_page;
