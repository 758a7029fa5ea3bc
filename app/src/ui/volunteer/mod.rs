//! The volunteer's phone: passbook, log form, points, file.

pub mod activities_page;
pub mod apply_page;
pub mod file_page;
pub mod local_ledger;
pub mod log_page;
pub mod my_certificates;
pub mod passbook_line;
pub mod passbook_page;
pub mod points_page;
pub mod return_account;
pub mod service_form;
pub mod service_menu;
pub mod signature_pad;
pub mod volunteer_page;
pub mod volunteer_tabs;
