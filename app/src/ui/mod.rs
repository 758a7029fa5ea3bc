//! Pages and components, one per file.

pub mod app;
pub mod header;
pub mod home;
pub mod language;
pub mod local_ledger;
pub mod network;
pub mod not_found;
pub mod overview_table;
pub mod planned_page;
pub mod service_form;
pub mod sign_in_page;
pub mod sync_bar;
pub mod volunteer_page;
