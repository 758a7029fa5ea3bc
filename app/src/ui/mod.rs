//! Pages and components, one per file.

pub mod app;
pub mod file_page;
pub mod header;
pub mod home;
pub mod language;
pub mod local_ledger;
pub mod log_page;
pub mod network;
pub mod not_found;
pub mod office_page;
pub mod open_account_page;
pub mod overview_table;
pub mod passbook_line;
pub mod passbook_page;
pub mod planned_page;
pub mod points_page;
pub mod print_page;
pub mod queue_page;
pub mod service_form;
pub mod sign_in_page;
pub mod sync_bar;
pub mod volunteer_page;
pub mod volunteer_tabs;
pub mod volunteers_page;
