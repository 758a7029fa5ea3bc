//! The app's frame: routes, the header, the language and network status, the sync bar, sign-in.

pub mod app;
pub mod header;
pub mod home;
pub mod language;
pub mod lazy_routes;
pub mod network;
pub mod not_found;
pub mod overview_table;
pub mod page_not_kept;
pub mod page_title;
pub mod sign_in_page;
pub mod sync_bar;
